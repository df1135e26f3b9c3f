package io.settlement.app;

import java.util.ArrayList;
import java.util.List;

/**
 * The words of a scenario or configuration line: separated by white space, except inside a quoted
 * value, so that a value may hold spaces ({@code name="Bank of Example"}). A {@code "} opens a quoted
 * value only as the first character right after {@code key=}; there {@code \"} and {@code \\} stand
 * for a quote and a backslash, and the next {@code "} closes it. Anywhere else a {@code "} is a
 * character like any other, as in the lines written before values could be quoted ({@code code=A"B}).
 * A {@code #} outside a quoted value starts a comment.
 */
final class ScriptWords
{
    private ScriptWords()
    {
    }

    /** The line without its comment (a {@code #} outside a quoted value and what follows), trimmed. */
    static String stripComment(final String line)
    {
        boolean quoted = false;
        int wordStart = 0;
        for (int i = 0; i < line.length(); i++)
        {
            final char ch = line.charAt(i);
            if (quoted)
            {
                if (ch == '\\')
                {
                    i++;
                }
                else if (ch == '"')
                {
                    quoted = false;
                }
            }
            else if (ch == '#')
            {
                return line.substring(0, i).trim();
            }
            else if (Character.isWhitespace(ch))
            {
                wordStart = i + 1;
            }
            else if (ch == '"' && opensQuote(line, wordStart, i))
            {
                quoted = true;
            }
        }
        return line.trim();
    }

    /** @return whether the characters of the word from {@code wordStart} up to {@code at} are {@code key=}. */
    private static boolean opensQuote(final CharSequence line, final int wordStart, final int at)
    {
        if (at - wordStart < 2 || line.charAt(at - 1) != '=')
        {
            return false;
        }
        for (int i = wordStart; i < at - 1; i++)
        {
            if (line.charAt(i) == '=')
            {
                return false;
            }
        }
        return true;
    }

    /**
     * The words of {@code line}, each as written (quotes kept: {@link #value} reads them).
     *
     * @throws IllegalArgumentException when a quoted value is not closed.
     */
    static String[] split(final String line)
    {
        final List<String> words = new ArrayList<>();
        final StringBuilder word = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++)
        {
            final char ch = line.charAt(i);
            if (quoted)
            {
                if (ch == '\\' && i + 1 < line.length())
                {
                    word.append(ch).append(line.charAt(++i));
                }
                else
                {
                    quoted = ch != '"';
                    word.append(ch);
                }
            }
            else if (Character.isWhitespace(ch))
            {
                if (word.length() > 0)
                {
                    words.add(word.toString());
                    word.setLength(0);
                }
            }
            else
            {
                quoted = ch == '"' && opensQuote(word, 0, word.length());
                word.append(ch);
            }
        }
        if (quoted)
        {
            throw new IllegalArgumentException("a quote is not closed: " + line);
        }
        if (word.length() > 0)
        {
            words.add(word.toString());
        }
        return words.isEmpty() ? new String[] {""} : words.toArray(new String[0]);
    }

    /**
     * A value as written after {@code key=}: when it starts with a quote, what is inside the quotes with
     * {@code \"} and {@code \\} read; else the value as it is (a quote inside it included).
     *
     * @throws IllegalArgumentException when a quoted value is not closed or is followed by more characters.
     */
    static String value(final String written)
    {
        if (written.isEmpty() || written.charAt(0) != '"')
        {
            return written;
        }
        final StringBuilder value = new StringBuilder();
        for (int i = 1; i < written.length(); i++)
        {
            final char ch = written.charAt(i);
            if (ch == '\\' && i + 1 < written.length())
            {
                value.append(written.charAt(++i));
            }
            else if (ch == '"')
            {
                if (i != written.length() - 1)
                {
                    throw new IllegalArgumentException("a quoted value is the whole value: " + written);
                }
                return value.toString();
            }
            else
            {
                value.append(ch);
            }
        }
        throw new IllegalArgumentException("a quote is not closed: " + written);
    }
}
