package io.settlement.app;

import java.util.ArrayList;
import java.util.List;

/**
 * The words of a scenario or configuration line: separated by white space, except inside double
 * quotes, so that a value may hold spaces ({@code name="Bank of Example"}); {@code \"} and {@code \\}
 * stand for a quote and a backslash inside quotes. A {@code #} outside quotes starts a comment.
 */
final class ScriptWords
{
    private ScriptWords()
    {
    }

    /** The line without its comment (a {@code #} outside quotes and what follows), trimmed. */
    static String stripComment(final String line)
    {
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++)
        {
            final char ch = line.charAt(i);
            if (quoted && ch == '\\')
            {
                i++;
            }
            else if (ch == '"')
            {
                quoted = !quoted;
            }
            else if (ch == '#' && !quoted)
            {
                return line.substring(0, i).trim();
            }
        }
        return line.trim();
    }

    /**
     * The words of {@code line}, each as written (quotes kept: {@link #value} reads them).
     *
     * @throws IllegalArgumentException when a quote is not closed.
     */
    static String[] split(final String line)
    {
        final List<String> words = new ArrayList<>();
        final StringBuilder word = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++)
        {
            final char ch = line.charAt(i);
            if (quoted && ch == '\\' && i + 1 < line.length())
            {
                word.append(ch).append(line.charAt(++i));
            }
            else if (ch == '"')
            {
                quoted = !quoted;
                word.append(ch);
            }
            else if (Character.isWhitespace(ch) && !quoted)
            {
                if (word.length() > 0)
                {
                    words.add(word.toString());
                    word.setLength(0);
                }
            }
            else
            {
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

    /** A value as written after {@code key=}: quotes removed and {@code \"}, {@code \\} read, when it is quoted. */
    static String value(final String written)
    {
        if (written.length() < 2 || written.charAt(0) != '"' || written.charAt(written.length() - 1) != '"')
        {
            if (written.indexOf('"') >= 0)
            {
                throw new IllegalArgumentException("a quoted value is the whole value: " + written);
            }
            return written;
        }
        final StringBuilder value = new StringBuilder();
        for (int i = 1; i < written.length() - 1; i++)
        {
            final char ch = written.charAt(i);
            if (ch == '\\' && i + 1 < written.length() - 1)
            {
                value.append(written.charAt(++i));
            }
            else
            {
                value.append(ch);
            }
        }
        return value.toString();
    }
}
