package io.settlement.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import io.settlement.engine.EngineConfig;
import io.settlement.engine.SettlementEngine;
import io.settlement.engine.api.Command;
import io.settlement.protocol.wire.DealStatus;
import io.settlement.protocol.wire.DealType;
import io.settlement.protocol.wire.InstrumentKind;
import io.settlement.protocol.wire.Reason;
import io.settlement.protocol.wire.Role;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The day summary follows the engine's outcomes instead of scanning its deals: after any stream of
 * deals, cancels, funding and cycles, its pending and failing figures equal a scan of the engine's
 * state, and a summary seeded from that state (a read model starting from a snapshot) agrees.
 */
class DaySummaryTest
{
    private static final long OPS = 91;
    private static final int TODAY = 20260105;

    @Test
    void shouldKeepPendingAndFailingDealsAsAScanOfTheEngineWouldFindThem()
    {
        for (final long seed : new long[] {1, 2, 3, 4, 5})
        {
            final Random random = new Random(seed);
            final SettlementEngine engine = new SettlementEngine(new EngineConfig());
            final DaySummary day = new DaySummary(engine);
            final Command c = new Command();
            long sequence = 0;
            final List<Command> setUp = List.of(
                new Command().createParticipant(0, 0, OPS, Role.OPERATOR),
                new Command().createParticipant(OPS, 0, 1, Role.MEMBER), new Command().createParticipant(OPS, 0, 2, Role.MEMBER),
                new Command().createParticipant(OPS, 0, 3, Role.MEMBER),
                new Command().createInstrument(OPS, 0, 10, InstrumentKind.SECURITY, "ACME"),
                new Command().createInstrument(OPS, 0, 840, InstrumentKind.CURRENCY, "USD"),
                new Command().createInstrument(OPS, 0, 978, InstrumentKind.CURRENCY, "EUR"),
                new Command().advanceBusinessDate(OPS, 0, TODAY));
            for (final Command command : setUp)
            {
                command.sequence = ++sequence;
                engine.apply(command, (event, buffer, offset, length) -> day.onEvent(event));
            }
            long clientDealId = 0;
            for (int i = 0; i < 600; i++)
            {
                final int what = random.nextInt(20);
                final long buyer = 1 + random.nextInt(3);
                final long seller = 1 + (buyer + random.nextInt(2)) % 3;
                if (what < 12)
                {
                    final boolean fop = random.nextInt(5) == 0;
                    c.submitDeal(buyer, 0, random.nextInt(8) == 0 ? clientDealId : ++clientDealId, buyer, seller, 10,
                        fop ? 0 : random.nextBoolean() ? 840 : 978, 1 + random.nextInt(50), fop ? 0 : 1 + random.nextInt(5_000), TODAY,
                        fop ? DealType.FOP : DealType.DVP);
                }
                else if (what < 14)
                {
                    c.cancelDeal(OPS, 0, 1 + random.nextInt((int)Math.max(1, clientDealId)));
                }
                else if (what < 17)
                {
                    c.deposit(OPS, 0, 1 + random.nextInt(3), random.nextBoolean() ? 10 : random.nextBoolean() ? 840 : 978,
                        1 + random.nextInt(3_000));
                }
                else
                {
                    c.runSettlementCycle(OPS, 0);
                }
                c.sequence = ++sequence;
                engine.apply(c, (event, buffer, offset, length) -> day.onEvent(event));
                if (i % 50 == 49)
                {
                    assertEquals(scan(engine), figures(day), "seed " + seed + " after " + (i + 1) + " commands");
                    assertEquals(figures(day), figures(new DaySummary(engine)), "seeded from the state, seed " + seed);
                }
            }
        }
    }

    /** Per currency: pending count and value, failing count and value, from the summary. */
    @SuppressWarnings("unchecked")
    private static Map<String, List<Long>> figures(final DaySummary day)
    {
        final Map<String, List<Long>> figures = new TreeMap<>();
        for (final Map<String, Object> row : (List<Map<String, Object>>)day.toJson().get("byCurrency"))
        {
            if ((long)row.get("pendingDeals") > 0)
            {
                figures.put(String.valueOf(row.get("currencyId")), List.of((long)row.get("pendingDeals"), (long)row.get("pendingValue"),
                    (long)row.get("failingDeals"), (long)row.get("failingValue")));
            }
        }
        return figures;
    }

    /** The same figures from a scan of every live deal. */
    private static Map<String, List<Long>> scan(final SettlementEngine engine)
    {
        final Map<String, long[]> sums = new TreeMap<>();
        engine.forEachDealAfter(0, e ->
        {
            if (e.dealStatus == DealStatus.PENDING.value())
            {
                final long[] sum = sums.computeIfAbsent(e.dealType == DealType.FOP.value() ? "null" : String.valueOf(e.currencyId),
                    k -> new long[4]);
                sum[0]++;
                sum[1] += e.cashAmount;
                if (e.reason != null && e.reason != Reason.OK)
                {
                    sum[2]++;
                    sum[3] += e.cashAmount;
                }
            }
            return true;
        });
        final Map<String, List<Long>> figures = new TreeMap<>();
        sums.forEach((currency, s) -> figures.put(currency, new ArrayList<>(List.of(s[0], s[1], s[2], s[3]))));
        return figures;
    }
}
