package io.settlement.gateway;

import io.settlement.engine.api.Command;
import io.settlement.engine.api.CommandType;
import io.settlement.protocol.wire.AdvanceBusinessDateDecoder;
import io.settlement.protocol.wire.CancelDealDecoder;
import io.settlement.protocol.wire.CreateInstrumentDecoder;
import io.settlement.protocol.wire.CreateParticipantDecoder;
import io.settlement.protocol.wire.DepositDecoder;
import io.settlement.protocol.wire.HeartbeatDecoder;
import io.settlement.protocol.wire.QueryDealDecoder;
import io.settlement.protocol.wire.QueryInstrumentsDecoder;
import io.settlement.protocol.wire.QueryLimitsDecoder;
import io.settlement.protocol.wire.QueryParticipantsDecoder;
import io.settlement.protocol.wire.QueryPositionDecoder;
import io.settlement.protocol.wire.RunSettlementCycleDecoder;
import io.settlement.protocol.wire.SetLimitDecoder;
import io.settlement.protocol.wire.SubmitDealDecoder;
import io.settlement.protocol.wire.WithdrawDecoder;
import org.agrona.DirectBuffer;

/**
 * A well-formed request (header already checked) into the engine's {@link Command}, submitted as the
 * logged-on participant. Enum fields travel as their raw codes, so an unknown code reaches the
 * engine and is refused there with INVALID_FIELD, like any other bad value. Decoders are final
 * fields wrapped per message: nothing is allocated.
 */
final class RequestTranslator
{
    private final SubmitDealDecoder submitDeal = new SubmitDealDecoder();
    private final CancelDealDecoder cancelDeal = new CancelDealDecoder();
    private final QueryLimitsDecoder queryLimits = new QueryLimitsDecoder();
    private final QueryPositionDecoder queryPosition = new QueryPositionDecoder();
    private final QueryDealDecoder queryDeal = new QueryDealDecoder();
    private final QueryParticipantsDecoder queryParticipants = new QueryParticipantsDecoder();
    private final QueryInstrumentsDecoder queryInstruments = new QueryInstrumentsDecoder();
    private final CreateParticipantDecoder createParticipant = new CreateParticipantDecoder();
    private final CreateInstrumentDecoder createInstrument = new CreateInstrumentDecoder();
    private final DepositDecoder deposit = new DepositDecoder();
    private final WithdrawDecoder withdraw = new WithdrawDecoder();
    private final SetLimitDecoder setLimit = new SetLimitDecoder();
    private final AdvanceBusinessDateDecoder advanceBusinessDate = new AdvanceBusinessDateDecoder();
    private final RunSettlementCycleDecoder runSettlementCycle = new RunSettlementCycleDecoder();

    /**
     * @return true when {@code c} now holds a command for the engine; false for a Heartbeat.
     * @throws IllegalArgumentException for a template that is not a request (the caller checks first).
     */
    boolean translate(final int templateId, final DirectBuffer buffer, final int offset, final long submitterId, final Command c)
    {
        c.reset();
        c.submitterId = submitterId;
        switch (templateId)
        {
            case HeartbeatDecoder.TEMPLATE_ID:
                return false;
            case SubmitDealDecoder.TEMPLATE_ID:
                submitDeal.wrap(buffer, offset, SubmitDealDecoder.BLOCK_LENGTH, SubmitDealDecoder.SCHEMA_VERSION);
                c.type = CommandType.SUBMIT_DEAL;
                c.correlationId = submitDeal.correlationId();
                c.clientDealId = submitDeal.clientDealId();
                c.buyerId = submitDeal.buyerId();
                c.sellerId = submitDeal.sellerId();
                c.securityId = submitDeal.securityId();
                c.currencyId = submitDeal.currencyId();
                c.quantity = submitDeal.quantity();
                c.cashAmount = submitDeal.cashAmount();
                c.settlementDate = submitDeal.settlementDate();
                c.dealType = (byte)submitDeal.dealTypeRaw();
                return true;
            case CancelDealDecoder.TEMPLATE_ID:
                cancelDeal.wrap(buffer, offset, CancelDealDecoder.BLOCK_LENGTH, CancelDealDecoder.SCHEMA_VERSION);
                c.type = CommandType.CANCEL_DEAL;
                c.correlationId = cancelDeal.correlationId();
                c.dealId = cancelDeal.dealId();
                return true;
            case QueryLimitsDecoder.TEMPLATE_ID:
                queryLimits.wrap(buffer, offset, QueryLimitsDecoder.BLOCK_LENGTH, QueryLimitsDecoder.SCHEMA_VERSION);
                c.type = CommandType.QUERY_LIMITS;
                c.correlationId = queryLimits.correlationId();
                c.participantId = queryLimits.participantId();
                return true;
            case QueryPositionDecoder.TEMPLATE_ID:
                queryPosition.wrap(buffer, offset, QueryPositionDecoder.BLOCK_LENGTH, QueryPositionDecoder.SCHEMA_VERSION);
                c.type = CommandType.QUERY_POSITION;
                c.correlationId = queryPosition.correlationId();
                c.participantId = queryPosition.participantId();
                c.instrumentId = queryPosition.instrumentId();
                return true;
            case QueryDealDecoder.TEMPLATE_ID:
                queryDeal.wrap(buffer, offset, QueryDealDecoder.BLOCK_LENGTH, QueryDealDecoder.SCHEMA_VERSION);
                c.type = CommandType.QUERY_DEAL;
                c.correlationId = queryDeal.correlationId();
                c.dealId = queryDeal.dealId();
                return true;
            case QueryParticipantsDecoder.TEMPLATE_ID:
                queryParticipants.wrap(
                    buffer, offset, QueryParticipantsDecoder.BLOCK_LENGTH, QueryParticipantsDecoder.SCHEMA_VERSION);
                c.type = CommandType.QUERY_PARTICIPANTS;
                c.correlationId = queryParticipants.correlationId();
                return true;
            case QueryInstrumentsDecoder.TEMPLATE_ID:
                queryInstruments.wrap(
                    buffer, offset, QueryInstrumentsDecoder.BLOCK_LENGTH, QueryInstrumentsDecoder.SCHEMA_VERSION);
                c.type = CommandType.QUERY_INSTRUMENTS;
                c.correlationId = queryInstruments.correlationId();
                return true;
            case CreateParticipantDecoder.TEMPLATE_ID:
                createParticipant.wrap(
                    buffer, offset, CreateParticipantDecoder.BLOCK_LENGTH, CreateParticipantDecoder.SCHEMA_VERSION);
                c.type = CommandType.CREATE_PARTICIPANT;
                c.correlationId = createParticipant.correlationId();
                c.participantId = createParticipant.participantId();
                c.role = (byte)createParticipant.roleRaw();
                return true;
            case CreateInstrumentDecoder.TEMPLATE_ID:
                createInstrument.wrap(
                    buffer, offset, CreateInstrumentDecoder.BLOCK_LENGTH, CreateInstrumentDecoder.SCHEMA_VERSION);
                c.type = CommandType.CREATE_INSTRUMENT;
                c.correlationId = createInstrument.correlationId();
                c.instrumentId = createInstrument.instrumentId();
                c.instrumentKind = (byte)createInstrument.kindRaw();
                createInstrument.getCode(c.code, 0);
                return true;
            case DepositDecoder.TEMPLATE_ID:
                deposit.wrap(buffer, offset, DepositDecoder.BLOCK_LENGTH, DepositDecoder.SCHEMA_VERSION);
                c.type = CommandType.DEPOSIT;
                c.correlationId = deposit.correlationId();
                c.participantId = deposit.participantId();
                c.instrumentId = deposit.instrumentId();
                c.amount = deposit.amount();
                return true;
            case WithdrawDecoder.TEMPLATE_ID:
                withdraw.wrap(buffer, offset, WithdrawDecoder.BLOCK_LENGTH, WithdrawDecoder.SCHEMA_VERSION);
                c.type = CommandType.WITHDRAW;
                c.correlationId = withdraw.correlationId();
                c.participantId = withdraw.participantId();
                c.instrumentId = withdraw.instrumentId();
                c.amount = withdraw.amount();
                return true;
            case SetLimitDecoder.TEMPLATE_ID:
                setLimit.wrap(buffer, offset, SetLimitDecoder.BLOCK_LENGTH, SetLimitDecoder.SCHEMA_VERSION);
                c.type = CommandType.SET_LIMIT;
                c.correlationId = setLimit.correlationId();
                c.participantId = setLimit.participantId();
                c.limitKind = (byte)setLimit.limitKindRaw();
                c.limitKey = setLimit.key();
                c.amount = setLimit.amount();
                return true;
            case AdvanceBusinessDateDecoder.TEMPLATE_ID:
                advanceBusinessDate.wrap(
                    buffer, offset, AdvanceBusinessDateDecoder.BLOCK_LENGTH, AdvanceBusinessDateDecoder.SCHEMA_VERSION);
                c.type = CommandType.ADVANCE_BUSINESS_DATE;
                c.correlationId = advanceBusinessDate.correlationId();
                c.businessDate = advanceBusinessDate.businessDate();
                return true;
            case RunSettlementCycleDecoder.TEMPLATE_ID:
                runSettlementCycle.wrap(
                    buffer, offset, RunSettlementCycleDecoder.BLOCK_LENGTH, RunSettlementCycleDecoder.SCHEMA_VERSION);
                c.type = CommandType.RUN_SETTLEMENT_CYCLE;
                c.correlationId = runSettlementCycle.correlationId();
                return true;
            default:
                throw new IllegalArgumentException("template " + templateId + " is not a request");
        }
    }
}
