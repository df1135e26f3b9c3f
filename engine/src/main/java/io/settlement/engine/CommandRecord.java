package io.settlement.engine;

import io.settlement.engine.api.CommandCodec;
import io.settlement.engine.api.CommandType;
import io.settlement.engine.api.RecordFrame;
import io.settlement.protocol.journal.AdvanceBusinessDateCommandDecoder;
import io.settlement.protocol.journal.CancelDealCommandDecoder;
import io.settlement.protocol.journal.CommandHeaderDecoder;
import io.settlement.protocol.journal.CreateInstrumentCommandDecoder;
import io.settlement.protocol.journal.CreateParticipantCommandDecoder;
import io.settlement.protocol.journal.DepositCommandDecoder;
import io.settlement.protocol.journal.SubmitInstructionCommandDecoder;
import io.settlement.protocol.journal.CancelInstructionCommandDecoder;
import io.settlement.protocol.journal.QueryInstructionCommandDecoder;
import io.settlement.protocol.journal.SetMatchingToleranceCommandDecoder;
import io.settlement.protocol.journal.SetInstructionExpiryCommandDecoder;
import io.settlement.protocol.journal.HoldDealCommandDecoder;
import io.settlement.protocol.journal.QueryDealCommandDecoder;
import io.settlement.protocol.journal.QueryLimitsCommandDecoder;
import io.settlement.protocol.journal.QueryPositionCommandDecoder;
import io.settlement.protocol.journal.ReleaseDealCommandDecoder;
import io.settlement.protocol.journal.RunSettlementCycleCommandDecoder;
import io.settlement.protocol.journal.SetCalendarCommandDecoder;
import io.settlement.protocol.journal.SetHolidayCommandDecoder;
import io.settlement.protocol.journal.SetLimitCommandDecoder;
import io.settlement.protocol.journal.SetRetentionCommandDecoder;
import io.settlement.protocol.journal.SubmitDealCommandDecoder;
import io.settlement.protocol.journal.WithdrawCommandDecoder;
import org.agrona.DirectBuffer;

/**
 * The command being applied, read where it lies: a framed journal record (docs/journal-format.md)
 * in a ring slot, a journal excerpt or a cluster log, through the flyweights generated from the
 * journal schema. Nothing is copied out of the record but the four header fields every outcome
 * echoes; a handler reads the rest from the template's decoder ({@link #submitDeal()} and its
 * siblings), which is wrapped with the record's own block length and version (fields a later
 * version appended are skipped; fields an older record lacks read as their null value).
 *
 * <p>The engine's own, one per engine: the engine is single-threaded and the record must stay in
 * place until {@link SettlementEngine#apply} returns. Allocation-free.
 */
final class CommandRecord
{
    private final CommandHeaderDecoder header = new CommandHeaderDecoder();
    private final SubmitDealCommandDecoder submitDeal = new SubmitDealCommandDecoder();
    private final CancelDealCommandDecoder cancelDeal = new CancelDealCommandDecoder();
    private final QueryDealCommandDecoder queryDeal = new QueryDealCommandDecoder();
    private final SubmitInstructionCommandDecoder submitInstruction = new SubmitInstructionCommandDecoder();
    private final CancelInstructionCommandDecoder cancelInstruction = new CancelInstructionCommandDecoder();
    private final QueryInstructionCommandDecoder queryInstruction = new QueryInstructionCommandDecoder();
    private final SetMatchingToleranceCommandDecoder setMatchingTolerance = new SetMatchingToleranceCommandDecoder();
    private final SetInstructionExpiryCommandDecoder setInstructionExpiry = new SetInstructionExpiryCommandDecoder();
    private final HoldDealCommandDecoder holdDeal = new HoldDealCommandDecoder();
    private final ReleaseDealCommandDecoder releaseDeal = new ReleaseDealCommandDecoder();
    private final QueryLimitsCommandDecoder queryLimits = new QueryLimitsCommandDecoder();
    private final QueryPositionCommandDecoder queryPosition = new QueryPositionCommandDecoder();
    private final CreateParticipantCommandDecoder createParticipant = new CreateParticipantCommandDecoder();
    private final CreateInstrumentCommandDecoder createInstrument = new CreateInstrumentCommandDecoder();
    private final DepositCommandDecoder deposit = new DepositCommandDecoder();
    private final WithdrawCommandDecoder withdraw = new WithdrawCommandDecoder();
    private final SetLimitCommandDecoder setLimit = new SetLimitCommandDecoder();
    private final AdvanceBusinessDateCommandDecoder advanceBusinessDate = new AdvanceBusinessDateCommandDecoder();
    private final SetRetentionCommandDecoder setRetention = new SetRetentionCommandDecoder();
    private final SetCalendarCommandDecoder setCalendar = new SetCalendarCommandDecoder();
    private final SetHolidayCommandDecoder setHoliday = new SetHolidayCommandDecoder();
    private final RunSettlementCycleCommandDecoder runSettlementCycle = new RunSettlementCycleCommandDecoder();

    private DirectBuffer buffer;
    private int block;
    private int blockLength;
    private int version;
    private CommandType type;
    private long sequence;
    private long submitterId;
    private long correlationId;

    /**
     * Points at the record at {@code offset}, whose frame has been checked (stage 1 sealed it, or a
     * journal reader checked its length and checksum).
     *
     * @throws IllegalArgumentException when the record is not a command this build knows, or its
     * block is shorter than its version's: the caller gave the engine something no producer of
     * this build writes (a bug, fail-stop).
     */
    CommandRecord wrap(final DirectBuffer buffer, final int offset)
    {
        final CommandType type = CommandCodec.checkedType(buffer, offset);
        if (type == null)
        {
            throw new IllegalArgumentException("not a command record of this build: template "
                + RecordFrame.templateId(buffer, offset) + ", version " + RecordFrame.version(buffer, offset)
                + ", block " + RecordFrame.blockLength(buffer, offset) + " bytes");
        }
        this.buffer = buffer;
        this.block = offset + RecordFrame.BLOCK_OFFSET;
        this.blockLength = RecordFrame.blockLength(buffer, offset);
        this.version = RecordFrame.version(buffer, offset);
        this.type = type;
        header.wrap(buffer, block);
        this.sequence = header.sequence();
        this.submitterId = header.submitterId();
        this.correlationId = header.correlationId();
        return this;
    }

    CommandType type()
    {
        return type;
    }

    long sequence()
    {
        return sequence;
    }

    /** The authenticated participant that sent the command ({@code Command.SYSTEM_SUBMITTER} for the system). */
    long submitterId()
    {
        return submitterId;
    }

    long correlationId()
    {
        return correlationId;
    }

    SubmitDealCommandDecoder submitDeal()
    {
        return submitDeal.wrap(buffer, block, blockLength, version);
    }

    CancelDealCommandDecoder cancelDeal()
    {
        return cancelDeal.wrap(buffer, block, blockLength, version);
    }

    SubmitInstructionCommandDecoder submitInstruction()
    {
        return submitInstruction.wrap(buffer, block, blockLength, version);
    }

    CancelInstructionCommandDecoder cancelInstruction()
    {
        return cancelInstruction.wrap(buffer, block, blockLength, version);
    }

    QueryInstructionCommandDecoder queryInstruction()
    {
        return queryInstruction.wrap(buffer, block, blockLength, version);
    }

    SetMatchingToleranceCommandDecoder setMatchingTolerance()
    {
        return setMatchingTolerance.wrap(buffer, block, blockLength, version);
    }

    SetInstructionExpiryCommandDecoder setInstructionExpiry()
    {
        return setInstructionExpiry.wrap(buffer, block, blockLength, version);
    }

    HoldDealCommandDecoder holdDeal()
    {
        return holdDeal.wrap(buffer, block, blockLength, version);
    }

    ReleaseDealCommandDecoder releaseDeal()
    {
        return releaseDeal.wrap(buffer, block, blockLength, version);
    }

    QueryDealCommandDecoder queryDeal()
    {
        return queryDeal.wrap(buffer, block, blockLength, version);
    }

    QueryLimitsCommandDecoder queryLimits()
    {
        return queryLimits.wrap(buffer, block, blockLength, version);
    }

    QueryPositionCommandDecoder queryPosition()
    {
        return queryPosition.wrap(buffer, block, blockLength, version);
    }

    CreateParticipantCommandDecoder createParticipant()
    {
        return createParticipant.wrap(buffer, block, blockLength, version);
    }

    CreateInstrumentCommandDecoder createInstrument()
    {
        return createInstrument.wrap(buffer, block, blockLength, version);
    }

    DepositCommandDecoder deposit()
    {
        return deposit.wrap(buffer, block, blockLength, version);
    }

    WithdrawCommandDecoder withdraw()
    {
        return withdraw.wrap(buffer, block, blockLength, version);
    }

    SetLimitCommandDecoder setLimit()
    {
        return setLimit.wrap(buffer, block, blockLength, version);
    }

    AdvanceBusinessDateCommandDecoder advanceBusinessDate()
    {
        return advanceBusinessDate.wrap(buffer, block, blockLength, version);
    }

    SetRetentionCommandDecoder setRetention()
    {
        return setRetention.wrap(buffer, block, blockLength, version);
    }

    SetCalendarCommandDecoder setCalendar()
    {
        return setCalendar.wrap(buffer, block, blockLength, version);
    }

    SetHolidayCommandDecoder setHoliday()
    {
        return setHoliday.wrap(buffer, block, blockLength, version);
    }

    RunSettlementCycleCommandDecoder runSettlementCycle()
    {
        return runSettlementCycle.wrap(buffer, block, blockLength, version);
    }

    @Override
    public String toString()
    {
        return type + " sequence " + sequence + " from " + submitterId;
    }
}
