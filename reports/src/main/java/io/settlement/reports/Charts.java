package io.settlement.reports;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/** The reports' charts, drawn by XChart and encoded as PNG (headless: no display needed). */
final class Charts
{
    private static final int WIDTH = 760;
    private static final int HEIGHT = 300;

    static
    {
        System.setProperty("java.awt.headless", "true");
    }

    private Charts()
    {
    }

    /** Bars side by side: one series per name, one bar per category. */
    static byte[] bars(final String title, final String yTitle, final List<String> categories, final List<String> seriesNames,
        final List<List<Number>> series)
    {
        final CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).yAxisTitle(yTitle).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setXAxisLabelRotation(categories.size() > 8 ? 45 : 0);
        for (int i = 0; i < seriesNames.size(); i++)
        {
            chart.addSeries(seriesNames.get(i), categories, series.get(i));
        }
        return png(chart);
    }

    /** A balance through the day, by time (UTC). */
    static byte[] balance(final String title, final String yTitle, final int decimals, final List<java.util.Date> x, final List<Number> y)
    {
        final XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle("time (UTC)")
            .yAxisTitle(yTitle).build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setDatePattern("HH:mm");
        chart.getStyler().setYAxisDecimalPattern(decimals == 0 ? "#,##0" : "#,##0." + "0".repeat(decimals));
        chart.getStyler().setTimezone(java.util.TimeZone.getTimeZone("UTC"));
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.addSeries(yTitle, x, y);
        return png(chart);
    }

    private static byte[] png(final org.knowm.xchart.internal.chartpart.Chart<?, ?> chart)
    {
        try
        {
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
