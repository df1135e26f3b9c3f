package io.settlement.engine.api;

import java.util.zip.CRC32C;

import io.settlement.protocol.journal.AdvanceBusinessDateCommandDecoder;
import io.settlement.protocol.journal.AdvanceBusinessDateCommandEncoder;
import io.settlement.protocol.journal.BusinessDateAdvancedEventDecoder;
import io.settlement.protocol.journal.BusinessDateAdvancedEventEncoder;
import io.settlement.protocol.journal.CancelDealCommandDecoder;
import io.settlement.protocol.journal.CancelDealCommandEncoder;
import io.settlement.protocol.journal.CommandResultEventDecoder;
import io.settlement.protocol.journal.CommandResultEventEncoder;
import io.settlement.protocol.journal.CreateInstrumentCommandDecoder;
import io.settlement.protocol.journal.CreateInstrumentCommandEncoder;
import io.settlement.protocol.journal.CreateParticipantCommandDecoder;
import io.settlement.protocol.journal.CreateParticipantCommandEncoder;
import io.settlement.protocol.journal.CycleCompletedEventDecoder;
import io.settlement.protocol.journal.CycleCompletedEventEncoder;
import io.settlement.protocol.journal.CycleSettledValueEventDecoder;
import io.settlement.protocol.journal.CycleSettledValueEventEncoder;
import io.settlement.protocol.journal.DealAcceptedEventDecoder;
import io.settlement.protocol.journal.DealAcceptedEventEncoder;
import io.settlement.protocol.journal.DealCancelledEventDecoder;
import io.settlement.protocol.journal.DealCancelledEventEncoder;
import io.settlement.protocol.journal.DealHeldEventDecoder;
import io.settlement.protocol.journal.DealHeldEventEncoder;
import io.settlement.protocol.journal.DealPartiallySettledEventDecoder;
import io.settlement.protocol.journal.DealPartiallySettledEventEncoder;
import io.settlement.protocol.journal.DealRejectedEventDecoder;
import io.settlement.protocol.journal.DealRejectedEventEncoder;
import io.settlement.protocol.journal.DealReleasedEventDecoder;
import io.settlement.protocol.journal.DealReleasedEventEncoder;
import io.settlement.protocol.journal.DealReportEventDecoder;
import io.settlement.protocol.journal.DealReportEventEncoder;
import io.settlement.protocol.journal.DealSettledEventDecoder;
import io.settlement.protocol.journal.DealSettledEventEncoder;
import io.settlement.protocol.journal.DealSettlementFailedEventDecoder;
import io.settlement.protocol.journal.DealSettlementFailedEventEncoder;
import io.settlement.protocol.journal.DepositCommandDecoder;
import io.settlement.protocol.journal.DepositCommandEncoder;
import io.settlement.protocol.journal.HoldDealCommandDecoder;
import io.settlement.protocol.journal.HoldDealCommandEncoder;
import io.settlement.protocol.journal.InstrumentLineEventDecoder;
import io.settlement.protocol.journal.InstrumentLineEventEncoder;
import io.settlement.protocol.journal.InstrumentsReportEventDecoder;
import io.settlement.protocol.journal.InstrumentsReportEventEncoder;
import io.settlement.protocol.journal.LimitLineEventDecoder;
import io.settlement.protocol.journal.LimitLineEventEncoder;
import io.settlement.protocol.journal.LimitSetEventDecoder;
import io.settlement.protocol.journal.LimitSetEventEncoder;
import io.settlement.protocol.journal.LimitsReportEventDecoder;
import io.settlement.protocol.journal.LimitsReportEventEncoder;
import io.settlement.protocol.journal.MessageHeaderEncoder;
import io.settlement.protocol.journal.ParticipantLineEventDecoder;
import io.settlement.protocol.journal.ParticipantLineEventEncoder;
import io.settlement.protocol.journal.ParticipantsReportEventDecoder;
import io.settlement.protocol.journal.ParticipantsReportEventEncoder;
import io.settlement.protocol.journal.PositionReportEventDecoder;
import io.settlement.protocol.journal.PositionReportEventEncoder;
import io.settlement.protocol.journal.QueryDealCommandDecoder;
import io.settlement.protocol.journal.QueryDealCommandEncoder;
import io.settlement.protocol.journal.QueryInstrumentsCommandDecoder;
import io.settlement.protocol.journal.QueryInstrumentsCommandEncoder;
import io.settlement.protocol.journal.QueryLimitsCommandDecoder;
import io.settlement.protocol.journal.QueryLimitsCommandEncoder;
import io.settlement.protocol.journal.QueryParticipantsCommandDecoder;
import io.settlement.protocol.journal.QueryParticipantsCommandEncoder;
import io.settlement.protocol.journal.QueryPositionCommandDecoder;
import io.settlement.protocol.journal.QueryPositionCommandEncoder;
import io.settlement.protocol.journal.ReleaseDealCommandDecoder;
import io.settlement.protocol.journal.ReleaseDealCommandEncoder;
import io.settlement.protocol.journal.RunSettlementCycleCommandDecoder;
import io.settlement.protocol.journal.RunSettlementCycleCommandEncoder;
import io.settlement.protocol.journal.SetCalendarCommandDecoder;
import io.settlement.protocol.journal.SetCalendarCommandEncoder;
import io.settlement.protocol.journal.SetHolidayCommandDecoder;
import io.settlement.protocol.journal.SetHolidayCommandEncoder;
import io.settlement.protocol.journal.SetLimitCommandDecoder;
import io.settlement.protocol.journal.SetLimitCommandEncoder;
import io.settlement.protocol.journal.SetRetentionCommandDecoder;
import io.settlement.protocol.journal.SetRetentionCommandEncoder;
import io.settlement.protocol.journal.SubmitDealCommandDecoder;
import io.settlement.protocol.journal.SubmitDealCommandEncoder;
import io.settlement.protocol.journal.WithdrawCommandDecoder;
import io.settlement.protocol.journal.WithdrawCommandEncoder;

/**
 * One thread's flyweights over the journal schema's generated codecs, and its CRC32C: {@link CommandCodec} and
 * {@link EventCodec} are static and used from several threads (the journal, engine and publish
 * stages, readers), and a flyweight holds the buffer it wraps. Allocated once per thread.
 */
final class JournalFlyweights
{
    private static final ThreadLocal<JournalFlyweights> PER_THREAD = ThreadLocal.withInitial(JournalFlyweights::new);

    final MessageHeaderEncoder header = new MessageHeaderEncoder();
    final CRC32C crc = new CRC32C();
    /** Off-heap record bytes are copied here to be checksummed: CRC32C's intrinsic takes an array or a ByteBuffer, not an address. */
    final byte[] checksumScratch = new byte[4096];
    final AdvanceBusinessDateCommandEncoder advanceBusinessDateCommandEncoder = new AdvanceBusinessDateCommandEncoder();
    final AdvanceBusinessDateCommandDecoder advanceBusinessDateCommandDecoder = new AdvanceBusinessDateCommandDecoder();
    final BusinessDateAdvancedEventEncoder businessDateAdvancedEventEncoder = new BusinessDateAdvancedEventEncoder();
    final BusinessDateAdvancedEventDecoder businessDateAdvancedEventDecoder = new BusinessDateAdvancedEventDecoder();
    final CancelDealCommandEncoder cancelDealCommandEncoder = new CancelDealCommandEncoder();
    final CancelDealCommandDecoder cancelDealCommandDecoder = new CancelDealCommandDecoder();
    final CommandResultEventEncoder commandResultEventEncoder = new CommandResultEventEncoder();
    final CommandResultEventDecoder commandResultEventDecoder = new CommandResultEventDecoder();
    final CreateInstrumentCommandEncoder createInstrumentCommandEncoder = new CreateInstrumentCommandEncoder();
    final CreateInstrumentCommandDecoder createInstrumentCommandDecoder = new CreateInstrumentCommandDecoder();
    final CreateParticipantCommandEncoder createParticipantCommandEncoder = new CreateParticipantCommandEncoder();
    final CreateParticipantCommandDecoder createParticipantCommandDecoder = new CreateParticipantCommandDecoder();
    final CycleCompletedEventEncoder cycleCompletedEventEncoder = new CycleCompletedEventEncoder();
    final CycleCompletedEventDecoder cycleCompletedEventDecoder = new CycleCompletedEventDecoder();
    final CycleSettledValueEventEncoder cycleSettledValueEventEncoder = new CycleSettledValueEventEncoder();
    final CycleSettledValueEventDecoder cycleSettledValueEventDecoder = new CycleSettledValueEventDecoder();
    final DealAcceptedEventEncoder dealAcceptedEventEncoder = new DealAcceptedEventEncoder();
    final DealAcceptedEventDecoder dealAcceptedEventDecoder = new DealAcceptedEventDecoder();
    final DealCancelledEventEncoder dealCancelledEventEncoder = new DealCancelledEventEncoder();
    final DealCancelledEventDecoder dealCancelledEventDecoder = new DealCancelledEventDecoder();
    final DealRejectedEventEncoder dealRejectedEventEncoder = new DealRejectedEventEncoder();
    final DealRejectedEventDecoder dealRejectedEventDecoder = new DealRejectedEventDecoder();
    final DealReportEventEncoder dealReportEventEncoder = new DealReportEventEncoder();
    final DealReportEventDecoder dealReportEventDecoder = new DealReportEventDecoder();
    final DealSettledEventEncoder dealSettledEventEncoder = new DealSettledEventEncoder();
    final DealPartiallySettledEventEncoder dealPartiallySettledEventEncoder = new DealPartiallySettledEventEncoder();
    final DealPartiallySettledEventDecoder dealPartiallySettledEventDecoder = new DealPartiallySettledEventDecoder();
    final DealSettledEventDecoder dealSettledEventDecoder = new DealSettledEventDecoder();
    final DealSettlementFailedEventEncoder dealSettlementFailedEventEncoder = new DealSettlementFailedEventEncoder();
    final DealSettlementFailedEventDecoder dealSettlementFailedEventDecoder = new DealSettlementFailedEventDecoder();
    final DepositCommandEncoder depositCommandEncoder = new DepositCommandEncoder();
    final DepositCommandDecoder depositCommandDecoder = new DepositCommandDecoder();
    final InstrumentLineEventEncoder instrumentLineEventEncoder = new InstrumentLineEventEncoder();
    final InstrumentLineEventDecoder instrumentLineEventDecoder = new InstrumentLineEventDecoder();
    final InstrumentsReportEventEncoder instrumentsReportEventEncoder = new InstrumentsReportEventEncoder();
    final InstrumentsReportEventDecoder instrumentsReportEventDecoder = new InstrumentsReportEventDecoder();
    final LimitLineEventEncoder limitLineEventEncoder = new LimitLineEventEncoder();
    final LimitLineEventDecoder limitLineEventDecoder = new LimitLineEventDecoder();
    final LimitSetEventEncoder limitSetEventEncoder = new LimitSetEventEncoder();
    final LimitSetEventDecoder limitSetEventDecoder = new LimitSetEventDecoder();
    final LimitsReportEventEncoder limitsReportEventEncoder = new LimitsReportEventEncoder();
    final LimitsReportEventDecoder limitsReportEventDecoder = new LimitsReportEventDecoder();
    final ParticipantLineEventEncoder participantLineEventEncoder = new ParticipantLineEventEncoder();
    final ParticipantLineEventDecoder participantLineEventDecoder = new ParticipantLineEventDecoder();
    final ParticipantsReportEventEncoder participantsReportEventEncoder = new ParticipantsReportEventEncoder();
    final ParticipantsReportEventDecoder participantsReportEventDecoder = new ParticipantsReportEventDecoder();
    final PositionReportEventEncoder positionReportEventEncoder = new PositionReportEventEncoder();
    final PositionReportEventDecoder positionReportEventDecoder = new PositionReportEventDecoder();
    final QueryDealCommandEncoder queryDealCommandEncoder = new QueryDealCommandEncoder();
    final QueryDealCommandDecoder queryDealCommandDecoder = new QueryDealCommandDecoder();
    final QueryInstrumentsCommandEncoder queryInstrumentsCommandEncoder = new QueryInstrumentsCommandEncoder();
    final QueryInstrumentsCommandDecoder queryInstrumentsCommandDecoder = new QueryInstrumentsCommandDecoder();
    final QueryLimitsCommandEncoder queryLimitsCommandEncoder = new QueryLimitsCommandEncoder();
    final QueryLimitsCommandDecoder queryLimitsCommandDecoder = new QueryLimitsCommandDecoder();
    final QueryParticipantsCommandEncoder queryParticipantsCommandEncoder = new QueryParticipantsCommandEncoder();
    final QueryParticipantsCommandDecoder queryParticipantsCommandDecoder = new QueryParticipantsCommandDecoder();
    final QueryPositionCommandEncoder queryPositionCommandEncoder = new QueryPositionCommandEncoder();
    final QueryPositionCommandDecoder queryPositionCommandDecoder = new QueryPositionCommandDecoder();
    final RunSettlementCycleCommandEncoder runSettlementCycleCommandEncoder = new RunSettlementCycleCommandEncoder();
    final RunSettlementCycleCommandDecoder runSettlementCycleCommandDecoder = new RunSettlementCycleCommandDecoder();
    final SetLimitCommandEncoder setLimitCommandEncoder = new SetLimitCommandEncoder();
    final SetLimitCommandDecoder setLimitCommandDecoder = new SetLimitCommandDecoder();
    final SetRetentionCommandEncoder setRetentionCommandEncoder = new SetRetentionCommandEncoder();
    final SetRetentionCommandDecoder setRetentionCommandDecoder = new SetRetentionCommandDecoder();
    final SetCalendarCommandEncoder setCalendarCommandEncoder = new SetCalendarCommandEncoder();
    final SetCalendarCommandDecoder setCalendarCommandDecoder = new SetCalendarCommandDecoder();
    final SetHolidayCommandEncoder setHolidayCommandEncoder = new SetHolidayCommandEncoder();
    final SetHolidayCommandDecoder setHolidayCommandDecoder = new SetHolidayCommandDecoder();
    final HoldDealCommandEncoder holdDealCommandEncoder = new HoldDealCommandEncoder();
    final HoldDealCommandDecoder holdDealCommandDecoder = new HoldDealCommandDecoder();
    final ReleaseDealCommandEncoder releaseDealCommandEncoder = new ReleaseDealCommandEncoder();
    final ReleaseDealCommandDecoder releaseDealCommandDecoder = new ReleaseDealCommandDecoder();
    final DealHeldEventEncoder dealHeldEventEncoder = new DealHeldEventEncoder();
    final DealHeldEventDecoder dealHeldEventDecoder = new DealHeldEventDecoder();
    final DealReleasedEventEncoder dealReleasedEventEncoder = new DealReleasedEventEncoder();
    final DealReleasedEventDecoder dealReleasedEventDecoder = new DealReleasedEventDecoder();
    final SubmitDealCommandEncoder submitDealCommandEncoder = new SubmitDealCommandEncoder();
    final SubmitDealCommandDecoder submitDealCommandDecoder = new SubmitDealCommandDecoder();
    final WithdrawCommandEncoder withdrawCommandEncoder = new WithdrawCommandEncoder();
    final WithdrawCommandDecoder withdrawCommandDecoder = new WithdrawCommandDecoder();

    private JournalFlyweights()
    {
    }

    static JournalFlyweights get()
    {
        return PER_THREAD.get();
    }
}
