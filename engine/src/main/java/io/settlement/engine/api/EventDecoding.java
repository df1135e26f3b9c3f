package io.settlement.engine.api;

import io.settlement.protocol.Codes;
import io.settlement.protocol.journal.BusinessDateAdvancedEventDecoder;
import io.settlement.protocol.journal.CommandResultEventDecoder;
import io.settlement.protocol.journal.CycleCompletedEventDecoder;
import io.settlement.protocol.journal.CycleSettledValueEventDecoder;
import io.settlement.protocol.journal.DealAcceptedEventDecoder;
import io.settlement.protocol.journal.DealCancelledEventDecoder;
import io.settlement.protocol.journal.DealDecoder;
import io.settlement.protocol.journal.InstructionAcceptedEventDecoder;
import io.settlement.protocol.journal.InstructionAcceptedEventEncoder;
import io.settlement.protocol.journal.InstructionAllegedEventDecoder;
import io.settlement.protocol.journal.InstructionMatchedEventDecoder;
import io.settlement.protocol.journal.InstructionRejectedEventDecoder;
import io.settlement.protocol.journal.InstructionEndedEventDecoder;
import io.settlement.protocol.journal.InstructionReportEventDecoder;
import io.settlement.protocol.journal.InstructionDecoder;
import io.settlement.protocol.journal.DealHeldEventDecoder;
import io.settlement.protocol.journal.DealPartiallySettledEventDecoder;
import io.settlement.protocol.journal.DealRejectedEventDecoder;
import io.settlement.protocol.journal.DealReleasedEventDecoder;
import io.settlement.protocol.journal.DealReportEventDecoder;
import io.settlement.protocol.journal.DealReportEventEncoder;
import io.settlement.protocol.journal.DealSettledEventDecoder;
import io.settlement.protocol.journal.DealSettledEventEncoder;
import io.settlement.protocol.journal.DealSettlementFailedEventDecoder;
import io.settlement.protocol.journal.EventHeaderDecoder;
import io.settlement.protocol.journal.InstrumentLineEventDecoder;
import io.settlement.protocol.journal.InstrumentLineEventEncoder;
import io.settlement.protocol.journal.InstrumentsReportEventDecoder;
import io.settlement.protocol.journal.LimitLineEventDecoder;
import io.settlement.protocol.journal.LimitSetEventDecoder;
import io.settlement.protocol.journal.LimitsReportEventDecoder;
import io.settlement.protocol.journal.ParticipantLineEventDecoder;
import io.settlement.protocol.journal.ParticipantLineEventEncoder;
import io.settlement.protocol.journal.ParticipantsReportEventDecoder;
import io.settlement.protocol.journal.PositionReportEventDecoder;
import io.settlement.protocol.wire.Reason;
import org.agrona.DirectBuffer;

/**
 * The decoding side of {@link EventCodec}: a framed event record into an {@link Event}, by the record's own
 * block length and schema version (SBE's acting block length and version), with the shortest block each
 * template's version may have. Stateless; allocates nothing.
 */
final class EventDecoding
{
    private EventDecoding()
    {
    }

    /** As {@link EventCodec#decodeChecked}. */
    static boolean decodeChecked(final DirectBuffer buffer, final int offset, final Event e)
    {
        final EventType type = EventCodec.typeOf(RecordFrame.templateId(buffer, offset));
        if (type == null)
        {
            return false;
        }
        final int blockLength = RecordFrame.blockLength(buffer, offset);
        final int version = RecordFrame.version(buffer, offset);
        if (blockLength < minimumBlockLength(type, version))
        {
            return false;
        }
        final JournalFlyweights f = JournalFlyweights.get();
        final int at = offset + RecordFrame.BLOCK_OFFSET;
        e.clear().type = type;
        int reason = Reason.OK.value();
        switch (type)
        {
            case DEAL_ACCEPTED:
            {
                final DealAcceptedEventDecoder m = f.dealAcceptedEventDecoder.wrap(buffer, at, blockLength, version);
                header(m.header(), e);
                deal(m.deal(), e);
                e.count = m.repeat();
                break;
            }
            case DEAL_SETTLED:
            {
                final DealSettledEventDecoder m = f.dealSettledEventDecoder.wrap(buffer, at, blockLength, version);
                header(m.header(), e);
                deal(m.deal(), e);
                final boolean parts = version >= DealSettledEventDecoder.partQuantitySinceVersion();
                e.partQuantity = parts ? m.partQuantity() : e.quantity;
                e.partCash = parts ? m.partCash() : e.cashAmount;
                break;
            }
            case DEAL_REPORT:
            {
                final DealReportEventDecoder m = f.dealReportEventDecoder.wrap(buffer, at, blockLength, version);
                header(m.header(), e);
                deal(m.deal(), e);
                e.dealStatus = m.dealStatus();
                reason = m.reason();
                e.heldSides = version >= DealReportEventDecoder.heldSidesSinceVersion() ? m.heldSides() : 0;
                if (version >= DealReportEventDecoder.linkIdSinceVersion())
                {
                    e.linkId = m.linkId();
                    e.partialAllowed = m.partialAllowed();
                    e.minimumQuantity = m.minimumQuantity();
                    e.settledQuantity = m.settledQuantity();
                    e.settledCash = m.settledCash();
                }
                else
                {
                    final boolean settled = e.dealStatus == io.settlement.protocol.wire.DealStatus.SETTLED.value();
                    e.settledQuantity = settled ? e.quantity : 0;
                    e.settledCash = settled ? e.cashAmount : 0;
                }
                break;
            }
            case DEAL_HELD:
            {
                final DealHeldEventDecoder m = f.dealHeldEventDecoder.wrap(buffer, at, blockLength, version);
                header(m.header(), e);
                e.dealId = m.dealId();
                e.clientDealId = m.clientDealId();
                e.buyerId = m.buyerId();
                e.sellerId = m.sellerId();
                e.side = m.side();
                e.heldSides = m.heldSides();
                break;
            }
            case DEAL_RELEASED:
            {
                final DealReleasedEventDecoder m = f.dealReleasedEventDecoder.wrap(buffer, at, blockLength, version);
                header(m.header(), e);
                e.dealId = m.dealId();
                e.clientDealId = m.clientDealId();
                e.buyerId = m.buyerId();
                e.sellerId = m.sellerId();
                e.side = m.side();
                e.heldSides = m.heldSides();
                break;
            }
            case INSTRUCTION_ACCEPTED:
            {
                final InstructionAcceptedEventDecoder m = f.instructionAcceptedEventDecoder.wrap(buffer, at, blockLength, version);
                header(m.header(), e);
                instruction(m.instruction(), e);
                e.count = m.repeat();
                // a record of version 5 (or one written in its layout) has neither: no deal, reason OK
                if (version >= InstructionAcceptedEventDecoder.dealIdSinceVersion())
                {
                    e.dealId = m.dealId();
                    reason = m.reason();
                }
                break;
            }
            case INSTRUCTION_ALLEGED:
            {
                final InstructionAllegedEventDecoder m = f.instructionAllegedEventDecoder.wrap(buffer, at, blockLength, version);
                header(m.header(), e);
                instruction(m.instruction(), e);
                break;
            }
            case INSTRUCTION_MATCHED:
            {
                final InstructionMatchedEventDecoder m = f.instructionMatchedEventDecoder.wrap(buffer, at, blockLength, version);
                header(m.header(), e);
                instruction(m.instruction(), e);
                e.matchedInstructionId = m.matchedInstructionId();
                e.matchedClientRef = m.matchedClientRef();
                e.matchedCashAmount = m.matchedCashAmount();
                e.matchedLinkId = m.matchedLinkId();
                e.dealId = m.dealId();
                e.dealCashAmount = m.dealCashAmount();
                e.dealPartialAllowed = m.dealPartialAllowed();
                e.dealMinimumQuantity = m.dealMinimumQuantity();
                break;
            }
            case INSTRUCTION_REJECTED:
            {
                final InstructionRejectedEventDecoder m = f.instructionRejectedEventDecoder.wrap(buffer, at, blockLength, version);
                header(m.header(), e);
                e.clientRef = m.clientRef();
                reason = m.reason();
                break;
            }
            case INSTRUCTION_ENDED:
            {
                final InstructionEndedEventDecoder m = f.instructionEndedEventDecoder.wrap(buffer, at, blockLength, version);
                header(m.header(), e);
                instruction(m.instruction(), e);
                reason = m.reason();
                break;
            }
            case INSTRUCTION_REPORT:
            {
                final InstructionReportEventDecoder m = f.instructionReportEventDecoder.wrap(buffer, at, blockLength, version);
                header(m.header(), e);
                instruction(m.instruction(), e);
                e.dealId = m.dealId();
                reason = m.reason();
                break;
            }
            case DEAL_PARTIALLY_SETTLED:
            {
                final DealPartiallySettledEventDecoder m = f.dealPartiallySettledEventDecoder.wrap(buffer, at, blockLength, version);
                header(m.header(), e);
                deal(m.deal(), e);
                e.partQuantity = m.partQuantity();
                e.partCash = m.partCash();
                e.settledQuantity = m.settledQuantity();
                e.settledCash = m.settledCash();
                reason = m.reason();
                break;
            }
            case DEAL_REJECTED:
            {
                final DealRejectedEventDecoder m = f.dealRejectedEventDecoder.wrap(buffer, at, blockLength, version);
                header(m.header(), e);
                e.clientDealId = m.clientDealId();
                reason = m.reason();
                break;
            }
            case DEAL_CANCELLED:
            {
                final DealCancelledEventDecoder m = f.dealCancelledEventDecoder.wrap(buffer, at, blockLength, version);
                header(m.header(), e);
                e.dealId = m.dealId();
                e.clientDealId = m.clientDealId();
                e.buyerId = m.buyerId();
                e.sellerId = m.sellerId();
                break;
            }
            case DEAL_SETTLEMENT_FAILED:
            {
                final DealSettlementFailedEventDecoder m = f.dealSettlementFailedEventDecoder.wrap(buffer, at, blockLength, version);
                header(m.header(), e);
                e.dealId = m.dealId();
                e.clientDealId = m.clientDealId();
                e.buyerId = m.buyerId();
                e.sellerId = m.sellerId();
                reason = m.reason();
                break;
            }
            case CYCLE_SETTLED_VALUE:
            {
                final CycleSettledValueEventDecoder m = f.cycleSettledValueEventDecoder.wrap(buffer, at, blockLength, version);
                header(m.header(), e);
                e.currencyId = m.currencyId();
                e.amount = m.amountLow();
                e.amountHigh = m.amountHigh();
                e.count = m.count();
                break;
            }
            case CYCLE_COMPLETED:
            {
                final CycleCompletedEventDecoder m = f.cycleCompletedEventDecoder.wrap(buffer, at, blockLength, version);
                header(m.header(), e);
                e.businessDate = m.businessDate();
                e.attempted = m.attempted();
                e.settled = m.settled();
                e.failed = m.failed();
                break;
            }
            case COMMAND_RESULT:
            {
                final CommandResultEventDecoder m = f.commandResultEventDecoder.wrap(buffer, at, blockLength, version);
                header(m.header(), e);
                e.commandType = m.commandType();
                reason = m.reason();
                break;
            }
            case LIMIT_SET:
            {
                final LimitSetEventDecoder m = f.limitSetEventDecoder.wrap(buffer, at, blockLength, version);
                header(m.header(), e);
                e.participantId = m.participantId();
                e.limitKind = m.limitKind();
                e.limitKey = m.limitKey();
                e.amount = m.amount();
                e.utilised = m.utilised();
                break;
            }
            case LIMIT_LINE:
            {
                final LimitLineEventDecoder m = f.limitLineEventDecoder.wrap(buffer, at, blockLength, version);
                header(m.header(), e);
                e.participantId = m.participantId();
                e.limitKind = m.limitKind();
                e.limitKey = m.limitKey();
                e.amount = m.amount();
                e.utilised = m.utilised();
                break;
            }
            case POSITION_REPORT:
            {
                final PositionReportEventDecoder m = f.positionReportEventDecoder.wrap(buffer, at, blockLength, version);
                header(m.header(), e);
                e.participantId = m.participantId();
                e.instrumentId = m.instrumentId();
                e.amount = m.amount();
                break;
            }
            case LIMITS_REPORT:
            {
                final LimitsReportEventDecoder m = f.limitsReportEventDecoder.wrap(buffer, at, blockLength, version);
                header(m.header(), e);
                e.participantId = m.participantId();
                e.count = m.count();
                break;
            }
            case BUSINESS_DATE_ADVANCED:
            {
                final BusinessDateAdvancedEventDecoder m = f.businessDateAdvancedEventDecoder.wrap(buffer, at, blockLength, version);
                header(m.header(), e);
                e.businessDate = m.businessDate();
                e.count = m.count();
                break;
            }
            case PARTICIPANTS_REPORT:
            {
                final ParticipantsReportEventDecoder m = f.participantsReportEventDecoder.wrap(buffer, at, blockLength, version);
                header(m.header(), e);
                e.count = m.count();
                break;
            }
            case PARTICIPANT_LINE:
            {
                final ParticipantLineEventDecoder m = f.participantLineEventDecoder.wrap(buffer, at, blockLength, version);
                header(m.header(), e);
                e.participantId = m.participantId();
                e.role = m.role();
                if (version >= ParticipantLineEventDecoder.nameSinceVersion())
                {
                    m.getName(e.name, 0);
                    m.getShortCode(e.shortCode, 0);
                }
                break;
            }
            case INSTRUMENTS_REPORT:
            {
                final InstrumentsReportEventDecoder m = f.instrumentsReportEventDecoder.wrap(buffer, at, blockLength, version);
                header(m.header(), e);
                e.count = m.count();
                break;
            }
            case INSTRUMENT_LINE:
            {
                final InstrumentLineEventDecoder m = f.instrumentLineEventDecoder.wrap(buffer, at, blockLength, version);
                header(m.header(), e);
                e.instrumentId = m.instrumentId();
                e.instrumentKind = m.instrumentKind();
                m.getCode(e.code, 0);
                if (version >= InstrumentLineEventDecoder.isinSinceVersion())
                {
                    m.getIsin(e.isin, 0);
                    m.getName(e.name, 0);
                    e.minorUnits = m.minorUnits();
                }
                else
                {
                    e.minorUnits = ReferenceChecks.defaultMinorUnits(e.instrumentKind, e.code);
                }
                break;
            }
            default:
                return false;
        }
        final Reason decoded = Codes.engineReason(reason);
        if (decoded == null)
        {
            return false;
        }
        e.reason = decoded;
        return true;
    }

    private static void instruction(final InstructionDecoder i, final Event e)
    {
        e.instructionId = i.instructionId();
        e.clientRef = i.clientRef();
        e.side = i.side();
        e.buyerId = i.buyerId();
        e.sellerId = i.sellerId();
        e.securityId = i.securityId();
        e.currencyId = i.currencyId();
        e.quantity = i.quantity();
        e.cashAmount = i.cashAmount();
        e.settlementDate = i.settlementDate();
        e.dealType = i.dealType();
        e.linkId = i.linkId();
        e.partialAllowed = i.partialAllowed();
        e.minimumQuantity = i.minimumQuantity();
        e.instructionStatus = i.status();
        e.submittedDate = i.submittedDate();
    }

    /**
     * As {@code CommandCodec}'s: this build's block from the template's layout version on; the line
     * events written before the reference-data fields of version 4 have their earlier block (a
     * PARTICIPANT_LINE from version 1, an INSTRUMENT_LINE from version 2, the version it was added in),
     * a DEAL_SETTLED of a whole settlement and a DEAL_REPORT with no side held and no terms their
     * version-1 block, an INSTRUCTION_ACCEPTED without a deal or end reason its version-5 block; a record older than its template is
     * malformed.
     */
    private static int minimumBlockLength(final EventType type, final int version)
    {
        switch (type)
        {
            case PARTICIPANT_LINE:
                return version < EventCodec.layoutVersion(type) ? ParticipantLineEventEncoder.nameEncodingOffset()
                    : EventCodec.encodedLength(type) - RecordFrame.OVERHEAD;
            case DEAL_SETTLED:
                return version < EventCodec.layoutVersion(type) ? DealSettledEventEncoder.partQuantityEncodingOffset()
                    : EventCodec.encodedLength(type) - RecordFrame.OVERHEAD;
            case DEAL_REPORT:
                return version < EventCodec.layoutVersion(type) ? DealReportEventEncoder.heldSidesEncodingOffset()
                    : EventCodec.encodedLength(type) - RecordFrame.OVERHEAD;
            case INSTRUCTION_ACCEPTED:
                return version < InstructionAcceptedEventEncoder.headerSinceVersion() ? Integer.MAX_VALUE
                    : version < EventCodec.layoutVersion(type) ? InstructionAcceptedEventEncoder.dealIdEncodingOffset()
                    : EventCodec.encodedLength(type) - RecordFrame.OVERHEAD;
            case INSTRUMENT_LINE:
                return version < InstrumentLineEventEncoder.headerSinceVersion() ? Integer.MAX_VALUE
                    : version < EventCodec.layoutVersion(type) ? InstrumentLineEventEncoder.isinEncodingOffset()
                    : EventCodec.encodedLength(type) - RecordFrame.OVERHEAD;
            default:
                return version < EventCodec.layoutVersion(type) ? Integer.MAX_VALUE : EventCodec.encodedLength(type) - RecordFrame.OVERHEAD;
        }
    }

    private static void header(final EventHeaderDecoder h, final Event e)
    {
        e.sequence = h.sequence();
        e.correlationId = h.correlationId();
        e.submitterId = h.submitterId();
    }

    private static void deal(final DealDecoder d, final Event e)
    {
        e.dealId = d.dealId();
        e.clientDealId = d.clientDealId();
        e.buyerId = d.buyerId();
        e.sellerId = d.sellerId();
        e.securityId = d.securityId();
        e.currencyId = d.currencyId();
        e.quantity = d.quantity();
        e.cashAmount = d.cashAmount();
        e.settlementDate = d.settlementDate();
        e.dealType = d.dealType();
    }
}
