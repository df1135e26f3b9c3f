package io.settlement.reports;

/** The formats of the statement, the operations report and the confirmation. */
public enum ReportFormat
{
    /** UTF-8 CSV for machines. */
    CSV("csv"),
    /** A self-contained printable HTML page with charts. */
    HTML("html"),
    /** An A4 PDF with charts. */
    PDF("pdf");

    private final String extension;

    ReportFormat(final String extension)
    {
        this.extension = extension;
    }

    public String extension()
    {
        return extension;
    }
}
