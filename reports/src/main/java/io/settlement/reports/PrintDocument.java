package io.settlement.reports;

import java.util.List;

/**
 * A report laid out for people, independent of the medium: headings, label/value fields, tables and
 * charts, in reading order. {@link HtmlRenderer} and {@link PdfRenderer} print the same layout, so
 * the HTML and the PDF of a report always hold the same figures.
 */
public record PrintDocument(String title, List<Block> blocks)
{
    /** One element of the layout. */
    public sealed interface Block permits Heading, Fields, Table, Chart
    {
    }

    /** A section title. */
    public record Heading(String text) implements Block
    {
    }

    /** Label and value pairs, e.g. a deal's terms. */
    public record Fields(List<List<String>> pairs) implements Block
    {
    }

    /** A table; {@code numeric[i]} right-aligns column i. */
    public record Table(List<String> header, boolean[] numeric, List<List<String>> rows) implements Block
    {
    }

    /** A chart as a PNG image. */
    public record Chart(String caption, byte[] png) implements Block
    {
    }
}
