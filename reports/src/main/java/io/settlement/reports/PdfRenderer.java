package io.settlement.reports;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

import com.lowagie.text.Document;
import com.lowagie.text.DocumentException;
import com.lowagie.text.Element;
import com.lowagie.text.Font;
import com.lowagie.text.Image;
import com.lowagie.text.PageSize;
import com.lowagie.text.Paragraph;
import com.lowagie.text.Phrase;
import com.lowagie.text.pdf.BaseFont;
import com.lowagie.text.pdf.PdfPCell;
import com.lowagie.text.pdf.PdfPTable;
import com.lowagie.text.pdf.PdfWriter;

import io.settlement.reports.PrintDocument.Block;
import io.settlement.reports.PrintDocument.Chart;
import io.settlement.reports.PrintDocument.Fields;
import io.settlement.reports.PrintDocument.Heading;
import io.settlement.reports.PrintDocument.Table;

/**
 * Prints a {@link PrintDocument} as an A4 PDF with OpenPDF. The text font is the Liberation Sans
 * that OpenPDF ships, embedded, so names in Cyrillic (or any script it covers) print as written.
 */
public final class PdfRenderer
{
    private static final String FONT = "font-fallback/LiberationSans-Regular.ttf";

    private PdfRenderer()
    {
    }

    public static void write(final PrintDocument printDocument, final OutputStream out) throws IOException
    {
        final BaseFont base = BaseFont.createFont(FONT, BaseFont.IDENTITY_H, BaseFont.EMBEDDED);
        final Font body = new Font(base, 8);
        final Font bold = new Font(base, 8, Font.BOLD);
        final Font title = new Font(base, 14, Font.BOLD);
        final Font heading = new Font(base, 11, Font.BOLD);
        final Document document = new Document(PageSize.A4.rotate(), 30, 30, 30, 30);
        try
        {
            PdfWriter.getInstance(document, out);
            document.addTitle(printDocument.title());
            document.open();
            document.add(new Paragraph(printDocument.title(), title));
            for (final Block block : printDocument.blocks())
            {
                if (block instanceof Heading text)
                {
                    final Paragraph paragraph = new Paragraph(text.text(), heading);
                    paragraph.setSpacingBefore(10);
                    paragraph.setSpacingAfter(4);
                    document.add(paragraph);
                }
                else if (block instanceof Fields fields)
                {
                    final PdfPTable table = new PdfPTable(new float[] {1, 4});
                    table.setWidthPercentage(70);
                    table.setHorizontalAlignment(Element.ALIGN_LEFT);
                    for (final List<String> pair : fields.pairs())
                    {
                        table.addCell(cell(pair.get(0), bold, false));
                        table.addCell(cell(pair.get(1), body, false));
                    }
                    table.setSpacingBefore(4);
                    document.add(table);
                }
                else if (block instanceof Table rows)
                {
                    document.add(table(rows, body, bold));
                }
                else if (block instanceof Chart chart)
                {
                    final Image image = Image.getInstance(chart.png());
                    image.scaleToFit(document.getPageSize().getWidth() - 80, 220);
                    document.add(image);
                }
            }
        }
        catch (final DocumentException ex)
        {
            throw new IOException("cannot lay out the PDF '" + printDocument.title() + "': " + ex.getMessage(), ex);
        }
        finally
        {
            if (document.isOpen())
            {
                document.close();
            }
        }
    }

    private static PdfPTable table(final Table rows, final Font body, final Font bold)
    {
        final PdfPTable table = new PdfPTable(rows.header().size());
        table.setWidthPercentage(100);
        table.setHeaderRows(1);
        table.setSpacingBefore(4);
        for (int i = 0; i < rows.header().size(); i++)
        {
            table.addCell(cell(rows.header().get(i), bold, rows.numeric()[i]));
        }
        for (final List<String> row : rows.rows())
        {
            for (int i = 0; i < row.size(); i++)
            {
                table.addCell(cell(row.get(i), body, rows.numeric()[i]));
            }
        }
        return table;
    }

    private static PdfPCell cell(final String text, final Font font, final boolean numeric)
    {
        final PdfPCell cell = new PdfPCell(new Phrase(text, font));
        cell.setHorizontalAlignment(numeric ? Element.ALIGN_RIGHT : Element.ALIGN_LEFT);
        cell.setPadding(2);
        return cell;
    }
}
