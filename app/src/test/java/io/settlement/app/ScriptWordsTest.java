package io.settlement.app;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.settlement.engine.api.Command;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The words of a line: a {@code "} opens a quoted value only right after {@code key=}; anywhere else it
 * is a character like any other, as it was in the lines written before names had quotes.
 */
class ScriptWordsTest
{
    @TempDir
    Path dir;

    @Test
    void shouldKeepAQuoteInsideAValueAsItIs()
    {
        assertArrayEquals(new String[] {"instrument", "id=5", "kind=SECURITY", "code=A\"B"},
            ScriptWords.split("instrument id=5 kind=SECURITY code=A\"B"));
        assertEquals("A\"B", ScriptWords.value("A\"B"));
        assertEquals("AB\"", ScriptWords.value("AB\""));
        final Command c = new Command();
        ScriptCommand.parse("instrument id=5 kind=SECURITY code=A\"B", c);
        assertEquals("A\"B", c.codeAsString());
    }

    @Test
    void shouldStartACommentAfterAnOddNumberOfQuotesInsideValues()
    {
        assertEquals("instrument id=5 kind=SECURITY code=A\"B", ScriptWords.stripComment("instrument id=5 kind=SECURITY code=A\"B # odd"));
        assertEquals("participant id=7 role=MEMBER name=\"Bank #1\" short=B",
            ScriptWords.stripComment("participant id=7 role=MEMBER name=\"Bank #1\" short=B # a \" quote"));
    }

    @Test
    void shouldOpenAQuotedValueRightAfterTheKeyOnly()
    {
        assertArrayEquals(new String[] {"participant", "name=\"Bank of \\\"Example\\\"\"", "short=B"},
            ScriptWords.split("participant name=\"Bank of \\\"Example\\\"\" short=B"));
        assertEquals("Bank of \"Example\"", ScriptWords.value("\"Bank of \\\"Example\\\"\""));
        final IllegalArgumentException unclosed = assertThrows(IllegalArgumentException.class, () -> ScriptWords.split("x name=\"a b"));
        assertEquals("a quote is not closed: x name=\"a b", unclosed.getMessage());
        final IllegalArgumentException trailing = assertThrows(IllegalArgumentException.class, () -> ScriptWords.value("\"a\"b"));
        assertEquals("a quoted value is the whole value: \"a\"b", trailing.getMessage());
    }

    @Test
    void shouldReadAConfigurationLineOfAnEarlierBuildWithAQuoteInACode() throws Exception
    {
        final Path file = dir.resolve("server.conf");
        Files.writeString(file, "instrument id=5 kind=SECURITY code=A\"B   # a code of printable ASCII\n", StandardCharsets.UTF_8);
        final ServerConfig config = ServerConfig.read(file);
        assertEquals("A\"B", config.setUp.get(0).codeAsString());
        assertEquals("instrument id=5 kind=SECURITY code=A\"B", ServerSetUp.describe(config.setUp.get(0)));
    }
}
