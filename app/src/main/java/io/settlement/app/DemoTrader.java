package io.settlement.app;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import io.settlement.gateway.client.GatewayClient;
import io.settlement.gateway.client.Response;
import io.settlement.gateway.client.sbe.DealType;
import io.settlement.gateway.client.sbe.Reason;
import org.HdrHistogram.Histogram;

/**
 * One front-office session of the demo: deals where its member is buyer or seller. Saturated, it
 * keeps {@link #WINDOW} deals in flight (closed loop: its latency is mostly queueing); paced, it
 * sends at a fixed rate and measures each deal from its intended send time, so a stall is charged
 * to every deal it delays (no coordinated omission).
 */
final class DemoTrader extends Thread
{
    static final int WINDOW = 1024;

    final int index;
    private final int port;
    private final long quota;
    private final long firstClientDealId;
    private final long pacedIntervalNs;
    private final DemoTally tally;
    private final DemoCalendar calendar;
    final Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
    private final AtomicLong inFlight = new AtomicLong();
    private volatile boolean stopping;
    private volatile GatewayClient client;
    volatile Throwable failure;

    /**
     * @param firstClientDealId its deals are numbered from here up: each client has its own key space.
     * @param pacedPerSecond    0 for a saturated client, else the rate to send at.
     */
    DemoTrader(final int index, final int port, final long quota, final long firstClientDealId, final long pacedPerSecond,
        final DemoTally tally, final DemoCalendar calendar)
    {
        super("demo-client-" + index);
        this.index = index;
        this.port = port;
        this.quota = quota;
        this.firstClientDealId = firstClientDealId;
        this.pacedIntervalNs = pacedPerSecond == 0 ? 0 : TimeUnit.SECONDS.toNanos(1) / pacedPerSecond;
        this.tally = tally;
        this.calendar = calendar;
    }

    /** Client k's member (clients beyond the sixth share members, each with its own key space). */
    static long member(final int index)
    {
        return DemoMarket.memberId(index % DemoMarket.members());
    }

    /** Stops sending; deals in flight are still answered (waited for up to a few seconds). */
    void requestStop()
    {
        stopping = true;
    }

    @Override
    public void run()
    {
        try
        {
            final long member = member(index);
            client = GatewayClient.connect("127.0.0.1", port, null);
            client.logon(member, DemoMarket.secret(member)).get(10, TimeUnit.SECONDS);
            client.autoFlush(pacedIntervalNs > 0);
            final SplittableRandom random = new SplittableRandom(index * 7919L + firstClientDealId);
            final long startNs = System.nanoTime();
            for (long i = 0; i < quota && !stopping; i++)
            {
                long intendedNs = 0;
                if (pacedIntervalNs > 0)
                {
                    intendedNs = startNs + i * pacedIntervalNs;
                    for (long now = System.nanoTime(); now < intendedNs && !stopping; now = System.nanoTime())
                    {
                        LockSupport.parkNanos(Math.min(intendedNs - now, 50_000));
                    }
                }
                while (inFlight.get() >= WINDOW && !stopping)
                {
                    client.flush();
                    LockSupport.parkNanos(50_000);
                }
                submit(random, member, firstClientDealId + i, intendedNs);
                if ((i & 63) == 63)
                {
                    client.flush();
                }
            }
            client.flush();
            // every answer is waited for (a stop request: up to 5 s more), so the tally accounts for every deal sent
            final long giveUpNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            long stopGiveUpNs = 0;
            while (inFlight.get() > 0 && System.nanoTime() < giveUpNs)
            {
                if (stopping)
                {
                    stopGiveUpNs = stopGiveUpNs != 0 ? stopGiveUpNs : System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                    if (System.nanoTime() > stopGiveUpNs)
                    {
                        break;
                    }
                }
                LockSupport.parkNanos(100_000);
            }
        }
        catch (final Throwable ex)
        {
            failure = ex;
        }
    }

    private void submit(final SplittableRandom random, final long member, final long clientDealId, final long intendedNs)
    {
        long counterparty = DemoMarket.memberId(random.nextInt(DemoMarket.members()));
        if (counterparty == member)
        {
            counterparty = DemoMarket.memberId((int)(counterparty % DemoMarket.members()));
        }
        final boolean buying = random.nextBoolean();
        final long quantity = 1 + random.nextInt(1_000);
        final long cash = quantity * (100 + random.nextInt(20_000));
        final boolean fop = random.nextInt(20) == 0;
        final int security = DemoMarket.SECURITIES[random.nextInt(DemoMarket.SECURITIES.length)];
        final int currency = fop ? 0 : (random.nextInt(4) == 0 ? DemoMarket.EUR : DemoMarket.USD);
        final boolean sameDay = random.nextInt(3) == 0;
        final long phase = calendar.enter();
        final int date = calendar.dealDate(phase, sameDay);
        final long sentNs = intendedNs != 0 ? intendedNs : System.nanoTime();
        inFlight.incrementAndGet();
        tally.sent.incrementAndGet();
        client.submitDeal(clientDealId, buying ? member : counterparty, buying ? counterparty : member, security, currency, quantity,
            fop ? 0 : cash, date, fop ? DealType.FOP : DealType.DVP)
            .whenComplete((response, error) ->
            {
                latency.recordValue(Math.max(0, System.nanoTime() - sentNs));
                tally.answered(error != null ? Reason.UNAVAILABLE
                    : response.type() == Response.Type.DEAL_ACCEPTED ? Reason.OK : response.reason());
                calendar.leave(phase);
                inFlight.decrementAndGet();
            });
    }

    void closeClient()
    {
        final GatewayClient c = client;
        if (c != null)
        {
            c.close();
        }
    }
}
