package io.settlement.engine.api;

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
 * Decoding of a command record whose frame {@link RecordFrame#check} has accepted, field by field through the
 * generated flyweights, for every template and layout version this build reads ({@link CommandCodec#decodeChecked}).
 */
final class CommandDecoding
{
    private CommandDecoding()
    {
    }

    /** {@link CommandCodec#decodeChecked}. */
    static boolean decodeChecked(final DirectBuffer buffer, final int offset, final Command c)
    {
        final CommandType type = CommandCodec.checkedType(buffer, offset);
        if (type == null)
        {
            return false;
        }
        final int blockLength = RecordFrame.blockLength(buffer, offset);
        final int version = RecordFrame.version(buffer, offset);
        final JournalFlyweights f = JournalFlyweights.get();
        final int at = offset + RecordFrame.BLOCK_OFFSET;
        c.reset();
        c.type = type;
        switch (type)
        {
            case SUBMIT_DEAL:
            {
                final SubmitDealCommandDecoder m = f.submitDealCommandDecoder.wrap(buffer, at, blockLength, version);
                header(m.header(), c);
                c.clientDealId = m.clientDealId();
                c.buyerId = m.buyerId();
                c.sellerId = m.sellerId();
                c.securityId = m.securityId();
                c.currencyId = m.currencyId();
                c.quantity = m.quantity();
                c.cashAmount = m.cashAmount();
                c.settlementDate = m.settlementDate();
                c.dealType = m.dealType();
                if (version < SubmitDealCommandDecoder.linkIdSinceVersion())
                {
                    c.legacyLayout = true;
                }
                else
                {
                    c.linkId = m.linkId();
                    c.partialAllowed = m.partialAllowed();
                    c.minimumQuantity = m.minimumQuantity();
                }
                break;
            }
            case CANCEL_DEAL:
            {
                final CancelDealCommandDecoder m = f.cancelDealCommandDecoder.wrap(buffer, at, blockLength, version);
                header(m.header(), c);
                c.dealId = m.dealId();
                break;
            }
            case SUBMIT_INSTRUCTION:
            {
                final SubmitInstructionCommandDecoder m = f.submitInstructionCommandDecoder.wrap(buffer, at, blockLength, version);
                header(m.header(), c);
                c.clientRef = m.clientRef();
                c.side = m.side();
                c.counterpartyId = m.counterpartyId();
                c.securityId = m.securityId();
                c.currencyId = m.currencyId();
                c.quantity = m.quantity();
                c.cashAmount = m.cashAmount();
                c.settlementDate = m.settlementDate();
                c.dealType = m.dealType();
                c.linkId = m.linkId();
                c.partialAllowed = m.partialAllowed();
                c.minimumQuantity = m.minimumQuantity();
                break;
            }
            case CANCEL_INSTRUCTION:
            {
                final CancelInstructionCommandDecoder m = f.cancelInstructionCommandDecoder.wrap(buffer, at, blockLength, version);
                header(m.header(), c);
                c.instructionId = m.instructionId();
                break;
            }
            case QUERY_INSTRUCTION:
            {
                final QueryInstructionCommandDecoder m = f.queryInstructionCommandDecoder.wrap(buffer, at, blockLength, version);
                header(m.header(), c);
                c.instructionId = m.instructionId();
                break;
            }
            case SET_MATCHING_TOLERANCE:
            {
                final SetMatchingToleranceCommandDecoder m = f.setMatchingToleranceCommandDecoder.wrap(buffer, at, blockLength, version);
                header(m.header(), c);
                c.currencyId = m.currencyId();
                c.toleranceMinor = m.toleranceMinor();
                break;
            }
            case SET_INSTRUCTION_EXPIRY:
            {
                final SetInstructionExpiryCommandDecoder m = f.setInstructionExpiryCommandDecoder.wrap(buffer, at, blockLength, version);
                header(m.header(), c);
                c.expiryBusinessDays = m.businessDays();
                break;
            }
            case HOLD_DEAL:
            {
                final HoldDealCommandDecoder m = f.holdDealCommandDecoder.wrap(buffer, at, blockLength, version);
                header(m.header(), c);
                c.dealId = m.dealId();
                c.side = m.side();
                break;
            }
            case RELEASE_DEAL:
            {
                final ReleaseDealCommandDecoder m = f.releaseDealCommandDecoder.wrap(buffer, at, blockLength, version);
                header(m.header(), c);
                c.dealId = m.dealId();
                c.side = m.side();
                break;
            }
            case QUERY_DEAL:
            {
                final QueryDealCommandDecoder m = f.queryDealCommandDecoder.wrap(buffer, at, blockLength, version);
                header(m.header(), c);
                c.dealId = m.dealId();
                break;
            }
            case QUERY_LIMITS:
            {
                final QueryLimitsCommandDecoder m = f.queryLimitsCommandDecoder.wrap(buffer, at, blockLength, version);
                header(m.header(), c);
                c.participantId = m.participantId();
                break;
            }
            case QUERY_POSITION:
            {
                final QueryPositionCommandDecoder m = f.queryPositionCommandDecoder.wrap(buffer, at, blockLength, version);
                header(m.header(), c);
                c.participantId = m.participantId();
                c.instrumentId = m.instrumentId();
                break;
            }
            case QUERY_PARTICIPANTS:
                header(f.queryParticipantsCommandDecoder.wrap(buffer, at, blockLength, version).header(), c);
                break;
            case QUERY_INSTRUMENTS:
                header(f.queryInstrumentsCommandDecoder.wrap(buffer, at, blockLength, version).header(), c);
                break;
            case CREATE_PARTICIPANT:
            {
                final CreateParticipantCommandDecoder m = f.createParticipantCommandDecoder.wrap(buffer, at, blockLength, version);
                header(m.header(), c);
                c.participantId = m.participantId();
                c.role = m.role();
                if (version < CreateParticipantCommandDecoder.nameSinceVersion())
                {
                    c.legacyLayout = true;
                }
                else
                {
                    m.getName(c.name, 0);
                    m.getShortCode(c.shortCode, 0);
                }
                break;
            }
            case CREATE_INSTRUMENT:
            {
                final CreateInstrumentCommandDecoder m = f.createInstrumentCommandDecoder.wrap(buffer, at, blockLength, version);
                header(m.header(), c);
                c.instrumentId = m.instrumentId();
                c.instrumentKind = m.instrumentKind();
                m.getCode(c.code, 0);
                if (version < CreateInstrumentCommandDecoder.isinSinceVersion())
                {
                    c.legacyLayout = true;
                }
                else
                {
                    m.getIsin(c.isin, 0);
                    m.getName(c.name, 0);
                    c.minorUnits = m.minorUnits();
                }
                break;
            }
            case DEPOSIT:
            {
                final DepositCommandDecoder m = f.depositCommandDecoder.wrap(buffer, at, blockLength, version);
                header(m.header(), c);
                c.participantId = m.participantId();
                c.instrumentId = m.instrumentId();
                c.amount = m.amount();
                break;
            }
            case WITHDRAW:
            {
                final WithdrawCommandDecoder m = f.withdrawCommandDecoder.wrap(buffer, at, blockLength, version);
                header(m.header(), c);
                c.participantId = m.participantId();
                c.instrumentId = m.instrumentId();
                c.amount = m.amount();
                break;
            }
            case SET_LIMIT:
            {
                final SetLimitCommandDecoder m = f.setLimitCommandDecoder.wrap(buffer, at, blockLength, version);
                header(m.header(), c);
                c.participantId = m.participantId();
                c.limitKind = m.limitKind();
                c.limitKey = m.limitKey();
                c.amount = m.amount();
                break;
            }
            case ADVANCE_BUSINESS_DATE:
            {
                final AdvanceBusinessDateCommandDecoder m = f.advanceBusinessDateCommandDecoder.wrap(buffer, at, blockLength, version);
                header(m.header(), c);
                c.businessDate = m.businessDate();
                break;
            }
            case RUN_SETTLEMENT_CYCLE:
            {
                final RunSettlementCycleCommandDecoder m = f.runSettlementCycleCommandDecoder.wrap(buffer, at, blockLength, version);
                header(m.header(), c);
                if (version < RunSettlementCycleCommandDecoder.modeSinceVersion())
                {
                    c.legacyLayout = true;
                }
                else
                {
                    c.cycleMode = m.mode();
                }
                break;
            }
            case SET_RETENTION:
            {
                final SetRetentionCommandDecoder m = f.setRetentionCommandDecoder.wrap(buffer, at, blockLength, version);
                header(m.header(), c);
                c.retainFinishedDays = m.retainFinishedDays();
                break;
            }
            case SET_CALENDAR:
            {
                final SetCalendarCommandDecoder m = f.setCalendarCommandDecoder.wrap(buffer, at, blockLength, version);
                header(m.header(), c);
                c.weekends = m.weekends();
                break;
            }
            case SET_HOLIDAY:
            {
                final SetHolidayCommandDecoder m = f.setHolidayCommandDecoder.wrap(buffer, at, blockLength, version);
                header(m.header(), c);
                c.holidayDate = m.date();
                c.dayStatus = m.status();
                break;
            }
            default:
                return false;
        }
        return true;
    }

    private static void header(final CommandHeaderDecoder h, final Command c)
    {
        c.sequence = h.sequence();
        c.timestampNs = h.timestampNs();
        c.submitterId = h.submitterId();
        c.correlationId = h.correlationId();
    }
}
