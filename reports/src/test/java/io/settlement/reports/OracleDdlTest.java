package io.settlement.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The Oracle variant of the read model's DDL (untested against Oracle: none is available here) is
 * kept in step with the common one: the same tables, columns in the same order with the same
 * nullability, the same keys and indexes.
 */
class OracleDdlTest
{
    @Test
    void shouldDeclareWhatTheCommonMigrationDeclares() throws IOException
    {
        final List<String> common = shape(read("/db/migration/common/V1__read_model.sql"));
        final List<String> oracle = shape(read("/db/oracle/V1__read_model.sql"));
        assertTrue(common.size() > 100, common.size() + " declarations");
        assertEquals(common, oracle);
    }

    @Test
    void shouldDeclareWhatTheCommonInstructionsMigrationDeclares() throws IOException
    {
        final List<String> common = shape(read("/db/migration/common/V2__instructions.sql"));
        final List<String> oracle = shape(read("/db/oracle/V2__instructions.sql"));
        assertTrue(common.size() > 25, common.size() + " declarations");
        assertEquals(common, oracle);
    }

    private static String read(final String resource) throws IOException
    {
        try (InputStream in = OracleDdlTest.class.getResourceAsStream(resource))
        {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Each table, column (name and NOT NULL), constraint and index, comments and types left out. */
    private static List<String> shape(final String ddl)
    {
        final List<String> shape = new ArrayList<>();
        final Pattern column = Pattern.compile("^\\s+([a-z_]+)\\s+[A-Z0-9(), ]+?(NOT NULL)?,?\\s*(--.*)?$");
        for (final String raw : ddl.split("\n"))
        {
            final String line = raw.replaceAll("--.*", "").stripTrailing();
            if (line.isBlank())
            {
                continue;
            }
            final Matcher m = column.matcher(line);
            if (line.startsWith("CREATE") || line.trim().startsWith("CONSTRAINT") || line.startsWith(")"))
            {
                shape.add(line.trim().toLowerCase(Locale.ROOT));
            }
            else if (m.matches())
            {
                shape.add(m.group(1) + (m.group(2) != null ? " not null" : ""));
            }
            else
            {
                shape.add("? " + line.trim());
            }
        }
        return shape;
    }
}
