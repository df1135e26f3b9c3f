package io.settlement.engine.pipeline;

import java.util.concurrent.TimeUnit;

import io.settlement.engine.SettlementEngine;
import io.settlement.engine.api.Command;
import io.settlement.engine.api.CommandType;
import io.settlement.engine.api.EventSink;
import io.settlement.engine.pipeline.PipelineMetrics.DealCount;
import io.settlement.protocol.wire.DealType;
import io.settlement.protocol.wire.InstrumentKind;
import io.settlement.protocol.wire.Reason;
import io.settlement.protocol.wire.Role;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** What stage 3 counts ({@link PipelineMetrics}), through a pipeline without journals, driven with real commands. */
class PipelineMetricsTest
{
    private static final long A = 1;
    private static final long B = 2;
    private static final int ACME = 10;
    private static final int USD = 840;
    private static final int DATE = 20260105;

    private final SessionRouter router = new SessionRouter();
    private SettlementPipeline pipeline;
    private PipelineClient system;
    private PipelineClient member;
    private int sent;

    @AfterEach
    void close()
    {
        if (pipeline != null)
        {
            pipeline.close();
        }
    }

    private void start(final SettlementEngine engine)
    {
        pipeline = new SettlementPipeline(engine, new SettlementPipeline.Context().ringSize(256).router(router));
        system = new PipelineClient(pipeline, router, Command.SYSTEM_SUBMITTER);
        member = new PipelineClient(pipeline, router, A);
    }

    /** Two members, ACME, USD (bank A holds 1,500), the date. */
    private static Command[] market()
    {
        return new Command[] {
            new Command().createParticipant(0, 0, A, Role.MEMBER),
            new Command().createParticipant(0, 0, B, Role.MEMBER),
            new Command().createInstrument(0, 0, ACME, InstrumentKind.SECURITY, "ACME"),
            new Command().createInstrument(0, 0, USD, InstrumentKind.CURRENCY, "USD"),
            new Command().deposit(0, 0, B, ACME, 1_000),
            new Command().deposit(0, 0, A, USD, 1_500),
            new Command().advanceBusinessDate(0, 0, DATE)};
    }

    private PipelineClient.Outcome send(final PipelineClient client, final Command command) throws Exception
    {
        sent++;
        final PipelineClient.Outcome outcome = client.send(command).get(10, TimeUnit.SECONDS);
        assertEquals(Reason.OK, outcome.published());
        return outcome;
    }

    private static Command deal(final long clientDealId, final int currency, final long cash, final DealType type)
    {
        return new Command().submitDeal(A, 0, clientDealId, A, B, ACME, currency, 10, cash, DATE, type);
    }

    /** A deal settled in two parts: one part counted, one deal settled, the cash of both parts settled. */
    @Test
    void shouldCountPartsAndTheirCash() throws Exception
    {
        start(new SettlementEngine());
        for (final Command command : market())
        {
            send(system, command);
        }
        // B holds 1,000 ACME of the 2,000 sold: a part of 1,000 for 1,000, then the rest
        send(member, new Command().submitDeal(A, 0, 1, A, B, ACME, USD, 2_000, 2_000, DATE, DealType.DVP)
            .settlementTerms(0, (byte)1, 100));
        send(system, new Command().runSettlementCycle(0, 0));
        final PipelineMetrics metrics = pipeline.metrics();
        assertEquals(1, metrics.deals(USD, DealCount.PARTS_SETTLED));
        assertEquals(0, metrics.deals(USD, DealCount.SETTLED));
        assertEquals(1_000, metrics.deals(USD, DealCount.SETTLED_VALUE_MINOR));
        assertEquals(1, metrics.pendingDeals(USD), "a deal settled in part is still pending");

        send(system, new Command().deposit(0, 0, B, ACME, 1_000));
        send(system, new Command().deposit(0, 0, A, USD, 500)); // A has 500 left: with these, the 1,000 still due
        send(system, new Command().runSettlementCycle(0, 0));
        assertEquals(1, metrics.deals(USD, DealCount.PARTS_SETTLED));
        assertEquals(1, metrics.deals(USD, DealCount.SETTLED));
        assertEquals(2_000, metrics.deals(USD, DealCount.SETTLED_VALUE_MINOR), "the final part's cash, not the whole deal's again");
        assertEquals(0, metrics.pendingDeals(USD));
    }

    @Test
    void shouldCountDealsByTheirCurrencyWhateverBecomesOfThem() throws Exception
    {
        start(new SettlementEngine());
        for (final Command command : market())
        {
            send(system, command);
        }
        final long cancelled = send(member, deal(1, USD, 400, DealType.DVP)).first().dealId;
        send(member, deal(2, USD, 1_000, DealType.DVP));
        send(member, deal(3, USD, 900, DealType.DVP)); // settles after deal 2, when bank A has 500 left: fails
        send(member, deal(4, 0, 0, DealType.FOP));
        assertEquals(Reason.INVALID_AMOUNT, send(member, deal(5, USD, -1, DealType.DVP)).first().reason);
        assertEquals(Reason.UNKNOWN_INSTRUMENT, send(member, deal(6, 999, 100, DealType.DVP)).first().reason);
        send(member, new Command().cancelDeal(A, 0, cancelled));
        send(system, new Command().runSettlementCycle(0, 0));

        final PipelineMetrics metrics = pipeline.metrics();
        assertArrayEquals(new int[] {USD, 0}, metrics.currencies(), "in the order first seen; FOP is 0; 999 is not taken in");
        assertEquals(3, metrics.deals(USD, DealCount.ACCEPTED));
        assertEquals(1, metrics.deals(USD, DealCount.REJECTED), "INVALID_AMOUNT, under the currency it named");
        assertEquals(1, metrics.deals(PipelineMetrics.OTHER, DealCount.REJECTED), "an unknown currency: other");
        assertEquals(1, metrics.deals(USD, DealCount.CANCELLED));
        assertEquals(1, metrics.deals(USD, DealCount.SETTLED));
        assertEquals(1_000, metrics.deals(USD, DealCount.SETTLED_VALUE_MINOR));
        assertEquals(1, metrics.deals(USD, DealCount.FAILED_ATTEMPTS));
        assertEquals(1, metrics.pendingDeals(USD));
        assertEquals(1, metrics.deals(0, DealCount.ACCEPTED));
        assertEquals(1, metrics.deals(0, DealCount.SETTLED));
        assertEquals(0, metrics.deals(0, DealCount.SETTLED_VALUE_MINOR));
        assertEquals(0, metrics.pendingDeals(0));
        assertEquals(1, metrics.settlementFailures(Reason.INSUFFICIENT_CASH.value()));
        assertEquals(DATE, metrics.businessDate());

        assertEquals(4, metrics.commands(CommandType.SUBMIT_DEAL, Reason.OK));
        assertEquals(1, metrics.commands(CommandType.SUBMIT_DEAL, Reason.INVALID_AMOUNT));
        assertEquals(1, metrics.commands(CommandType.SUBMIT_DEAL, Reason.UNKNOWN_INSTRUMENT));
        assertEquals(1, metrics.commands(CommandType.CANCEL_DEAL, Reason.OK));
        assertEquals(1, metrics.commands(CommandType.RUN_SETTLEMENT_CYCLE, Reason.OK));
        assertEquals(2, metrics.commands(CommandType.DEPOSIT, Reason.OK));
        final Histogram deals = new Histogram(1, PipelineMetrics.LATENCY_MAX_NS, 2);
        metrics.drainLatency(CommandType.SUBMIT_DEAL, deals);
        assertEquals(6, deals.getTotalCount(), "one latency per deal submitted");
        metrics.drainLatency(CommandType.SUBMIT_DEAL, deals);
        assertEquals(6, deals.getTotalCount(), "each recorded once");
        long all = 0;
        for (final CommandType type : CommandType.values())
        {
            final Histogram histogram = new Histogram(1, PipelineMetrics.LATENCY_MAX_NS, 2);
            metrics.drainLatency(type, histogram);
            all += histogram.getTotalCount();
        }
        assertEquals(sent - 6, all, "one latency per command, under its type");
    }

    @Test
    void shouldCountTheDealsPendingInTheEngineItStartsWith() throws Exception
    {
        final SettlementEngine engine = new SettlementEngine();
        long sequence = 0;
        for (final Command command : market())
        {
            command.sequence = ++sequence;
            engine.apply(command, EventSink.NONE);
        }
        for (int i = 1; i <= 3; i++)
        {
            final Command deal = deal(i, USD, 100, DealType.DVP);
            deal.sequence = ++sequence;
            engine.apply(deal, EventSink.NONE);
        }
        start(engine);
        assertEquals(3, pipeline.metrics().pendingDeals(USD));
        assertEquals(0, pipeline.metrics().deals(USD, DealCount.ACCEPTED), "counters start at zero");
        assertEquals(DATE, pipeline.metrics().businessDate());

        send(system, new Command().runSettlementCycle(0, 0));
        assertEquals(0, pipeline.metrics().pendingDeals(USD));
        assertEquals(3, pipeline.metrics().deals(USD, DealCount.SETTLED));
    }

    @Test
    void shouldCountCurrenciesBeyondTheTableAsOther() throws Exception
    {
        start(new SettlementEngine());
        for (final Command command : market())
        {
            send(system, command);
        }
        send(member, deal(1_000, USD, 100, DealType.DVP)); // USD takes the first slot
        for (int i = 1; i <= PipelineMetrics.MAX_CURRENCIES; i++)
        {
            send(system, new Command().createInstrument(0, 0, USD + i, InstrumentKind.CURRENCY, "C" + i));
            send(member, deal(i, USD + i, 100, DealType.DVP));
        }
        final PipelineMetrics metrics = pipeline.metrics();
        assertEquals(PipelineMetrics.MAX_CURRENCIES, metrics.currencies().length);
        assertEquals(1, metrics.deals(USD + PipelineMetrics.MAX_CURRENCIES - 1, DealCount.ACCEPTED));
        assertEquals(0, metrics.deals(USD + PipelineMetrics.MAX_CURRENCIES, DealCount.ACCEPTED), "not in the table");
        assertEquals(1, metrics.deals(PipelineMetrics.OTHER, DealCount.ACCEPTED));
        assertEquals(1, metrics.pendingDeals(PipelineMetrics.OTHER));
    }
}
