package io.settlement.engine.pipeline;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

import io.settlement.engine.api.CommandType;
import io.settlement.engine.api.EventType;
import io.settlement.engine.api.RecordFrame;
import io.settlement.protocol.journal.BusinessDateAdvancedEventDecoder;
import io.settlement.protocol.journal.CommandResultEventDecoder;
import io.settlement.protocol.journal.DealAcceptedEventDecoder;
import io.settlement.protocol.journal.DealPartiallySettledEventDecoder;
import io.settlement.protocol.journal.DealRejectedEventDecoder;
import io.settlement.protocol.journal.DealSettledEventDecoder;
import io.settlement.protocol.journal.DealSettlementFailedEventDecoder;
import io.settlement.protocol.journal.InstructionMatchedEventDecoder;
import io.settlement.protocol.journal.InstructionRejectedEventDecoder;
import io.settlement.protocol.wire.Reason;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;
import org.agrona.DirectBuffer;

/**
 * The pipeline's operational counters, counted by stage 3 (the publish thread) from the outcomes
 * it reads anyway, so the engine thread writes none of them: commands by type and outcome, deals
 * by currency (accepted, rejected, settled, failed attempts, cancelled), settled value, settlement
 * failures by reason, the business date, and per command type the time from a command's stamp
 * in stage 1 to its last outcome in stage 3. Every counter has one writer (stage 3) and is read by any thread (an
 * exporter) through the getters; writes are release stores of a plain increment, no allocation, no
 * lock. The events are read in place with the journal schema's decoders.
 *
 * <p>Deals are counted per currency instrument id, at most {@link #MAX_CURRENCIES} ids (0 stands for
 * free of payment); a currency is taken into the table by a deal the engine accepted or a pending deal
 * the node recovered, and anything beyond the table, or a rejected deal naming a currency the table
 * does not hold (an unknown id, say: refused deals must not grow the table), is counted under
 * {@link #OTHER}. Counters start at zero with the process; {@link #pendingDeals} adds the deals that
 * were pending when the pipeline started (read from the recovered engine before the threads start).
 */
public final class PipelineMetrics
{
    /** Currency ids counted on their own; more are counted under {@link #OTHER}. */
    public static final int MAX_CURRENCIES = 64;
    /** The currency slot of deals beyond the table (or rejected naming a currency it does not hold). */
    public static final int OTHER = -1;
    /** Command type codes and reason codes are below this. */
    public static final int CODES = 64;
    /** The longest latency the histogram tells apart; longer ones are recorded as this. */
    public static final long LATENCY_MAX_NS = 60_000_000_000L;

    /** What is counted per deal and currency. */
    public enum DealCount
    {
        /** New deals the engine accepted (an idempotent repeat is not a new deal). */
        ACCEPTED,
        /** Deals the engine refused. */
        REJECTED,
        SETTLED,
        /** Settlement attempts that failed (a failed deal stays pending and is retried in later cycles). */
        FAILED_ATTEMPTS,
        CANCELLED,
        /** Cash settled, in the currency's minor units (free-of-payment deals carry none); saturates at 2^63-1. */
        SETTLED_VALUE_MINOR,
        /** Parts of partial-allowed deals settled (the deal stays pending for the rest; its final part counts as SETTLED). */
        PARTS_SETTLED
    }

    private static final int KINDS = DealCount.values().length;
    private static final int OTHER_SLOT = MAX_CURRENCIES;

    private final AtomicLongArray commands = new AtomicLongArray(CODES * CODES);
    private final AtomicLongArray deals = new AtomicLongArray((MAX_CURRENCIES + 1) * KINDS);
    private final AtomicLongArray pendingAtStart = new AtomicLongArray(MAX_CURRENCIES + 1);
    private final AtomicLongArray failuresByReason = new AtomicLongArray(CODES);
    private final int[] currencyIds = new int[MAX_CURRENCIES];
    private final AtomicInteger currencyCount = new AtomicInteger();
    private final AtomicLongArray businessDate = new AtomicLongArray(1);
    /** Per command type code (null for a code no type has), made up front: about 60 KiB each. */
    private final SingleWriterRecorder[] latency = new SingleWriterRecorder[CODES];
    /** The reader's side of {@link #latency}: recycled from one {@link #drainLatency} to the next. */
    private final Histogram[] interval = new Histogram[CODES];

    // stage 3 only: the command whose outcomes are being read
    private int commandReason = -1;
    private final DealAcceptedEventDecoder accepted = new DealAcceptedEventDecoder();
    private final DealRejectedEventDecoder rejected = new DealRejectedEventDecoder();
    private final DealSettledEventDecoder settled = new DealSettledEventDecoder();
    private final DealPartiallySettledEventDecoder partlySettled = new DealPartiallySettledEventDecoder();
    private final DealSettlementFailedEventDecoder failed = new DealSettlementFailedEventDecoder();
    private final CommandResultEventDecoder result = new CommandResultEventDecoder();
    private final BusinessDateAdvancedEventDecoder dateAdvanced = new BusinessDateAdvancedEventDecoder();
    private final InstructionMatchedEventDecoder matched = new InstructionMatchedEventDecoder();
    private final InstructionRejectedEventDecoder instructionRejected = new InstructionRejectedEventDecoder();

    public PipelineMetrics()
    {
        for (final CommandType type : CommandType.values())
        {
            latency[type.code()] = new SingleWriterRecorder(1, LATENCY_MAX_NS, 2);
        }
    }

    // ------------------------------------------------------------------ before the pipeline starts

    /**
     * Counts the pending deals by the currencies {@code forEachPendingDealCurrency} gives, and takes
     * the business date: called with the recovered engine, on the thread that owns it, before the
     * stage threads start.
     */
    void start(final int date, final Consumer<IntConsumer> forEachPendingDealCurrency)
    {
        businessDate.setRelease(0, date);
        forEachPendingDealCurrency.accept(currencyId ->
        {
            final int slot = slot(currencyId, true);
            pendingAtStart.setRelease(slot, pendingAtStart.getPlain(slot) + 1);
        });
    }

    // ------------------------------------------------------------------ writer (stage 3)

    /**
     * One outcome of the command being read: the event's framed journal record, and the currency
     * the outcome log's header carries for a deal event.
     */
    void onEvent(final DirectBuffer buffer, final int offset, final int currencyId)
    {
        final int block = offset + RecordFrame.BLOCK_OFFSET;
        final int blockLength = RecordFrame.blockLength(buffer, offset);
        final int version = RecordFrame.version(buffer, offset);
        final EventType type = EventType.fromCode(RecordFrame.templateId(buffer, offset) - 100);
        int reason = Reason.OK.value();
        if (type != null)
        {
            switch (type)
            {
                case DEAL_ACCEPTED ->
                {
                    accepted.wrap(buffer, block, blockLength, version);
                    if (accepted.repeat() == 0)
                    {
                        count(slot(accepted.deal().currencyId(), true), DealCount.ACCEPTED, 1);
                    }
                }
                case DEAL_REJECTED ->
                {
                    rejected.wrap(buffer, block, blockLength, version);
                    reason = rejected.reason();
                    count(slot(currencyId, false), DealCount.REJECTED, 1);
                }
                case DEAL_CANCELLED -> count(slot(currencyId, true), DealCount.CANCELLED, 1);
                case DEAL_SETTLED ->
                {
                    settled.wrap(buffer, block, blockLength, version);
                    final int slot = slot(settled.deal().currencyId(), true);
                    count(slot, DealCount.SETTLED, 1);
                    // the final part's cash when it settled in parts (version 5), else the whole deal's
                    count(slot, DealCount.SETTLED_VALUE_MINOR,
                        version >= DealSettledEventDecoder.partCashSinceVersion() ? settled.partCash() : settled.deal().cashAmount());
                }
                case DEAL_PARTIALLY_SETTLED ->
                {
                    partlySettled.wrap(buffer, block, blockLength, version);
                    final int slot = slot(partlySettled.deal().currencyId(), true);
                    count(slot, DealCount.PARTS_SETTLED, 1);
                    count(slot, DealCount.SETTLED_VALUE_MINOR, partlySettled.partCash());
                }
                case DEAL_SETTLEMENT_FAILED ->
                {
                    failed.wrap(buffer, block, blockLength, version);
                    count(slot(currencyId, true), DealCount.FAILED_ATTEMPTS, 1);
                    final int failReason = code(failed.reason());
                    failuresByReason.setRelease(failReason, failuresByReason.getPlain(failReason) + 1);
                }
                case COMMAND_RESULT ->
                {
                    result.wrap(buffer, block, blockLength, version);
                    reason = result.reason();
                }
                case INSTRUCTION_MATCHED ->
                {
                    // a match registers a deal: accepted as one submitted pre-matched
                    matched.wrap(buffer, block, blockLength, version);
                    count(slot(matched.instruction().currencyId(), true), DealCount.ACCEPTED, 1);
                }
                case INSTRUCTION_REJECTED ->
                {
                    instructionRejected.wrap(buffer, block, blockLength, version);
                    reason = instructionRejected.reason();
                }
                case BUSINESS_DATE_ADVANCED ->
                {
                    dateAdvanced.wrap(buffer, block, blockLength, version);
                    businessDate.setRelease(0, dateAdvanced.businessDate());
                }
                default ->
                {
                }
            }
        }
        if (commandReason < 0)
        {
            commandReason = code(reason); // a command's outcome is its first event's
        }
    }

    /** The command's last outcome has been read: count it, and its latency from the stamp. */
    void onCommand(final int typeCode, final long latencyNs)
    {
        final int type = code(typeCode);
        final int index = type * CODES + (commandReason < 0 ? Reason.OK.value() : commandReason);
        commands.setRelease(index, commands.getPlain(index) + 1);
        commandReason = -1;
        final SingleWriterRecorder recorder = latency[type];
        if (recorder != null)
        {
            recorder.recordValue(Math.min(Math.max(latencyNs, 1), LATENCY_MAX_NS));
        }
    }

    private void count(final int slot, final DealCount kind, final long amount)
    {
        final int index = slot * KINDS + kind.ordinal();
        final long before = deals.getPlain(index);
        final long after = before + amount;
        deals.setRelease(index, after < before ? Long.MAX_VALUE : after);
    }

    /** The table slot of {@code currencyId}, taking it in when {@code admit} and there is room. */
    private int slot(final int currencyId, final boolean admit)
    {
        final int count = currencyCount.getPlain();
        for (int i = 0; i < count; i++)
        {
            if (currencyIds[i] == currencyId)
            {
                return i;
            }
        }
        if (!admit || count == MAX_CURRENCIES)
        {
            return OTHER_SLOT;
        }
        currencyIds[count] = currencyId;
        currencyCount.setRelease(count + 1); // publishes the id with it
        return count;
    }

    private static int code(final int code)
    {
        return code >= 0 && code < CODES ? code : CODES - 1;
    }

    // ------------------------------------------------------------------ readers (any thread)

    /** Commands of type {@code typeCode} whose outcome was {@code reasonCode} (0: OK). */
    public long commands(final int typeCode, final int reasonCode)
    {
        return commands.getAcquire(code(typeCode) * CODES + code(reasonCode));
    }

    /** Commands of {@code type} whose outcome was {@code reason}. */
    public long commands(final CommandType type, final Reason reason)
    {
        return commands(type.code(), reason.value());
    }

    /** The currency ids counted so far, in the order they were first seen (0: free of payment). */
    public int[] currencies()
    {
        final int count = currencyCount.getAcquire();
        final int[] ids = new int[count];
        System.arraycopy(currencyIds, 0, ids, 0, count);
        return ids;
    }

    /** A count for {@code currencyId} (or {@link #OTHER}); 0 for a currency not counted. */
    public long deals(final int currencyId, final DealCount kind)
    {
        final int slot = readSlot(currencyId);
        return slot < 0 ? 0 : deals.getAcquire(slot * KINDS + kind.ordinal());
    }

    /**
     * Deals pending now in {@code currencyId} (or {@link #OTHER}): pending at start, plus accepted,
     * less settled and cancelled since. A hint while commands are in flight: its parts are read one
     * after the other.
     */
    public long pendingDeals(final int currencyId)
    {
        final int slot = readSlot(currencyId);
        if (slot < 0)
        {
            return 0;
        }
        final int base = slot * KINDS;
        return pendingAtStart.getAcquire(slot) + deals.getAcquire(base + DealCount.ACCEPTED.ordinal())
            - deals.getAcquire(base + DealCount.SETTLED.ordinal()) - deals.getAcquire(base + DealCount.CANCELLED.ordinal());
    }

    /** Failed settlement attempts whose reason was {@code reasonCode}. */
    public long settlementFailures(final int reasonCode)
    {
        return failuresByReason.getAcquire(code(reasonCode));
    }

    /** The business date (yyyymmdd) as of the last outcome read. */
    public int businessDate()
    {
        return (int)businessDate.getAcquire(0);
    }

    /**
     * The latencies of commands of {@code type} recorded since the previous call for that type
     * (stage 1's stamp to stage 3 reading the command's last outcome, in nanoseconds), added to
     * {@code into}, whose highest trackable value must be at least {@link #LATENCY_MAX_NS}. Readers
     * take turns.
     */
    public synchronized void drainLatency(final CommandType type, final Histogram into)
    {
        final int code = type.code();
        interval[code] = latency[code].getIntervalHistogram(interval[code]);
        into.add(interval[code]);
    }

    private int readSlot(final int currencyId)
    {
        if (currencyId == OTHER)
        {
            return OTHER_SLOT;
        }
        final int count = currencyCount.getAcquire();
        for (int i = 0; i < count; i++)
        {
            if (currencyIds[i] == currencyId)
            {
                return i;
            }
        }
        return -1;
    }
}
