package io.settlement.benchmarks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/** The server's GC pauses logged (-Xlog:gc, and gc+phases for ZGC) past an offset of its log file. */
record ServerGcLog(boolean known, int pauses, double totalMs, double maxMs)
{
    private static final java.util.regex.Pattern PAUSE = java.util.regex.Pattern.compile("Pause.*?([0-9]+\\.[0-9]+)ms\\s*$");

    static ServerGcLog read(final Path log, final long offset) throws IOException
    {
        if (log == null)
        {
            return new ServerGcLog(false, 0, 0, 0);
        }
        final byte[] bytes;
        try (java.nio.channels.FileChannel file = java.nio.channels.FileChannel.open(log))
        {
            final ByteBuffer tail = ByteBuffer.allocate((int)Math.max(0, file.size() - offset));
            file.read(tail, offset);
            bytes = tail.array();
        }
        int pauses = 0;
        double total = 0;
        double max = 0;
        for (final String line : new String(bytes, java.nio.charset.StandardCharsets.US_ASCII).split("\n"))
        {
            final java.util.regex.Matcher m = PAUSE.matcher(line);
            if (m.find())
            {
                final double ms = Double.parseDouble(m.group(1));
                pauses++;
                total += ms;
                max = Math.max(max, ms);
            }
        }
        return new ServerGcLog(true, pauses, total, max);
    }

    String fields()
    {
        return known ? String.format("gc_pauses=%d gc_pause_total_ms=%.3f gc_pause_max_ms=%.3f", pauses, totalMs, maxMs) : "";
    }

    @Override
    public String toString()
    {
        return known ? String.format("%d pauses, %.3f ms in all, longest %.3f ms", pauses, totalMs, maxMs) : "not logged";
    }
}
