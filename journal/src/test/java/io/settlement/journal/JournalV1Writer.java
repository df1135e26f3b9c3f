package io.settlement.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.settlement.engine.EngineConfig;
import io.settlement.engine.SettlementEngine;
import io.settlement.engine.api.Command;
import io.settlement.engine.pipeline.PipelineClient;
import io.settlement.protocol.wire.DealType;
import io.settlement.protocol.wire.InstrumentKind;
import io.settlement.protocol.wire.LimitKind;
import io.settlement.protocol.wire.Role;

/**
 * Wrote the committed first-version journal, {@code journal/src/test/resources/journal-v1/}, that
 * {@link JournalV1Test} replays on every build: the data directory (command and event journals, no
 * snapshot) of a real {@link SettlementNode} in the first version of the journal schema.
 *
 * <p><b>Never regenerate it once a build has shipped.</b> The file is the proof that journals
 * written by the first version stay readable; rewriting it with a later build proves nothing. A
 * change that makes {@link JournalV1Test} fail breaks every journal written since, and must be
 * undone, not re-recorded. (Run, once, from the journal module's directory with its test classpath;
 * it prints the figures {@link JournalV1Test} asserts.)
 *
 * <p>What it holds, so that every command and event type of version 1 is in it:
 * <ol>
 * <li>through a node: the {@link Workload} market and 300 of its commands (deals DVP and FOP, some
 * refused by limits, cancels, funding, settlement cycles with failed attempts, date rolls, purges
 * under a retention of one day), participants of every role, a withdrawal (and one refused), limits
 * of every kind (one set by a RISK user, one refused to a MEMBER), a deal refused to a member not
 * party to it, and a cycle settling more than Long.MAX_VALUE in one currency (the two-word value);
 * <li>written straight into the journals as builds journaled them before queries stopped being
 * journaled: one query of each kind, with the events the engine gave (the reports);
 * <li>through the node again (it recovers all of the above) a few more commands;
 * <li>a crash tail: three commands journaled whose outcomes are not (a node killed between its
 * journal and publish stages), which recovery re-derives.
 * </ol>
 */
public final class JournalV1Writer
{
    static final long WIDE_BUYER = 7;
    static final long WIDE_SELLER = 8;
    static final long WIDE_THIRD = 9;
    static final int EUR = 978;

    private JournalV1Writer()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final Path target = Paths.get(args.length > 0 ? args[0] : "src/test/resources/journal-v1");
        final Path work = Files.createTempDirectory("journal-v1");
        long queriedDealId;
        final DataDirectory data = new DataDirectory(work);

        try (SettlementNode node = SettlementNode.start(RestartTest.config(work, 0)))
        {
            final PipelineClient system = node.client(0);
            Workload.setUp(system);
            new Workload(20261127L).run(system, 300);
            final Command c = new Command();
            final List<CompletableFuture<PipelineClient.Outcome>> sent = new ArrayList<>();
            sent.add(system.send(c.createParticipant(0, 0, 90, Role.RISK)));
            sent.add(system.send(c.createParticipant(0, 0, 91, Role.OPERATOR)));
            sent.add(system.send(c.createParticipant(0, 0, 92, Role.AUDITOR)));
            sent.add(system.send(c.createParticipant(0, 0, WIDE_BUYER, Role.MEMBER)));
            sent.add(system.send(c.createParticipant(0, 0, WIDE_SELLER, Role.MEMBER)));
            sent.add(system.send(c.createParticipant(0, 0, WIDE_THIRD, Role.MEMBER)));
            sent.add(system.send(c.createInstrument(0, 0, EUR, InstrumentKind.CURRENCY, "EUR")));
            sent.add(system.send(c.withdraw(0, 0, 1, 840, 1_000)));
            sent.add(system.send(c.withdraw(0, 0, 2, 840, 999_999_999))); // refused: INSUFFICIENT_BALANCE
            sent.add(system.send(c.setLimit(0, 0, 1, LimitKind.COUNTERPARTY, 2, 5_000_000)));
            sent.add(system.send(c.setLimit(0, 0, 2, LimitKind.DELIVERY, 10, 10_000)));
            waitAll(sent);
            waitAll(List.of(
                node.client(90).send(c.setLimit(90, 0, 3, LimitKind.CREDIT, 840, 300_000)), // a RISK user
                node.client(1).send(c.setLimit(1, 0, 1, LimitKind.CREDIT, 840, 1)), // refused: a MEMBER
                node.client(1).send(c.submitDeal(1, 0, 1, 3, 4, 10, 840, 1, 100, Workload.FIRST_DATE, DealType.DVP)), // NOT_A_PARTY
                node.client(91).send(c.deposit(91, 0, WIDE_BUYER, EUR, 6_000_000_000_000_000_000L)),
                node.client(91).send(c.deposit(91, 0, WIDE_SELLER, 10, 10)),
                node.client(91).send(c.deposit(91, 0, WIDE_THIRD, 10, 10))));
            // the second deal (another pair: one pair's pending cash must fit in int64) is funded by the
            // first in the same cycle: 1.2e19 settled in EUR, beyond int64
            final int date = 20260301; // after every date the workload reached
            waitAll(List.of(system.send(c.advanceBusinessDate(0, 0, date))));
            final CompletableFuture<PipelineClient.Outcome> wide =
                system.send(c.submitDeal(0, 0, 9_000_001, WIDE_BUYER, WIDE_SELLER, 10, EUR, 10, 6_000_000_000_000_000_000L, date, DealType.DVP));
            waitAll(List.of(wide,
                system.send(c.submitDeal(0, 0, 9_000_002, WIDE_SELLER, WIDE_THIRD, 10, EUR, 10, 6_000_000_000_000_000_000L, date, DealType.DVP))));
            queriedDealId = wide.get().first().dealId; // settled below, and still in memory: a DEAL_REPORT
            waitAll(List.of(system.send(c.runSettlementCycle(0, 0))));
            node.stop();
        }

        final long afterQueries = appendJournaledQueries(data, queriedDealId);

        try (SettlementNode node = SettlementNode.start(RestartTest.config(work, 0)))
        {
            final PipelineClient system = node.client(0);
            final Command c = new Command();
            waitAll(List.of(
                system.send(c.deposit(0, 0, 3, 840, 12_345)),
                system.send(c.setRetention(0, 0, 3)),
                system.send(c.runSettlementCycle(0, 0))));
            node.stop();
        }

        final long last = appendCrashTail(data);
        deleteTree(data.snapshots());
        Files.deleteIfExists(work.resolve("LOCK"));

        deleteTree(target);
        copyTree(work, target);
        deleteTree(work);
        cutPreallocatedZeros(target.resolve("commands"));
        cutPreallocatedZeros(target.resolve("events"));
        System.out.println("journal-v1 written to " + target + ": queries journaled up to sequence " + afterQueries
            + ", last command " + last);
        JournalV1Test.printFigures(target);
    }

    private static void waitAll(final List<CompletableFuture<PipelineClient.Outcome>> futures) throws Exception
    {
        for (final CompletableFuture<PipelineClient.Outcome> future : futures)
        {
            future.get(30, TimeUnit.SECONDS);
        }
    }

    /** The state the journals hold now, replayed. */
    private static SettlementEngine replay(final DataDirectory data) throws IOException
    {
        try (JournalReader commands = JournalReader.openReadOnly(data.commands(), JournalReader.Kind.COMMANDS);
            JournalReader events = JournalReader.openReadOnly(data.events(), JournalReader.Kind.EVENTS))
        {
            return Recovery.run(new EngineConfig(), null, commands, events,
                (buffer, offset, length) -> { throw new IllegalStateException("complete journals need no repair"); },
                line -> {}).engine();
        }
    }

    /** One query of each kind, journaled with its reports, as builds that journaled queries wrote them. */
    private static long appendJournaledQueries(final DataDirectory data, final long dealId) throws IOException
    {
        final SettlementEngine engine = replay(data);
        long sequence = engine.lastSequence();
        final Command c = new Command();
        final Command[] queries = {
            new Command().copyFrom(c.queryDeal(0, 0, dealId)),
            new Command().copyFrom(c.queryPosition(0, 0, 1, 840)),
            new Command().copyFrom(c.queryLimits(0, 0, 1)),
            new Command().copyFrom(c.queryParticipants(0, 0)),
        };
        try (ChronicleJournal commands = new ChronicleJournal(data.commands(), false);
            ChronicleJournal events = new ChronicleJournal(data.events(), false))
        {
            commands.onStart();
            events.onStart();
            for (final Command query : queries)
            {
                query.sequence = ++sequence;
                query.timestampNs = System.nanoTime();
                commands.append(query);
                engine.apply(query, (event, buffer, offset, length) -> events.append(buffer, offset, length));
            }
            commands.endOfBatch();
            events.endOfBatch();
        }
        for (final Command query : queries)
        {
            if (!query.type.isQuery())
            {
                throw new IllegalStateException("not a query: " + query.type);
            }
        }
        return sequence;
    }

    /** Three commands journaled without their outcomes: what a node killed between its stages leaves. */
    private static long appendCrashTail(final DataDirectory data) throws IOException
    {
        long sequence = replay(data).lastSequence();
        final Command c = new Command();
        try (ChronicleJournal commands = new ChronicleJournal(data.commands(), false))
        {
            commands.onStart();
            for (final Command tail : new Command[] {
                new Command().copyFrom(c.deposit(0, 0, 4, 840, 777)),
                new Command().copyFrom(c.submitDeal(0, 0, 9_000_003, 1, 2, 10, 840, 1, 10, 20991231, DealType.DVP)),
                new Command().copyFrom(c.runSettlementCycle(0, 0))})
            {
                tail.sequence = ++sequence;
                tail.timestampNs = System.nanoTime();
                commands.append(tail);
            }
            commands.endOfBatch();
        }
        return sequence;
    }

    /**
     * Chronicle pre-allocates each cycle file (80 MiB, zeros past the last record): cut them to one
     * 64 KiB block past the last non-zero byte, so the committed files are small. Chronicle reads
     * such a file back, and extends it when a node appends to a copy.
     */
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

    static void copyTree(final Path from, final Path to) throws IOException
    {
        try (Stream<Path> paths = Files.walk(from))
        {
            for (final Path p : (Iterable<Path>)paths::iterator)
            {
                final Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p))
                {
                    Files.createDirectories(dest);
                }
                else
                {
                    Files.copy(p, dest);
                }
            }
        }
    }

    static void deleteTree(final Path root) throws IOException
    {
        if (!Files.exists(root))
        {
            return;
        }
        try (Stream<Path> paths = Files.walk(root))
        {
            for (final Path p : (Iterable<Path>)paths.sorted(Comparator.reverseOrder())::iterator)
            {
                Files.delete(p);
            }
        }
    }
}
