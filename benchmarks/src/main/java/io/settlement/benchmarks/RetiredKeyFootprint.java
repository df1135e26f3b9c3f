package io.settlement.benchmarks;

import io.settlement.engine.Dates;
import io.settlement.engine.SettlementEngine;
import io.settlement.engine.api.Command;
import io.settlement.engine.api.EventSink;
import io.settlement.protocol.wire.DealType;
import io.settlement.protocol.wire.InstrumentKind;
import io.settlement.protocol.wire.Role;

/**
 * Measures what the engine keeps of finished deals once they are purged: their clientDealIds only
 * (a key stays taken for the life of the journal), in compressed bitmaps per submitter. Two
 * submitters each register N deals, settle them and purge them (retention 0, a date roll every
 * {@code perDay} deals): one numbers its deals 1, 2, 3... in order, the other takes every 7th
 * number and sometimes skips ahead, as a client sharing a number range might. Prints the retired
 * keys held and the bytes their sets take (the bitmaps' own count).
 *
 * <pre>
 *   java -cp benchmarks/target/benchmarks.jar io.settlement.benchmarks.RetiredKeyFootprint [deals] [perDay]
 * </pre>
 */
public final class RetiredKeyFootprint
{
    private static final long IN_ORDER = 1;
    private static final long SPREAD = 2;
    private static final int SECURITY = 10;

    private RetiredKeyFootprint()
    {
    }

    public static void main(final String[] args)
    {
        final int deals = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        final int perDay = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        for (final long submitter : new long[] {IN_ORDER, SPREAD})
        {
            final SettlementEngine engine = new SettlementEngine();
            final Command c = new Command();
            engine.apply(c.setRetention(Command.SYSTEM_SUBMITTER, 0, 0), EventSink.NONE);
            engine.apply(c.createParticipant(Command.SYSTEM_SUBMITTER, 0, IN_ORDER, Role.MEMBER), EventSink.NONE);
            engine.apply(c.createParticipant(Command.SYSTEM_SUBMITTER, 0, SPREAD, Role.MEMBER), EventSink.NONE);
            engine.apply(c.createInstrument(Command.SYSTEM_SUBMITTER, 0, SECURITY, InstrumentKind.SECURITY, "ACME"), EventSink.NONE);
            engine.apply(c.deposit(Command.SYSTEM_SUBMITTER, 0, submitter, SECURITY, 1L << 40), EventSink.NONE);
            int date = Market.FIRST_DATE;
            engine.apply(c.advanceBusinessDate(Command.SYSTEM_SUBMITTER, 0, date), EventSink.NONE);
            final long other = submitter == IN_ORDER ? SPREAD : IN_ORDER;
            long key = 0;
            for (int i = 0; i < deals; i++)
            {
                key = submitter == IN_ORDER ? key + 1 : key + 7 + (i % 1000 == 0 ? 5_000 : 0);
                engine.apply(c.submitDeal(submitter, 0, key, other, submitter, SECURITY, 0, 1, 0, date, DealType.FOP),
                    EventSink.NONE);
                if ((i + 1) % perDay == 0 || i == deals - 1)
                {
                    engine.apply(c.runSettlementCycle(Command.SYSTEM_SUBMITTER, 0), EventSink.NONE);
                    date = Dates.plusDays(date, 1);
                    engine.apply(c.advanceBusinessDate(Command.SYSTEM_SUBMITTER, 0, date), EventSink.NONE);
                }
            }
            if (engine.liveDealCount() != 0 || engine.retiredClientDealIdCount() != deals)
            {
                throw new IllegalStateException("expected every deal settled and purged: " + engine.liveDealCount()
                    + " live, " + engine.retiredClientDealIdCount() + " retired");
            }
            System.out.printf("%-44s %,12d keys retired, %,10d bytes (%.4f bytes a key)%n",
                submitter == IN_ORDER ? "numbered in order (1, 2, 3...):" : "every 7th number, skipping ahead now and then:",
                engine.retiredClientDealIdCount(), engine.retiredClientDealIdBytes(),
                engine.retiredClientDealIdBytes() / (double)deals);
        }
    }
}
