package io.settlement.benchmarks;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import io.settlement.engine.EngineConfig;
import io.settlement.engine.SettlementEngine;
import io.settlement.engine.api.Command;
import io.settlement.engine.api.EventSink;
import io.settlement.engine.api.EventType;
import io.settlement.protocol.wire.CycleMode;
import io.settlement.protocol.wire.DealType;
import io.settlement.protocol.wire.InstrumentKind;
import io.settlement.protocol.wire.Reason;
import io.settlement.protocol.wire.Role;

/**
 * GROSS against NETTED on a day with scarce liquidity, the engine alone on one thread. A market of
 * {@code members} members, 8 securities and 2 currencies; D DvP deals drawn at random between members, all
 * due on the same day; every member funded, per security, with {@code fraction} of what it must deliver that
 * day and, per currency, with {@code fraction} of what it must pay. The same commands build two engines (the
 * same state hash: copies); one runs a GROSS cycle, the other a NETTED cycle; each is timed (the whole
 * RunSettlementCycle, events included, to a sink that counts them), and the deals and value each settled are
 * compared. A warm-up round on a smaller day runs first.
 *
 * <pre>
 *   java -Xmx6g -cp benchmarks/target/benchmarks.jar io.settlement.benchmarks.NettedCycleBenchmark [deals] [members,...] [fraction,...]
 * </pre>
 */
public final class NettedCycleBenchmark
{
    static final long OPERATOR = 1_000_000;
    static final int FIRST_SECURITY = 100;
    static final int SECURITIES = 8;
    static final int USD = 840;
    static final int EUR = 978;
    static final int DATE = 20260105;

    private NettedCycleBenchmark()
    {
    }

    /** What one cycle did. */
    record Outcome(long nanos, long settled, long failed, BigInteger usd, BigInteger eur, long stateHash)
    {
        BigInteger value()
        {
            return usd.add(eur);
        }
    }

    public static void main(final String[] args)
    {
        final int deals = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        final String[] memberCounts = (args.length > 1 ? args[1] : "64,10000").split(",");
        final String[] fractions = (args.length > 2 ? args[2] : "0.01,0.05,0.2,0.5").split(",");

        System.out.printf("warm-up: %,d deals, 1,000 members, funded at 0.2 and 0.05%n", Math.min(deals, 200_000));
        compare(Math.min(deals, 200_000), 1_000, 0.2, 7, false);
        compare(Math.min(deals, 200_000), 1_000, 0.05, 8, false);
        for (final String count : memberCounts)
        {
            final int members = Integer.parseInt(count);
            System.out.printf("%n%,d DvP deals due on one day, %,d members, 8 securities, 2 currencies; one thread%n", deals, members);
            System.out.println("| funded at | NETTED / GROSS cycle time | GROSS time | NETTED time | NETTED / GROSS value settled "
                + "| GROSS settled deals (value) | NETTED settled deals (value) |");
            System.out.println("|---|---|---|---|---|---|---|");
            for (final String fraction : fractions)
            {
                compare(deals, members, Double.parseDouble(fraction), 42, true);
            }
        }
    }

    private static void compare(final int deals, final int members, final double fraction, final long seed, final boolean print)
    {
        final List<Command> day = day(deals, members, fraction, seed);
        final Outcome gross = run(day, deals, CycleMode.GROSS);
        final Outcome netted = run(day, deals, CycleMode.NETTED);
        if (gross.stateHash != netted.stateHash)
        {
            throw new IllegalStateException("the two engines differ before their cycles");
        }
        if (print)
        {
            System.out.printf("| %.0f%% of gross obligations | **%.2f** | %.0f ms | %.0f ms | **%.2f** | %,d (%s) | %,d (%s) |%n",
                fraction * 100, (double)netted.nanos / gross.nanos, gross.nanos / 1e6, netted.nanos / 1e6,
                netted.value().doubleValue() / Math.max(1, gross.value().doubleValue()),
                gross.settled, money(gross), netted.settled, money(netted));
        }
    }

    private static String money(final Outcome o)
    {
        return "USD " + String.format("%,d", o.usd.divide(BigInteger.valueOf(100))) + ", EUR "
            + String.format("%,d", o.eur.divide(BigInteger.valueOf(100)));
    }

    /** Builds an engine from {@code day} and times one cycle in {@code mode}. */
    private static Outcome run(final List<Command> day, final int deals, final CycleMode mode)
    {
        final SettlementEngine engine = new SettlementEngine(new EngineConfig().initialDealCapacity(deals + 1024));
        long sequence = 0;
        for (final Command c : day)
        {
            c.sequence = ++sequence;
            engine.apply(c, FAIL_ON_REFUSAL);
        }
        final long before = engine.stateHash();
        final long[] counts = new long[2];
        final BigInteger[] values = {BigInteger.ZERO, BigInteger.ZERO};
        final EventSink sink = (event, buffer, offset, length) ->
        {
            if (event.type == EventType.CYCLE_SETTLED_VALUE)
            {
                values[event.currencyId == USD ? 0 : 1] = event.wideAmount();
            }
            else if (event.type == EventType.CYCLE_COMPLETED)
            {
                counts[0] = event.settled;
                counts[1] = event.failed;
            }
            else if (event.type == EventType.COMMAND_RESULT)
            {
                throw new IllegalStateException("cycle refused: " + event);
            }
        };
        final Command cycle = new Command().runSettlementCycle(OPERATOR, 0, mode);
        cycle.sequence = ++sequence;
        System.gc();
        final long t0 = System.nanoTime();
        engine.apply(cycle, sink);
        final long nanos = System.nanoTime() - t0;
        if (!engine.checkInvariants().isEmpty() || counts[0] + counts[1] != deals)
        {
            throw new IllegalStateException(mode + ": " + engine.checkInvariants() + ", " + counts[0] + " + " + counts[1]);
        }
        return new Outcome(nanos, counts[0], counts[1], values[0], values[1], before);
    }

    /** The day's commands: reference data, the deals, and the funding at {@code fraction} of each member's obligations. */
    static List<Command> day(final int deals, final int members, final double fraction, final long seed)
    {
        final List<Command> commands = new ArrayList<>(deals + 1024);
        commands.add(new Command().createParticipant(Command.SYSTEM_SUBMITTER, 0, OPERATOR, Role.OPERATOR, "Operations", "OPS"));
        for (int i = 0; i < SECURITIES; i++)
        {
            final String isin = String.format("XS%09d", FIRST_SECURITY + i);
            commands.add(new Command().createInstrument(OPERATOR, 0, FIRST_SECURITY + i, InstrumentKind.SECURITY, "SEC" + i,
                isin + io.settlement.engine.api.ReferenceChecks.checkDigit(isin), "Security " + i, 0));
        }
        commands.add(new Command().createInstrument(OPERATOR, 0, USD, InstrumentKind.CURRENCY, "USD", "", "US dollar", 2));
        commands.add(new Command().createInstrument(OPERATOR, 0, EUR, InstrumentKind.CURRENCY, "EUR", "", "Euro", 2));
        for (int m = 0; m < members; m++)
        {
            commands.add(new Command().createParticipant(OPERATOR, 0, m + 1, Role.MEMBER, "Member " + (m + 1), "M" + (m + 1)));
        }
        commands.add(new Command().advanceBusinessDate(OPERATOR, 0, DATE));

        // obligations[member][instrument slot]: deliveries per security (slots 0-7), payments per currency (8, 9)
        final long[][] obligations = new long[members][SECURITIES + 2];
        final SplittableRandom random = new SplittableRandom(seed);
        final List<Command> trades = new ArrayList<>(deals);
        for (int i = 0; i < deals; i++)
        {
            final int buyer = random.nextInt(members);
            final int seller = (buyer + 1 + random.nextInt(members - 1)) % members;
            final int security = random.nextInt(SECURITIES);
            final boolean usd = random.nextBoolean();
            final long quantity = 1 + random.nextInt(256);
            final long cash = 100 + random.nextInt(16_384);
            obligations[seller][security] += quantity;
            obligations[buyer][SECURITIES + (usd ? 0 : 1)] += cash;
            trades.add(new Command().submitDeal(OPERATOR, 0, i + 1, buyer + 1, seller + 1, FIRST_SECURITY + security,
                usd ? USD : EUR, quantity, cash, DATE, DealType.DVP));
        }
        for (int m = 0; m < members; m++)
        {
            for (int slot = 0; slot < SECURITIES + 2; slot++)
            {
                final long amount = (long)(obligations[m][slot] * fraction);
                if (amount > 0)
                {
                    final int instrument = slot < SECURITIES ? FIRST_SECURITY + slot : slot == SECURITIES ? USD : EUR;
                    commands.add(new Command().deposit(OPERATOR, 0, m + 1, instrument, amount));
                }
            }
        }
        commands.addAll(trades);
        return commands;
    }

    private static final EventSink FAIL_ON_REFUSAL = (event, buffer, offset, length) ->
    {
        if ((event.type == EventType.COMMAND_RESULT || event.type == EventType.DEAL_REJECTED) && event.reason != Reason.OK)
        {
            throw new IllegalStateException("day set-up refused: " + event);
        }
    };
}
