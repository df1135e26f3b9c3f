package io.settlement.reports;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.settlement.engine.Dates;
import io.settlement.engine.SettlementEngine;
import io.settlement.engine.api.Command;
import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventType;
import io.settlement.engine.pipeline.PipelineClient;
import io.settlement.journal.SettlementNode;
import io.settlement.protocol.Codes;
import io.settlement.protocol.wire.DealType;
import io.settlement.protocol.wire.InstrumentKind;
import io.settlement.protocol.wire.LimitKind;
import io.settlement.protocol.wire.Reason;
import io.settlement.protocol.wire.Role;
import io.settlement.protocol.wire.Side;

/**
 * A scripted market run through a real node into a data directory, keeping its own record of what
 * happened from the commands it sent and the engine's answers (never from the read model): the
 * deals accepted with the terms sent, the deals refused with their reasons, each member's position
 * at the close of each business day (asked with position queries), and the engine's final state.
 */
final class ScriptedMarket
{
    static final int FIRST_DATE = 20260105;
    static final long[] MEMBERS = {1, 2, 3, 4, 5, 6};
    static final int[] SECURITIES = {10, 11};
    static final int[] CURRENCIES = {840, 978};

    /** A deal the engine accepted, with the terms the script sent. */
    record Deal(long dealId, long clientDealId, long buyer, long seller, int security, int currency, long quantity, long cash,
        DealType type)
    {
    }

    final Map<Long, Deal> accepted = new TreeMap<>();
    /** Each refusal of a deal (a repeat refused again is a refusal of its own): "clientDealId reason". */
    final List<String> rejections = new ArrayList<>();
    int repeats;
    /** Deposits less withdrawals the engine accepted, "participant/instrument". */
    final Map<String, Long> netFunding = new TreeMap<>();
    /** business date, then "participant/instrument", then the balance the engine reported at the close of that day. */
    final Map<Integer, Map<String, Long>> closingPositions = new TreeMap<>();
    /** The engine's balances at the end, "participant/instrument" (non-zero only). */
    final Map<String, Long> finalBalances = new TreeMap<>();
    /** The engine's deal statuses at the end, by deal id. */
    final Map<Long, String> finalStatus = new TreeMap<>();
    long lastSequence;

    private final SplittableRandom random;
    /** The holds and releases, drawn apart so that the rest of the market is what it was before holds. */
    private final SplittableRandom holds;
    /** Holds and releases that changed a deal, by deal_event kind (HELD_SELL, RELEASED_BUY, ...). */
    final Map<String, Long> holdEvents = new TreeMap<>();
    private final Command command = new Command();
    private long nextClientDealId;
    /** Sides this script held: {dealId, 0 BUY or 1 SELL}. */
    private final List<long[]> held = new ArrayList<>();
    /** The last dealId the engine gave. */
    private long lastDealId;
    private int date = FIRST_DATE;

    private ScriptedMarket(final long seed)
    {
        this.random = new SplittableRandom(seed);
        this.holds = new SplittableRandom(~seed);
    }

    static SettlementNode.Config config(final Path data)
    {
        return new SettlementNode.Config(data).ringSize(1024).snapshotIntervalCommands(0).log(line -> {});
    }

    /** Runs {@code days} business days of about {@code commandsPerDay} commands each into {@code data}. */
    static ScriptedMarket run(final Path data, final long seed, final int days, final int commandsPerDay) throws Exception
    {
        return run(data, seed, days, commandsPerDay, () -> { });
    }

    /** As {@link #run(Path, long, int, int)}, calling {@code started} once the node has opened its journals. */
    static ScriptedMarket run(final Path data, final long seed, final int days, final int commandsPerDay, final Started started)
        throws Exception
    {
        final ScriptedMarket market = new ScriptedMarket(seed);
        try (SettlementNode node = SettlementNode.start(config(data)))
        {
            started.run();
            final PipelineClient system = node.client(0);
            market.setUp(system);
            for (int day = 0; day < days; day++)
            {
                for (int i = 0; i < commandsPerDay; i++)
                {
                    market.step(system);
                }
                market.send(system, market.command.runSettlementCycle(0, 0));
                market.close(system);
            }
            final SettlementEngine engine = node.stop();
            engine.forEachBalance((p, i, balance) -> market.finalBalances.put(p + "/" + i, balance));
            engine.forEachDeal(e -> market.finalStatus.put(e.dealId, Codes.dealStatus(e.dealStatus).name()));
            market.lastSequence = engine.lastSequence();
        }
        return market;
    }

    /** What to do once the node runs. */
    interface Started
    {
        void run() throws Exception;
    }

    private PipelineClient.Outcome send(final PipelineClient client, final Command c) throws Exception
    {
        final PipelineClient.Outcome outcome = client.send(c).get(30, TimeUnit.SECONDS);
        if (outcome.published() != Reason.OK)
        {
            throw new IllegalStateException("the ring refused " + c + ": " + outcome);
        }
        return outcome;
    }

    private void sendOk(final PipelineClient client, final Command c) throws Exception
    {
        final PipelineClient.Outcome outcome = send(client, c);
        if (outcome.first().reason != Reason.OK)
        {
            throw new IllegalStateException("set-up refused: " + outcome);
        }
    }

    private void setUp(final PipelineClient system) throws Exception
    {
        sendOk(system, command.setRetention(0, 0, 3650));
        // with the details people read, and (BOND, EUR, odd members) in the layout from before them
        sendOk(system, command.createInstrument(0, 0, 10, InstrumentKind.SECURITY, "ACME", "US0378331005", "Acme Corp. ordinary", 0));
        sendOk(system, command.createInstrument(0, 0, 11, InstrumentKind.SECURITY, "BOND"));
        sendOk(system, command.createInstrument(0, 0, 840, InstrumentKind.CURRENCY, "USD", "", "US dollar", 2));
        sendOk(system, command.createInstrument(0, 0, 978, InstrumentKind.CURRENCY, "EUR"));
        for (final long m : MEMBERS)
        {
            sendOk(system, m % 2 == 0 ? command.createParticipant(0, 0, m, Role.MEMBER, "Банк " + m, "BANK" + m)
                : command.createParticipant(0, 0, m, Role.MEMBER));
            fund(system, m, 840, 200_000);
            fund(system, m, 978, 100_000);
            fund(system, m, 10, 400);
            fund(system, m, 11, 300);
        }
        sendOk(system, command.setLimit(0, 0, 3, LimitKind.CREDIT, 840, 50_000));
        sendOk(system, command.advanceBusinessDate(0, 0, FIRST_DATE));
    }

    private void step(final PipelineClient system) throws Exception
    {
        if (holds.nextInt(100) < 6 && lastDealId > 0)
        {
            // the system is an operator: it may hold or release either side of any pending deal. A hold names one
            // of the latest deals (the ones still pending), a release one of the sides held (its deal may be gone)
            final boolean release = !held.isEmpty() && holds.nextBoolean();
            final long[] target = release ? held.remove(holds.nextInt(held.size()))
                : new long[] {lastDealId - holds.nextLong(Math.min(lastDealId, 30)), holds.nextInt(2)};
            final Side side = target[1] == 0 ? Side.BUY : Side.SELL;
            final Event answer = send(system, release ? command.releaseDeal(0, 0, target[0], side)
                : command.holdDeal(0, 0, target[0], side)).first();
            if (answer.type == EventType.DEAL_HELD || answer.type == EventType.DEAL_RELEASED)
            {
                holdEvents.merge((answer.type == EventType.DEAL_HELD ? "HELD_" : "RELEASED_") + side, 1L, Long::sum);
            }
            if (answer.type == EventType.DEAL_HELD)
            {
                held.add(target);
            }
        }
        final int pick = random.nextInt(100);
        if (pick < 70)
        {
            deal(system);
        }
        else if (pick < 76 && nextClientDealId > 0)
        {
            send(system, command.cancelDeal(0, 0, 1 + random.nextLong(nextClientDealId)));
        }
        else if (pick < 82)
        {
            fund(system, member(), instrument(), 1 + random.nextInt(20_000));
        }
        else if (pick < 88)
        {
            fund(system, member(), instrument(), -(1 + random.nextInt(30_000)));
        }
        else if (pick < 91)
        {
            send(system, command.setLimit(0, 0, member(), LimitKind.CREDIT, 840, 20_000 + random.nextInt(200_000)));
        }
        else
        {
            send(system, command.runSettlementCycle(0, 0));
        }
    }

    private void fund(final PipelineClient system, final long participant, final int instrument, final long amount)
        throws Exception
    {
        final Command c = amount > 0 ? command.deposit(0, 0, participant, instrument, amount)
            : command.withdraw(0, 0, participant, instrument, -amount);
        if (send(system, c).first().reason == Reason.OK)
        {
            netFunding.merge(participant + "/" + instrument, amount, Long::sum);
        }
    }

    private long member()
    {
        return MEMBERS[random.nextInt(MEMBERS.length)];
    }

    private int instrument()
    {
        return random.nextBoolean() ? SECURITIES[random.nextInt(2)] : CURRENCIES[random.nextInt(2)];
    }

    private void deal(final PipelineClient system) throws Exception
    {
        final long buyer = member();
        long seller = member();
        if (random.nextInt(20) == 0)
        {
            seller = 99; // no such participant: refused
        }
        else if (seller == buyer)
        {
            seller = buyer % MEMBERS.length + 1;
        }
        final boolean fop = random.nextInt(8) == 0;
        final int security = SECURITIES[random.nextInt(2)];
        final int currency = fop ? 0 : CURRENCIES[random.nextInt(2)];
        final long quantity = 1 + random.nextInt(120);
        final long cash = fop ? 0 : 1 + random.nextInt(60_000);
        final long clientDealId = ++nextClientDealId;
        final DealType type = fop ? DealType.FOP : DealType.DVP;
        submit(system, clientDealId, buyer, seller, security, currency, quantity, cash, type);
        if (random.nextInt(25) == 0)
        {
            submit(system, clientDealId, buyer, seller, security, currency, quantity, cash, type); // a repeat
        }
    }

    private void submit(final PipelineClient system, final long clientDealId, final long buyer, final long seller,
        final int security, final int currency, final long quantity, final long cash, final DealType type) throws Exception
    {
        final Event answer = send(system,
            command.submitDeal(0, 0, clientDealId, buyer, seller, security, currency, quantity, cash, date, type)).first();
        if (answer.type == EventType.DEAL_ACCEPTED)
        {
            if (answer.count == 1)
            {
                repeats++;
            }
            else
            {
                lastDealId = answer.dealId;
                accepted.put(answer.dealId, new Deal(answer.dealId, clientDealId, buyer, seller, security, currency, quantity, cash,
                    type));
            }
        }
        else if (answer.type == EventType.DEAL_REJECTED)
        {
            rejections.add(clientDealId + " " + answer.reason.name());
        }
        else
        {
            throw new IllegalStateException("a deal answered with " + answer);
        }
    }

    /** Asks every member's position in every instrument, then moves the business date on. */
    private void close(final PipelineClient system) throws Exception
    {
        final Map<String, Long> positions = new HashMap<>();
        final List<CompletableFuture<PipelineClient.Outcome>> answers = new ArrayList<>();
        final List<String> keys = new ArrayList<>();
        for (final long m : MEMBERS)
        {
            for (final int i : new int[] {SECURITIES[0], SECURITIES[1], CURRENCIES[0], CURRENCIES[1]})
            {
                keys.add(m + "/" + i);
                answers.add(system.send(new Command().queryPosition(0, 0, m, i)));
            }
        }
        for (int k = 0; k < keys.size(); k++)
        {
            final Event e = answers.get(k).get(30, TimeUnit.SECONDS).first();
            if (e.type != EventType.POSITION_REPORT)
            {
                throw new IllegalStateException("a position query answered " + e);
            }
            positions.put(keys.get(k), e.amount);
        }
        closingPositions.put(date, positions);
        do
        {
            date = Dates.plusDays(date, 1);
        }
        while (send(system, command.advanceBusinessDate(0, 0, date)).first().reason == Reason.NOT_A_BUSINESS_DAY);
    }
}
