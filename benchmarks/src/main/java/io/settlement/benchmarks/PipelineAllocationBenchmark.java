package io.settlement.benchmarks;

import java.util.concurrent.TimeUnit;

import io.settlement.engine.Dates;
import io.settlement.engine.EngineConfig;
import io.settlement.engine.SettlementEngine;
import io.settlement.engine.api.Command;
import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventCodec;
import io.settlement.engine.api.EventSink;
import io.settlement.engine.api.EventType;
import io.settlement.engine.pipeline.Publisher;
import io.settlement.engine.pipeline.Session;
import io.settlement.engine.pipeline.SessionRouter;
import io.settlement.engine.pipeline.SettlementPipeline;
import io.settlement.engine.pipeline.WaitStrategyKind;
import io.settlement.protocol.wire.Reason;
import org.agrona.DirectBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The in-process pipeline without journals (ring, engine, outcomes to stage 3, routing to a
 * session that keeps nothing), for its allocation per operation with {@code -prof gc}: JMH counts
 * the bytes every thread allocated, the stage threads included. Two paths: a deposit (one command,
 * one outcome) and a deal's whole life (submitted, settled in a cycle of {@value #DEALS}, purged by
 * the date roll: three commands' share and two outcomes per deal), beside the engine alone on the
 * same commands (what of that the engine itself allocates).
 *
 * <pre>
 *   java -jar benchmarks/target/benchmarks.jar PipelineAllocationBenchmark -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Dagrona.disable.bounds.checks=true")
public class PipelineAllocationBenchmark
{
    private static final int DEPOSITS = 4096;
    private static final int DEALS = 4096;

    /** A pipeline (no journals) over a funded market, and a session that counts its replies. */
    @State(Scope.Thread)
    public static class Pipeline
    {
        SettlementPipeline pipeline;
        Counter counter;
        Publisher publisher;
        Market market;
        final Command command = new Command();
        int date = Market.FIRST_DATE;

        @Setup(Level.Trial)
        public void start()
        {
            final SettlementEngine engine = new SettlementEngine(new EngineConfig().initialDealCapacity(DEALS * 2));
            engine.apply(new Command().setRetention(Command.SYSTEM_SUBMITTER, 0, 0), EventSink.NONE);
            market = new Market(64);
            market.setUp(engine, Long.MAX_VALUE / 4);
            final SessionRouter router = new SessionRouter();
            pipeline = new SettlementPipeline(engine, new SettlementPipeline.Context()
                .waitStrategy(WaitStrategyKind.YIELDING).snapshotIntervalCommands(0).router(router));
            counter = new Counter(router.newSessionId());
            router.register(counter);
            publisher = pipeline.publisher(counter.sessionId);
        }

        @TearDown(Level.Trial)
        public void stop()
        {
            pipeline.close();
            if (counter.rejected != 0)
            {
                throw new IllegalStateException(counter.rejected + " commands were refused");
            }
        }

        void publish(final Command c)
        {
            while (publisher.tryPublish(c) == Reason.BUSY)
            {
                Thread.yield();
            }
        }
    }

    /** The same market in an engine alone: what the engine itself allocates on the same commands. */
    @State(Scope.Thread)
    public static class Engine
    {
        SettlementEngine engine;
        Market market;
        final Command command = new Command();
        int date = Market.FIRST_DATE;

        @Setup(Level.Trial)
        public void start()
        {
            engine = new SettlementEngine(new EngineConfig().initialDealCapacity(DEALS * 2));
            engine.apply(new Command().setRetention(Command.SYSTEM_SUBMITTER, 0, 0), EventSink.NONE);
            market = new Market(64);
            market.setUp(engine, Long.MAX_VALUE / 4);
        }
    }

    @Benchmark
    @OperationsPerInvocation(DEPOSITS)
    public void deposit(final Pipeline p)
    {
        final long target = p.counter.results + DEPOSITS;
        for (int i = 0; i < DEPOSITS; i++)
        {
            p.publish(p.command.deposit(Market.OPERATOR, 0, Market.memberId(i & 63), Market.USD, 1));
        }
        while (p.counter.results < target)
        {
            Thread.yield();
        }
    }

    @Benchmark
    @OperationsPerInvocation(DEALS)
    public void dealSubmittedSettledAndPurged(final Pipeline p)
    {
        final long target = p.counter.dateRolls + 1;
        for (int i = 0; i < DEALS; i++)
        {
            p.publish(p.market.nextDeal(p.command, p.date));
        }
        p.publish(p.command.runSettlementCycle(Market.OPERATOR, 0));
        p.date = Dates.plusDays(p.date, 1);
        p.publish(p.command.advanceBusinessDate(Market.OPERATOR, 0, p.date));
        while (p.counter.dateRolls < target)
        {
            Thread.yield();
        }
    }

    /** The engine's own share of {@link #dealSubmittedSettledAndPurged}: the same commands, no pipeline. */
    @Benchmark
    @OperationsPerInvocation(DEALS)
    public void engineAloneDealSubmittedSettledAndPurged(final Engine e)
    {
        for (int i = 0; i < DEALS; i++)
        {
            e.engine.apply(e.market.nextDeal(e.command, e.date), EventSink.NONE);
        }
        e.engine.apply(e.command.runSettlementCycle(Market.OPERATOR, 0), EventSink.NONE);
        e.date = Dates.plusDays(e.date, 1);
        e.engine.apply(e.command.advanceBusinessDate(Market.OPERATOR, 0, e.date), EventSink.NONE);
    }

    /** Counts what arrives, keeps nothing (uses no API beyond {@link Session#onReply}). */
    private static final class Counter implements Session
    {
        /** Reused: decoding an outcome allocates nothing. */
        private final Event event = new Event();
        final long sessionId;
        volatile long results;
        volatile long dateRolls;
        long rejected;

        Counter(final long sessionId)
        {
            this.sessionId = sessionId;
        }

        @Override
        public long sessionId()
        {
            return sessionId;
        }

        @Override
        public long participantId()
        {
            return -1;
        }

        @Override
        public void onReply(final DirectBuffer buffer, final int offset, final int length)
        {
            if (!EventCodec.decodeChecked(buffer, offset, event))
            {
                throw new IllegalStateException("malformed outcome");
            }
            final EventType type = event.type;
            if (type == EventType.COMMAND_RESULT)
            {
                if (event.reason != Reason.OK)
                {
                    rejected++;
                }
                results++;
            }
            else if (type == EventType.BUSINESS_DATE_ADVANCED)
            {
                dateRolls++;
            }
            else if (type == EventType.DEAL_REJECTED)
            {
                rejected++;
            }
        }

        @Override
        public void onPush(final DirectBuffer buffer, final int offset, final int length)
        {
        }
    }
}
