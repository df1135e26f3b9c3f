package io.settlement.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.settlement.engine.api.Command;
import io.settlement.engine.api.Event;
import io.settlement.engine.pipeline.PipelineClient;
import io.settlement.protocol.wire.DealType;
import io.settlement.protocol.wire.InstrumentKind;
import io.settlement.protocol.wire.Role;
import io.settlement.protocol.wire.Side;

/**
 * Wrote the committed version-5 data directory, {@code journal/src/test/resources/journal-v5/}, that
 * {@link JournalV5Test} recovers on every build: a real {@link SettlementNode} of the last build of
 * journal schema 5 (commit ca3bcb9), with its command and event journals and the format-7 snapshot it
 * took after the last command. Run once, with that build's journal test classpath; it prints the
 * figures {@link JournalV5Test} asserts. <b>Never regenerate it with a later build</b>: it is the proof
 * that what version 5 wrote still recovers.
 *
 * <p>What it holds (every day a business day, retention 2 days, instructions expire after 1 business day):
 * <ol>
 * <li>at 2026-01-05 member 1 instructs a purchase (clientRef 1) and member 2 the matching sale (clientRef 1):
 * matched, a deal registered; member 2 sends its sale again, identical: the repeat of a MATCHED instruction;</li>
 * <li>member 1 instructs another purchase (clientRef 2) that nobody matches; the dates roll to 2026-01-06,
 * then 2026-01-07, where it expires; member 1 sends it again: the repeat of an EXPIRED instruction;</li>
 * <li>a snapshot (format 7: no end dates) after that last command.</li>
 * </ol>
 */
public final class JournalV5Writer
{
    static final long BUYER = 1;
    static final long SELLER = 2;
    static final int ACME = 10;
    static final int USD = 840;
    static final int MATCHED_DATE = 20260105;
    static final int EXPIRED_DATE = 20260107;
    static final int COMMANDS = 14;

    private JournalV5Writer()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final Path target = Paths.get(args.length > 0 ? args[0] : "src/test/resources/journal-v5");
        final Path work = Files.createTempDirectory("journal-v5");
        try (SettlementNode node = SettlementNode.start(RestartTest.config(work, COMMANDS)))
        {
            final PipelineClient system = node.client(0);
            final Command c = new Command();
            send(system, c.createParticipant(0, 0, BUYER, Role.MEMBER));
            send(system, c.createParticipant(0, 0, SELLER, Role.MEMBER));
            send(system, c.createInstrument(0, 0, ACME, InstrumentKind.SECURITY, "ACME"));
            send(system, c.createInstrument(0, 0, USD, InstrumentKind.CURRENCY, "USD"));
            send(system, c.setRetention(0, 0, 2));
            send(system, c.setInstructionExpiry(0, 0, 1));
            send(system, c.advanceBusinessDate(0, 0, MATCHED_DATE));
            final PipelineClient buyer = node.client(BUYER);
            final PipelineClient seller = node.client(SELLER);
            print(send(buyer, c.submitInstruction(BUYER, 0, 1, Side.BUY, SELLER, ACME, USD, 10, 1_000, MATCHED_DATE, DealType.DVP)));
            print(send(seller, c.submitInstruction(SELLER, 0, 1, Side.SELL, BUYER, ACME, USD, 10, 1_000, MATCHED_DATE, DealType.DVP)));
            print(send(seller, c.submitInstruction(SELLER, 0, 1, Side.SELL, BUYER, ACME, USD, 10, 1_000, MATCHED_DATE, DealType.DVP)));
            print(send(buyer, c.submitInstruction(BUYER, 0, 2, Side.BUY, SELLER, ACME, USD, 5, 500, MATCHED_DATE, DealType.DVP)));
            send(system, c.advanceBusinessDate(0, 0, 20260106));
            print(send(system, c.advanceBusinessDate(0, 0, EXPIRED_DATE)));
            print(send(buyer, c.submitInstruction(BUYER, 0, 2, Side.BUY, SELLER, ACME, USD, 5, 500, MATCHED_DATE, DealType.DVP)));
            final long stateHash = node.stop().stateHash();
            System.out.println("state hash " + Long.toHexString(stateHash));
        }
        Files.deleteIfExists(work.resolve("LOCK"));
        JournalV1Writer.deleteTree(target);
        JournalV1Writer.copyTree(work, target);
        JournalV1Writer.deleteTree(work);
        cutPreallocatedZeros(target.resolve("commands"));
        cutPreallocatedZeros(target.resolve("events"));
        try (Stream<Path> files = Files.walk(target))
        {
            files.forEach(System.out::println);
        }
        final Audit.Result replay = Audit.replay(new DataDirectory(target), new io.settlement.engine.EngineConfig(), true,
            Long.MAX_VALUE, done -> {});
        System.out.println("commands " + replay.commands() + ", mismatches " + replay.mismatches() + ", events verified "
            + replay.eventsVerified() + ", state hash " + Long.toHexString(replay.engine().stateHash()) + ", event hash "
            + Long.toHexString(replay.engine().eventHash()) + ", events " + replay.engine().eventCount());
    }

    private static PipelineClient.Outcome send(final PipelineClient client, final Command command) throws Exception
    {
        return client.send(command).get(30, TimeUnit.SECONDS);
    }

    private static void print(final PipelineClient.Outcome outcome)
    {
        for (final Event e : outcome.events())
        {
            System.out.println(e);
        }
    }

    /** As {@link JournalV1Writer}'s: the files cut past their last non-zero byte (plus a block). */
    private static void cutPreallocatedZeros(final Path journal) throws IOException
    {
        try (Stream<Path> files = Files.list(journal))
        {
            for (final Path file : (Iterable<Path>)files.filter(f -> f.toString().endsWith(".cq4"))::iterator)
            {
                final byte[] bytes = Files.readAllBytes(file);
                int used = bytes.length;
                while (used > 0 && bytes[used - 1] == 0)
                {
                    used--;
                }
                final int block = 64 * 1024;
                final long keep = Math.min(bytes.length, ((used + block - 1) / block + 1) * (long)block);
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE))
                {
                    channel.truncate(keep);
                }
            }
        }
    }
}
