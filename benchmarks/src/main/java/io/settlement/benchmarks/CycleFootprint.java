package io.settlement.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.settlement.engine.EngineConfig;
import io.settlement.engine.SettlementEngine;
import io.settlement.engine.api.Command;
import io.settlement.engine.api.EventCodec;
import io.settlement.engine.api.EventType;
import io.settlement.engine.pipeline.Publisher;
import io.settlement.engine.pipeline.Session;
import io.settlement.engine.pipeline.SessionRouter;
import io.settlement.engine.pipeline.SettlementPipeline;
import io.settlement.protocol.wire.Reason;
import org.agrona.DirectBuffer;

/**
 * The heap a big settlement cycle leaves behind in the pipeline: registers N deals through the
 * pipeline (no journals: memory only), takes the live heap (after full GCs), runs one settlement
 * cycle that settles all N, waits until its last outcome is delivered, and takes the live heap
 * again. The difference is what the cycle left behind (the engine's own change for N settled deals
 * included); it also prints when the first outcome of the cycle reached its session.
 *
 * <pre>
 *   java -Xmx6g -cp benchmarks/target/benchmarks.jar io.settlement.benchmarks.CycleFootprint [deals]
 * </pre>
 */
public final class CycleFootprint
{
    private CycleFootprint()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final int deals = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
        final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        final long start = liveHeap(memory);

        final SettlementEngine engine = new SettlementEngine(new EngineConfig().initialDealCapacity(deals + 1024));
        final Market market = new Market(64);
        market.setUp(engine, Long.MAX_VALUE / 4);
        final SessionRouter router = new SessionRouter();
        final SettlementPipeline pipeline = new SettlementPipeline(engine, new SettlementPipeline.Context()
            .snapshotIntervalCommands(0).router(router));
        final Listener listener = new Listener(router.newSessionId());
        router.register(listener);
        final Publisher publisher = pipeline.publisher(listener.sessionId());
        final long idle = liveHeap(memory);

        final Command command = new Command();
        for (int i = 0; i < deals; i++)
        {
            market.nextDeal(command, Market.FIRST_DATE);
            while (publisher.tryPublish(command) == Reason.BUSY)
            {
                Thread.yield();
            }
        }
        while (listener.replies.get() < deals)
        {
            Thread.sleep(10);
        }
        final long registered = liveHeap(memory);

        final long sentNs = System.nanoTime();
        if (publisher.tryPublish(command.runSettlementCycle(Market.OPERATOR, 0)) != Reason.OK)
        {
            throw new IllegalStateException("the cycle was refused");
        }
        if (!listener.completed.await(10, TimeUnit.MINUTES))
        {
            throw new IllegalStateException("the cycle did not complete");
        }
        final long doneNs = System.nanoTime();
        final long settled = liveHeap(memory);
        if (listener.settled.get() != deals)
        {
            throw new IllegalStateException("settled " + listener.settled.get() + " of " + deals);
        }

        System.out.printf("deals settled in one cycle:          %,d (%,d outcome bytes)%n", deals, listener.cycleBytes);
        System.out.printf("heap, pipeline idle (set up):        %,d bytes%n", idle - start);
        System.out.printf("heap, %,d deals registered:     %,d bytes%n", deals, registered - start);
        System.out.printf("heap after the cycle was published:  %,d bytes%n", settled - start);
        System.out.printf("left behind by the cycle:            %,d bytes%n", settled - registered);
        System.out.printf("cycle, sent to first outcome delivered: %,.0f ms; to last: %,.0f ms%n",
            (listener.firstCycleOutcomeNs - sentNs) / 1e6, (doneNs - sentNs) / 1e6);
        router.unregister(listener);
        pipeline.close();
    }

    private static long liveHeap(final MemoryMXBean memory)
    {
        for (int i = 0; i < 3; i++)
        {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    /** Counts replies (uses no API beyond {@link Session#onReply}, so it runs against older pipelines too). */
    private static final class Listener implements Session
    {
        final AtomicLong replies = new AtomicLong();
        final AtomicLong settled = new AtomicLong();
        final CountDownLatch completed = new CountDownLatch(1);
        private final long sessionId;
        volatile long firstCycleOutcomeNs;
        long cycleBytes;

        Listener(final long sessionId)
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
            final EventType type = EventCodec.typeOfRecord(buffer, offset);
            if (type == EventType.DEAL_ACCEPTED)
            {
                replies.incrementAndGet();
                return;
            }
            if (firstCycleOutcomeNs == 0)
            {
                firstCycleOutcomeNs = System.nanoTime();
            }
            cycleBytes += length;
            if (type == EventType.DEAL_SETTLED)
            {
                settled.incrementAndGet();
            }
            else if (type == EventType.CYCLE_COMPLETED)
            {
                completed.countDown();
            }
            else if (type != EventType.CYCLE_SETTLED_VALUE)
            {
                System.err.println("unexpected outcome: " + type);
                Runtime.getRuntime().halt(1);
            }
        }

        @Override
        public void onPush(final DirectBuffer buffer, final int offset, final int length)
        {
        }
    }
}
