package io.settlement.benchmarks;

import io.settlement.engine.SettlementEngine;
import io.settlement.engine.api.Command;
import io.settlement.engine.api.EventSink;
import io.settlement.engine.api.EventType;
import io.settlement.protocol.wire.DealType;
import io.settlement.protocol.wire.InstrumentKind;
import io.settlement.protocol.wire.LimitKind;
import io.settlement.protocol.wire.Reason;
import io.settlement.protocol.wire.Role;

/**
 * A synthetic market for benchmarks: {@code members} MEMBER participants, 8 securities, 2
 * currencies, every member funded generously and every limit kind set (so each registration does
 * the full set of limit checks), and a deterministic deal generator over it.
 */
final class Market
{
    static final long OPERATOR = 1_000_000;
    static final int FIRST_SECURITY = 100;
    static final int SECURITIES = 8;
    static final int USD = 840;
    static final int EUR = 978;
    static final int FIRST_DATE = 20260105;

    final int members;
    private final Command command = new Command();
    private long sequence;
    private long nextClientDealId;

    Market(final int members)
    {
        this.members = members;
        generateDeals();
    }

    static long memberId(final int i)
    {
        return i + 1;
    }

    /** Creates the reference data, funding and limits directly in {@code engine}. */
    void setUp(final SettlementEngine engine, final long limitAmount)
    {
        for (final Command c : setUpCommands(limitAmount))
        {
            apply(engine, c);
        }
    }

    /** The commands that create the reference data, funding and limits, from the system submitter. */
    java.util.List<Command> setUpCommands(final long limitAmount)
    {
        final java.util.List<Command> commands = new java.util.ArrayList<>();
        commands.add(new Command().createParticipant(Command.SYSTEM_SUBMITTER, 0, OPERATOR, Role.OPERATOR, "Operations", "OPS"));
        for (int i = 0; i < SECURITIES; i++)
        {
            // a made-up ISIN with the check digit ISO 6166 gives it, so the engine accepts it
            final String isin = String.format("XS%09d", FIRST_SECURITY + i);
            commands.add(new Command().createInstrument(OPERATOR, 0, FIRST_SECURITY + i, InstrumentKind.SECURITY, "SEC" + i,
                isin + io.settlement.engine.api.ReferenceChecks.checkDigit(isin), "Security " + i, 0));
        }
        commands.add(new Command().createInstrument(OPERATOR, 0, USD, InstrumentKind.CURRENCY, "USD", "", "US dollar", 2));
        commands.add(new Command().createInstrument(OPERATOR, 0, EUR, InstrumentKind.CURRENCY, "EUR", "", "Euro", 2));
        for (int m = 0; m < members; m++)
        {
            commands.add(new Command().createParticipant(OPERATOR, 0, memberId(m), Role.MEMBER, "Member " + memberId(m), "M" + memberId(m)));
        }
        for (int m = 0; m < members; m++)
        {
            final long id = memberId(m);
            commands.add(new Command().deposit(OPERATOR, 0, id, USD, 1L << 50));
            commands.add(new Command().deposit(OPERATOR, 0, id, EUR, 1L << 50));
            commands.add(new Command().setLimit(OPERATOR, 0, id, LimitKind.CREDIT, USD, limitAmount));
            commands.add(new Command().setLimit(OPERATOR, 0, id, LimitKind.CREDIT, EUR, limitAmount));
            for (int s = 0; s < SECURITIES; s++)
            {
                commands.add(new Command().deposit(OPERATOR, 0, id, FIRST_SECURITY + s, 1L << 40));
                commands.add(new Command().setLimit(OPERATOR, 0, id, LimitKind.DELIVERY, FIRST_SECURITY + s, limitAmount));
            }
            for (int other = 0; other < members; other++)
            {
                if (other != m)
                {
                    commands.add(new Command().setLimit(
                        OPERATOR, 0, id, LimitKind.COUNTERPARTY, memberId(other), limitAmount));
                }
            }
        }
        commands.add(new Command().advanceBusinessDate(OPERATOR, 0, FIRST_DATE));
        return commands;
    }

    /**
     * Fills {@code c} with the next DvP deal, submitted by its buyer, due on {@code date}. Deals
     * cycle through a table generated up front, so that the measured loop only copies fields into
     * the command, as a gateway translator would.
     */
    Command nextDeal(final Command c, final int date)
    {
        final int i = (int)(nextClientDealId & (TABLE_SIZE - 1));
        c.submitDeal(
            buyers[i], 0, ++nextClientDealId, buyers[i], sellers[i], securities[i], currencies[i],
            quantities[i], cashAmounts[i], date, DealType.DVP);
        c.sequence = ++sequence;
        c.correlationId = sequence;
        return c;
    }

    /**
     * Fills {@code c} with one side of the {@code i}-th deal of the table as a settlement instruction
     * (two-sided matching): the buyer's ({@code buy}) or the seller's, due on {@code date}.
     */
    Command instruction(final Command c, final int i, final boolean buy, final long clientRef, final int date)
    {
        final int t = i & (TABLE_SIZE - 1);
        c.submitInstruction(buy ? buyers[t] : sellers[t], 0, clientRef,
            buy ? io.settlement.protocol.wire.Side.BUY : io.settlement.protocol.wire.Side.SELL, buy ? sellers[t] : buyers[t],
            securities[t], currencies[t], quantities[t], cashAmounts[t], date, DealType.DVP);
        c.sequence = ++sequence;
        c.correlationId = sequence;
        return c;
    }

    private static final int TABLE_SIZE = 1 << 16;
    private final long[] buyers = new long[TABLE_SIZE];
    private final long[] sellers = new long[TABLE_SIZE];
    private final int[] securities = new int[TABLE_SIZE];
    private final int[] currencies = new int[TABLE_SIZE];
    private final long[] quantities = new long[TABLE_SIZE];
    private final long[] cashAmounts = new long[TABLE_SIZE];

    private void generateDeals()
    {
        final java.util.SplittableRandom random = new java.util.SplittableRandom(42);
        for (int i = 0; i < TABLE_SIZE; i++)
        {
            final int buyer = random.nextInt(members);
            final int seller = (buyer + 1 + random.nextInt(members - 1)) % members;
            buyers[i] = memberId(buyer);
            sellers[i] = memberId(seller);
            securities[i] = FIRST_SECURITY + random.nextInt(SECURITIES);
            currencies[i] = random.nextBoolean() ? USD : EUR;
            quantities[i] = 1 + random.nextInt(256);
            cashAmounts[i] = 100 + random.nextInt(16_384);
        }
    }

    Command command()
    {
        return command;
    }

    private static final EventSink FAIL_ON_REFUSAL = (event, buffer, offset, length) ->
    {
        if (event.type == EventType.COMMAND_RESULT && event.reason != Reason.OK)
        {
            throw new IllegalStateException("market set-up refused: " + event);
        }
    };

    void apply(final SettlementEngine engine, final Command c)
    {
        c.sequence = ++sequence;
        engine.apply(c, FAIL_ON_REFUSAL);
    }
}
