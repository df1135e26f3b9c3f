package io.settlement.journal;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.settlement.engine.Dates;
import io.settlement.engine.api.Command;
import io.settlement.engine.pipeline.PipelineClient;
import io.settlement.protocol.wire.DealType;
import io.settlement.protocol.wire.InstrumentKind;
import io.settlement.protocol.wire.LimitKind;
import io.settlement.protocol.wire.Reason;
import io.settlement.protocol.wire.Role;

/**
 * A reproducible mix of commands for journal tests: a small market with a retention of one day, then deals (some refused by
 * limits), cancels, funding, settlement cycles and date changes, all from the system client.
 */
final class Workload
{
    static final int MEMBERS = 6;
    static final int FIRST_DATE = 20260105;

    private final SplittableRandom random;
    private final Command command = new Command();
    private int date = FIRST_DATE;
    private long nextClientDealId;

    Workload(final long seed)
    {
        random = new SplittableRandom(seed);
    }

    /** Reference data, funding and limits: sends and waits. */
    static void setUp(final PipelineClient system) throws Exception
    {
        final Command c = new Command();
        final List<CompletableFuture<PipelineClient.Outcome>> sent = new ArrayList<>();
        sent.add(system.send(c.setRetention(0, 0, 1))); // short, so that restarts meet purged deals
        sent.add(system.send(c.createInstrument(0, 0, 10, InstrumentKind.SECURITY, "ACME")));
        sent.add(system.send(c.createInstrument(0, 0, 11, InstrumentKind.SECURITY, "BOND")));
        sent.add(system.send(c.createInstrument(0, 0, 840, InstrumentKind.CURRENCY, "USD")));
        for (int m = 1; m <= MEMBERS; m++)
        {
            sent.add(system.send(c.createParticipant(0, 0, m, Role.MEMBER)));
            sent.add(system.send(c.deposit(0, 0, m, 840, 1_000_000)));
            sent.add(system.send(c.deposit(0, 0, m, 10, 5_000)));
            sent.add(system.send(c.setLimit(0, 0, m, LimitKind.CREDIT, 840, 400_000)));
        }
        sent.add(system.send(c.advanceBusinessDate(0, 0, FIRST_DATE)));
        for (final CompletableFuture<PipelineClient.Outcome> future : sent)
        {
            final PipelineClient.Outcome outcome = future.get(10, TimeUnit.SECONDS);
            if (outcome.published() != Reason.OK || outcome.first().reason != Reason.OK)
            {
                throw new IllegalStateException("set-up refused: " + outcome);
            }
        }
    }

    /** The next command (owned by this workload: send it before asking for another). */
    Command next()
    {
        final int pick = random.nextInt(100);
        if (pick < 75)
        {
            final long buyer = 1 + random.nextInt(MEMBERS);
            final long seller = 1 + (buyer + random.nextInt(MEMBERS - 1)) % MEMBERS;
            final boolean fop = random.nextInt(10) == 0;
            return command.submitDeal(0, 0, ++nextClientDealId, buyer, seller, random.nextBoolean() ? 10 : 11,
                fop ? 0 : 840, 1 + random.nextInt(50), fop ? 0 : 1 + random.nextInt(20_000), date,
                fop ? DealType.FOP : DealType.DVP);
        }
        if (pick < 82)
        {
            return command.cancelDeal(0, 0, 1 + random.nextLong(Math.max(1, nextClientDealId)));
        }
        if (pick < 90)
        {
            return command.deposit(0, 0, 1 + random.nextInt(MEMBERS), random.nextBoolean() ? 840 : 11,
                1 + random.nextInt(100_000));
        }
        if (pick < 97)
        {
            return command.runSettlementCycle(0, 0);
        }
        date = Dates.plusDays(date, 1);
        return command.advanceBusinessDate(0, 0, date);
    }

    /** Sends {@code count} commands, waiting for each window of 256 to be answered. */
    void run(final PipelineClient system, final int count) throws Exception
    {
        final List<CompletableFuture<PipelineClient.Outcome>> window = new ArrayList<>();
        for (int i = 0; i < count; i++)
        {
            final Command c = next();
            c.correlationId = 0;
            window.add(system.send(c));
            if (window.size() == 256 || i == count - 1)
            {
                for (final CompletableFuture<PipelineClient.Outcome> future : window)
                {
                    if (future.get(30, TimeUnit.SECONDS).published() != Reason.OK)
                    {
                        throw new IllegalStateException("the ring refused a command: " + future.get());
                    }
                }
                window.clear();
            }
        }
    }
}
