package io.settlement.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * Draws perf-results' charts with XChart from the result files the other runners wrote:
 * {@code throughput.png} (each figure beside its floor, log scale) and {@code latency.png} (the
 * over-TCP latency percentile curves from the .hgrm files).
 *
 * {@code java -Djava.awt.headless=true -cp benchmarks.jar io.settlement.benchmarks.PerfCharts [perf-results]}
 */
public final class PerfCharts
{
    private PerfCharts()
    {
    }

    public static void main(final String[] args) throws IOException
    {
        final Path dir = Path.of(args.length > 0 ? args[0] : "perf-results");
        throughput(dir);
        latency(dir);
    }

    private static String read(final Path file) throws IOException
    {
        return Files.isRegularFile(file) ? Files.readString(file) : "";
    }

    /** The first number (with , separators) captured by {@code regex} in {@code text}, or -1. */
    private static double number(final String text, final String regex)
    {
        final Matcher m = Pattern.compile(regex).matcher(text);
        return m.find() ? Double.parseDouble(m.group(1).replace(",", "")) : -1;
    }

    private static double median(final String text, final String regex)
    {
        final Matcher m = Pattern.compile(regex).matcher(text);
        final List<Double> values = new ArrayList<>();
        while (m.find())
        {
            values.add(Double.parseDouble(m.group(1).replace(",", "")));
        }
        values.sort(Double::compare);
        return values.isEmpty() ? -1 : values.get(values.size() / 2);
    }

    private static void throughput(final Path dir) throws IOException
    {
        final String jmh = read(dir.resolve("engine-jmh.txt"));
        final String journal = read(dir.resolve("journal.txt"));
        final String gateway = read(dir.resolve("gateway.txt"));
        final String postgres = read(dir.resolve("postgres.txt"));
        final String bigDay = read(dir.resolve("bigday.txt"));
        // figure -> {measured, floor (0: none)}
        final Map<String, double[]> figures = new LinkedHashMap<>();
        figures.put("engine register (JMH)", new double[] {number(jmh, "registerDeal\\s+([\\d,]+) ops/s"), 5e6});
        figures.put("engine settle (JMH)", new double[] {number(jmh, "settlePerDeal\\s+([\\d,]+) ops/s"), 5e6});
        figures.put("big day register", new double[] {number(bigDay, "registration ([\\d,]+) deals/s"), 0});
        figures.put("big day settle", new double[] {number(bigDay, "settlement ([\\d,]+) deals/s"), 0});
        figures.put("pipeline in process", new double[] {number(journal, "pipeline \\(ring\\+journal\\+engine\\+events\\):\\s+([\\d,]+)"), 1e6});
        figures.put("raw Chronicle append", new double[] {number(journal, "raw Chronicle append of the same bytes: ([\\d,]+)"), 0});
        figures.put("Disruptor hop (JMH)", new double[] {number(jmh, "hop\\s+([\\d,]+) ops/s"), 0});
        figures.put("replay + verify", new double[] {number(journal, "replay \\+ verify, no snapshot:\\s+([\\d,]+)"), 2e6});
        figures.put("over TCP (gateway)", new double[] {median(gateway, "round \\d+: ([\\d,]+) deals/s"), 5e5});
        figures.put("PostgreSQL register", new double[] {number(postgres, "register with limit checks: ([\\d,]+) deals/s"), 0});
        figures.put("PostgreSQL settle", new double[] {number(postgres, "settle DvP: ([\\d,]+) deals/s"), 0});
        figures.values().removeIf(v -> v[0] <= 0);

        final CategoryChart chart = new CategoryChartBuilder().width(1200).height(600)
            .title("Throughput per second, 2 cores (log scale): measured and floor")
            .xAxisTitle("").yAxisTitle("operations per second").build();
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setYAxisMin(1_000.0);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setXAxisLabelRotation(30);
        chart.getStyler().setOverlapped(false);
        final List<String> names = new ArrayList<>(figures.keySet());
        final List<Double> measured = new ArrayList<>();
        final List<Double> floors = new ArrayList<>();
        for (final double[] v : figures.values())
        {
            measured.add(v[0]);
            floors.add(v[1] > 0 ? v[1] : 1_000.0); // the axis minimum: no floor for this figure
        }
        chart.addSeries("measured", names, measured);
        chart.addSeries("floor", names, floors);
        BitmapEncoder.saveBitmap(chart, dir.resolve("throughput").toString(), BitmapEncoder.BitmapFormat.PNG);
        System.out.println("wrote " + dir.resolve("throughput.png") + " (" + figures.size() + " figures)");
    }

    private static void latency(final Path dir) throws IOException
    {
        final XYChart chart = new XYChartBuilder().width(1000).height(600)
            .title("Latency over TCP at fixed offered rates (HdrHistogram, from the scheduled send time)")
            .xAxisTitle("percentile, as 1/(1-p): 10 = p90, 100 = p99, 1000 = p99.9").yAxisTitle("microseconds").build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setMarkerSize(0);
        int curves = 0;
        try (Stream<Path> files = Files.list(dir))
        {
            for (final Path file : (Iterable<Path>)files.filter(f -> f.toString().endsWith(".hgrm")).sorted()::iterator)
            {
                final List<Double> x = new ArrayList<>();
                final List<Double> y = new ArrayList<>();
                for (final String line : Files.readAllLines(file))
                {
                    final String[] cols = line.trim().split("\\s+");
                    if (cols.length == 4 && cols[0].matches("[\\d.]+") && cols[3].matches("[\\d.]+"))
                    {
                        x.add(Double.parseDouble(cols[3]));
                        y.add(Math.max(1.0, Double.parseDouble(cols[0])));
                    }
                }
                if (!x.isEmpty())
                {
                    chart.addSeries(file.getFileName().toString().replace("gateway-latency-", "").replace(".hgrm", "/s offered"), x, y);
                    curves++;
                }
            }
        }
        if (curves > 0)
        {
            BitmapEncoder.saveBitmap(chart, dir.resolve("latency").toString(), BitmapEncoder.BitmapFormat.PNG);
            System.out.println("wrote " + dir.resolve("latency.png") + " (" + curves + " curves)");
        }
    }
}
