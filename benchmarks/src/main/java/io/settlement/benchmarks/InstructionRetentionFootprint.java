package io.settlement.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

import io.settlement.engine.Dates;
import io.settlement.engine.SettlementEngine;
import io.settlement.engine.api.Command;
import io.settlement.engine.api.EventSink;
import io.settlement.protocol.wire.DealType;
import io.settlement.protocol.wire.InstrumentKind;
import io.settlement.protocol.wire.Role;
import io.settlement.protocol.wire.Side;

/**
 * Measures what the engine keeps of ended instructions, in memory within the retention period and
 * once purged. Two members exchange N instructions over days of {@code perDay} each, in two workloads:
 * every instruction cancelled at once by its owner, or every one matched by its counterpart (FOP, 1
 * ACME) and its deal settled at the day's cycle. Each workload runs twice on a fresh engine: with a
 * retention of 3650 days (nothing is purged: the baseline, every ended instruction in memory) and with a
 * retention of 0 (each date roll purges the day before). Prints the live heap growth (after full GCs)
 * per instruction in each case, and the bytes the retired clientRefs' sets take.
 *
 * <pre>
 *   java -Xmx2g -cp benchmarks/target/benchmarks.jar io.settlement.benchmarks.InstructionRetentionFootprint [instructions] [perDay]
 * </pre>
 */
public final class InstructionRetentionFootprint
{
    private static final long BUYER = 1;
    private static final long SELLER = 2;
    private static final int SECURITY = 10;
    private static final int KEEP_ALL_DAYS = 3650;

    private InstructionRetentionFootprint()
    {
    }

    public static void main(final String[] args)
    {
        final int instructions = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        final int perDay = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.out.printf("%,d instructions, %,d a day%n", instructions, perDay);
        for (final boolean matched : new boolean[] {false, true})
        {
            for (final int retention : new int[] {KEEP_ALL_DAYS, 0})
            {
                final long before = liveHeap(memory);
                final SettlementEngine engine = run(instructions, perDay, matched, retention);
                final long after = liveHeap(memory);
                System.out.printf("%-22s retention %4d: %,9d in memory, %,9d purged, %,12d bytes (%6.1f bytes an instruction), "
                        + "retired clientRefs %,d in %,d bytes; state hash %s%n",
                    matched ? "matched and settled," : "cancelled,", retention, engine.liveInstructionCount(),
                    engine.purgedInstructionCount(), after - before, (after - before) / (double)instructions,
                    engine.retiredClientRefCount(), engine.retiredClientRefBytes(), Long.toHexString(engine.stateHash()));
            }
        }
    }

    private static SettlementEngine run(final int instructions, final int perDay, final boolean matched, final int retention)
    {
        final SettlementEngine engine = new SettlementEngine();
        final Command c = new Command();
        engine.apply(c.setRetention(Command.SYSTEM_SUBMITTER, 0, retention), EventSink.NONE);
        engine.apply(c.createParticipant(Command.SYSTEM_SUBMITTER, 0, BUYER, Role.MEMBER), EventSink.NONE);
        engine.apply(c.createParticipant(Command.SYSTEM_SUBMITTER, 0, SELLER, Role.MEMBER), EventSink.NONE);
        engine.apply(c.createInstrument(Command.SYSTEM_SUBMITTER, 0, SECURITY, InstrumentKind.SECURITY, "ACME"), EventSink.NONE);
        engine.apply(c.deposit(Command.SYSTEM_SUBMITTER, 0, SELLER, SECURITY, 1L << 40), EventSink.NONE);
        int date = Market.FIRST_DATE;
        engine.apply(c.advanceBusinessDate(Command.SYSTEM_SUBMITTER, 0, date), EventSink.NONE);
        long nextId = 1;
        for (int i = 0; i < instructions; )
        {
            engine.apply(c.submitInstruction(BUYER, 0, i + 1, Side.BUY, SELLER, SECURITY, 0, 1, 0, date, DealType.FOP), EventSink.NONE);
            if (matched)
            {
                engine.apply(c.submitInstruction(SELLER, 0, i + 1, Side.SELL, BUYER, SECURITY, 0, 1, 0, date, DealType.FOP),
                    EventSink.NONE);
                i += 2;
                nextId += 2;
            }
            else
            {
                engine.apply(c.cancelInstruction(BUYER, 0, nextId++), EventSink.NONE);
                i++;
            }
            if (i % perDay == 0 || i >= instructions)
            {
                engine.apply(c.runSettlementCycle(Command.SYSTEM_SUBMITTER, 0), EventSink.NONE);
                date = Dates.plusDays(date, 1);
                engine.apply(c.advanceBusinessDate(Command.SYSTEM_SUBMITTER, 0, date), EventSink.NONE);
            }
        }
        final long expectedLive = retention == KEEP_ALL_DAYS ? instructions : 0;
        if (engine.liveInstructionCount() != expectedLive || engine.liveDealCount() != (retention == KEEP_ALL_DAYS && matched
            ? instructions / 2 : 0))
        {
            throw new IllegalStateException("expected " + expectedLive + " instructions in memory, have " + engine.liveInstructionCount()
                + " (and " + engine.liveDealCount() + " deals)");
        }
        return engine;
    }

    private static long liveHeap(final MemoryMXBean memory)
    {
        for (int i = 0; i < 3; i++)
        {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
