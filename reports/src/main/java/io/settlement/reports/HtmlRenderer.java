package io.settlement.reports;

import java.io.IOException;
import java.io.Writer;
import java.util.Base64;
import java.util.List;

import io.settlement.reports.PrintDocument.Block;
import io.settlement.reports.PrintDocument.Chart;
import io.settlement.reports.PrintDocument.Fields;
import io.settlement.reports.PrintDocument.Heading;
import io.settlement.reports.PrintDocument.Table;

/**
 * Prints a {@link PrintDocument} as one self-contained HTML page (UTF-8, the charts embedded as
 * {@code data:} URIs, a print style sheet), which a browser prints on A4.
 */
public final class HtmlRenderer
{
    private static final String STYLE = "body{font-family:Helvetica,Arial,sans-serif;font-size:11pt;margin:2em;color:#111}"
        + "h1{font-size:16pt}h2{font-size:13pt;margin-top:1.4em}table{border-collapse:collapse;margin:.5em 0}"
        + "th,td{border:1px solid #bbb;padding:2px 6px}th{background:#eee}td.n{text-align:right}"
        + "dl{display:grid;grid-template-columns:max-content auto;gap:2px 1em}dt{font-weight:bold}dd{margin:0}"
        + "img{max-width:100%}@media print{body{margin:0}h2{page-break-after:avoid}table,img{page-break-inside:avoid}}";

    private HtmlRenderer()
    {
    }

    public static void write(final PrintDocument document, final Writer writer) throws IOException
    {
        writer.write("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"UTF-8\"><title>" + escape(document.title())
            + "</title><style>" + STYLE + "</style></head><body>\n<h1>" + escape(document.title()) + "</h1>\n");
        for (final Block block : document.blocks())
        {
            if (block instanceof Heading heading)
            {
                writer.write("<h2>" + escape(heading.text()) + "</h2>\n");
            }
            else if (block instanceof Fields fields)
            {
                writer.write("<dl>");
                for (final List<String> pair : fields.pairs())
                {
                    writer.write("<dt>" + escape(pair.get(0)) + "</dt><dd>" + escape(pair.get(1)) + "</dd>");
                }
                writer.write("</dl>\n");
            }
            else if (block instanceof Table table)
            {
                table(table, writer);
            }
            else if (block instanceof Chart chart)
            {
                writer.write("<p><img alt=\"" + escape(chart.caption()) + "\" src=\"data:image/png;base64,"
                    + Base64.getEncoder().encodeToString(chart.png()) + "\"></p>\n");
            }
        }
        writer.write("</body></html>\n");
        writer.flush();
    }

    private static void table(final Table table, final Writer writer) throws IOException
    {
        writer.write("<table><thead><tr>");
        for (final String header : table.header())
        {
            writer.write("<th>" + escape(header) + "</th>");
        }
        writer.write("</tr></thead><tbody>\n");
        for (final List<String> row : table.rows())
        {
            writer.write("<tr>");
            for (int i = 0; i < row.size(); i++)
            {
                writer.write(table.numeric()[i] ? "<td class=\"n\">" : "<td>");
                writer.write(escape(row.get(i)));
                writer.write("</td>");
            }
            writer.write("</tr>\n");
        }
        writer.write("</tbody></table>\n");
    }

    static String escape(final String text)
    {
        final StringBuilder escaped = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            switch (c)
            {
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                case '"' -> escaped.append("&quot;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
