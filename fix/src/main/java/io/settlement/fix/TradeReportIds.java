package io.settlement.fix;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

import io.settlement.gateway.ClientDealIds;

/**
 * TradeReportID(571), the FIX client's idempotency key, mapped durably to the engine's: a clientDealId of
 * the reporting participant. A key seen for the first time gets the next number of the channel's range
 * ({@link #FIRST_CLIENT_DEAL_ID} up, one counter for every participant, so that a clientDealId names one
 * report), written and forced to disk before the report goes to the engine; a report sent again with
 * the same TradeReportID gets the same clientDealId, and the engine answers it with the original outcome.
 *
 * <p>A one-sided report (an instruction to match) gets its number from the same counter and the same file, used
 * as the instruction's clientRef; the engine keeps clientRefs apart from clientDealIds, so the map records which
 * kind a TradeReportID was first used for, and the channel refuses it for the other kind.
 *
 * <p>The file is a text log, one line per key: {@code clientDealId participantId tradeReportId}, or
 * {@code IclientRef participantId tradeReportId} for an instruction; it is read
 * whole when the channel starts. Lines are forced to disk in groups: {@link #clientDealId} writes, and
 * {@link #awaitDurable} forces everything written so far once for all the reports waiting (as the journal
 * forces a batch), before their commands go to the engine. Thread-safe.
 */
final class TradeReportIds implements AutoCloseable
{
    /**
     * The first clientDealId the FIX channel gives (2^62): the range from here up is the channel's, and a
     * participant reporting over other channels too keeps its own clientDealIds below it.
     */
    static final long FIRST_CLIENT_DEAL_ID = ClientDealIds.FIX_FROM;
    /** The longest TradeReportID accepted, in characters. */
    static final int MAX_LENGTH = 64;

    private record Key(long participantId, String tradeReportId)
    {
    }

    /** A key's entry: the clientDealId and the TradeReportID it was given for. */
    record Entry(long participantId, String tradeReportId)
    {
    }

    /**
     * A report's number (a clientDealId, or an instruction's clientRef when {@code instruction}) and the number of
     * the write that recorded it ({@link #awaitDurable} waits for it).
     */
    record Assigned(long clientDealId, long write, boolean instruction)
    {
    }

    private final FileChannel file;
    private final Map<Key, Assigned> byKey = new HashMap<>();
    private final Object forcing = new Object();
    /** Lines written since the start, and of them how many are forced to disk. */
    private long written;
    private volatile long forced;
    private final Map<Long, Entry> byClientDealId = new HashMap<>();
    private final Map<Long, Entry> byClientRef = new HashMap<>();
    private long next = FIRST_CLIENT_DEAL_ID;

    TradeReportIds(final Path path)
    {
        try
        {
            long whole = 0;
            if (Files.exists(path))
            {
                final byte[] bytes = Files.readAllBytes(path);
                int end = bytes.length;
                while (end > 0 && bytes[end - 1] != '\n')
                {
                    end--; // a last line cut short by a crash while it was written: its report never reached the engine
                }
                whole = end;
                final String[] lines = new String(bytes, 0, end, StandardCharsets.US_ASCII).split("\n", -1);
                for (int i = 0; i < lines.length - 1; i++)
                {
                    read(path, i + 1, lines[i]);
                }
            }
            file = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            file.truncate(whole);
            file.position(whole);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot open the TradeReportID map " + path + ": " + ex.getMessage(), ex);
        }
    }

    private void read(final Path path, final int number, final String line)
    {
        final String[] parts = line.split(" ", 3);
        try
        {
            final boolean instruction = parts[0].startsWith("I");
            final long clientDealId = Long.parseLong(instruction ? parts[0].substring(1) : parts[0]);
            final long participantId = Long.parseLong(parts[1]);
            add(clientDealId, participantId, parts[2], instruction);
        }
        catch (final RuntimeException ex)
        {
            throw new IllegalStateException(path + " line " + number + " is not 'clientDealId participantId tradeReportId': \""
                + line + "\"", ex);
        }
    }

    private void add(final long clientDealId, final long participantId, final String tradeReportId, final boolean instruction)
    {
        byKey.put(new Key(participantId, tradeReportId), new Assigned(clientDealId, written, instruction));
        (instruction ? byClientRef : byClientDealId).put(clientDealId, new Entry(participantId, tradeReportId));
        next = Math.max(next, clientDealId + 1);
    }

    /** @return why a TradeReportID cannot be a key (empty, too long, a control character), or null. */
    static String problem(final String tradeReportId)
    {
        if (tradeReportId.isEmpty() || tradeReportId.length() > MAX_LENGTH)
        {
            return "TradeReportID(571) is 1-" + MAX_LENGTH + " characters, found " + tradeReportId.length();
        }
        if (!tradeReportId.chars().allMatch(ch -> ch >= 0x20 && ch < 0x7f))
        {
            return "TradeReportID(571) holds a character outside printable ASCII";
        }
        return null;
    }

    /**
     * @return the clientDealId of a participant's TradeReportID: the one it was given before, or a new one,
     * written (not yet forced: {@link #awaitDurable} with its write number before the report goes further).
     */
    synchronized Assigned clientDealId(final long participantId, final String tradeReportId)
    {
        return assign(participantId, tradeReportId, false);
    }

    /**
     * @return the clientRef of a participant's one-sided report (an instruction), as {@link #clientDealId} does for a
     * deal; when the TradeReportID was first used for the other kind, its assignment as it is ({@code instruction} says which).
     */
    synchronized Assigned clientRef(final long participantId, final String tradeReportId)
    {
        return assign(participantId, tradeReportId, true);
    }

    private Assigned assign(final long participantId, final String tradeReportId, final boolean instruction)
    {
        final Assigned known = byKey.get(new Key(participantId, tradeReportId));
        if (known != null)
        {
            return known;
        }
        final long clientDealId = next;
        final byte[] line = ((instruction ? "I" : "") + clientDealId + " " + participantId + " " + tradeReportId + "\n").getBytes(StandardCharsets.US_ASCII);
        try
        {
            final ByteBuffer buffer = ByteBuffer.wrap(line);
            while (buffer.hasRemaining())
            {
                file.write(buffer);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write the TradeReportID map: " + ex.getMessage(), ex);
        }
        written++;
        add(clientDealId, participantId, tradeReportId, instruction);
        return byKey.get(new Key(participantId, tradeReportId));
    }

    /** Returns once the write {@code write} (and every one before it) is on disk: one force for all that wait. */
    void awaitDurable(final long write)
    {
        if (forced >= write)
        {
            return;
        }
        synchronized (forcing)
        {
            if (forced >= write)
            {
                return;
            }
            final long upTo;
            synchronized (this)
            {
                upTo = written;
            }
            try
            {
                file.force(false);
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot force the TradeReportID map to disk: " + ex.getMessage(), ex);
            }
            forced = upTo;
        }
    }

    /** @return who reported the deal of this clientDealId over FIX, and with which TradeReportID; null if not over FIX. */
    synchronized Entry reportOf(final long clientDealId)
    {
        return byClientDealId.get(clientDealId);
    }

    /** @return who reported the instruction of this clientRef over FIX, and with which TradeReportID; null if not over FIX. */
    synchronized Entry reportOfInstruction(final long clientRef)
    {
        return byClientRef.get(clientRef);
    }

    @Override
    public synchronized void close() throws IOException
    {
        file.close();
    }
}
