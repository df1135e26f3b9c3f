package io.settlement.reports;

import java.io.IOException;
import java.io.Writer;

/**
 * Writes CSV as RFC 4180 has it: comma separated, CRLF line ends, a field quoted (its quotes
 * doubled) when it holds a comma, a quote or a line break. Null is an empty field.
 */
final class Csv
{
    private final Writer writer;

    Csv(final Writer writer)
    {
        this.writer = writer;
    }

    Csv row(final Object... fields) throws IOException
    {
        for (int i = 0; i < fields.length; i++)
        {
            if (i > 0)
            {
                writer.write(',');
            }
            writer.write(field(fields[i]));
        }
        writer.write("\r\n");
        return this;
    }

    static String field(final Object value)
    {
        if (value == null)
        {
            return "";
        }
        final String text = value instanceof java.math.BigDecimal decimal ? decimal.toPlainString() : value.toString();
        if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0)
        {
            return text;
        }
        return '"' + text.replace("\"", "\"\"") + '"';
    }
}
