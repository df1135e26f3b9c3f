package io.settlement.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventType;
import io.settlement.protocol.Codes;
import io.settlement.protocol.journal.QueryDealCommandDecoder;
import io.settlement.protocol.journal.QueryLimitsCommandDecoder;
import io.settlement.protocol.journal.QueryPositionCommandDecoder;
import io.settlement.protocol.wire.Reason;
import io.settlement.protocol.wire.Role;
import org.eclipse.collections.impl.list.mutable.primitive.IntArrayList;

/**
 * The read side: the queries (a deal, a position, a participant's limits, the participant and
 * instrument lists), each checking who asks, then reporting; and the exports of every live deal
 * and every balance. Owns nothing and writes nothing.
 */
final class QueryHandler
{
    private final EngineState state;
    private final ReferenceData ref;
    private final EventEmitter out;

    QueryHandler(final EngineState state, final EventEmitter out)
    {
        this.state = state;
        this.ref = state.referenceData();
        this.out = out;
    }

    /** Answers a query command (its type {@link io.settlement.engine.api.CommandType#isQuery() is a query}). */
    void answer(final CommandRecord command)
    {
        switch (command.type())
        {
            case QUERY_DEAL: queryDeal(command); break;
            case QUERY_POSITION: queryPosition(command); break;
            case QUERY_LIMITS: queryLimits(command); break;
            case QUERY_PARTICIPANTS: queryParticipants(command); break;
            case QUERY_INSTRUMENTS: queryInstruments(command); break;
            case QUERY_INSTRUCTION: queryInstruction(command); break;
            default: throw new IllegalStateException("unhandled query type " + command.type());
        }
    }

    private void queryDeal(final CommandRecord command)
    {
        final QueryDealCommandDecoder c = command.queryDeal();
        final int submitter = ref.participantIndex(command.submitterId());
        if (submitter == ReferenceData.NONE)
        {
            out.result(Reason.UNKNOWN_PARTICIPANT);
            return;
        }
        final DealStore deals = state.deals();
        final int slot = deals.slotOf(c.dealId());
        if (slot == DealStore.NONE)
        {
            out.result(state.wasIssued(c.dealId()) ? Reason.DEAL_PURGED : Reason.UNKNOWN_DEAL);
            return;
        }
        if (ref.role(submitter) == Role.MEMBER.value() && deals.buyer(slot) != submitter && deals.seller(slot) != submitter)
        {
            out.result(Reason.NOT_AUTHORISED);
            return;
        }
        final Event e = out.reply(EventType.DEAL_REPORT);
        StateEvents.fillDeal(e, deals, slot, ref);
        out.emit();
    }

    /** An instruction: a MEMBER only its own or one alleged to it (else NOT_AUTHORISED); RISK, OPERATOR and AUDITOR any. */
    private void queryInstruction(final CommandRecord command)
    {
        final long instructionId = command.queryInstruction().instructionId();
        final int submitter = ref.participantIndex(command.submitterId());
        if (submitter == ReferenceData.NONE)
        {
            out.result(Reason.UNKNOWN_PARTICIPANT);
            return;
        }
        final InstructionStore instructions = state.instructions();
        final int slot = instructions.slotOf(instructionId);
        if (slot == InstructionStore.NONE)
        {
            out.result(instructions.isPurged(instructionId) ? Reason.INSTRUCTION_PURGED : Reason.UNKNOWN_INSTRUCTION);
            return;
        }
        if (ref.role(submitter) == Role.MEMBER.value() && instructions.buyer[slot] != submitter && instructions.seller[slot] != submitter)
        {
            out.result(Reason.NOT_AUTHORISED);
            return;
        }
        final Event e = out.reply(EventType.INSTRUCTION_REPORT);
        InstructionHandler.fill(e, instructions, ref, slot);
        e.reason = Codes.reason(instructions.endReason[slot]);
        out.emit();
    }

    /** MEMBERs may query only themselves; RISK, OPERATOR and AUDITOR anyone. */
    private Reason checkQuery(final long submitterId, final long participantId)
    {
        final int submitter = ref.participantIndex(submitterId);
        if (submitter == ReferenceData.NONE)
        {
            return Reason.UNKNOWN_PARTICIPANT;
        }
        if (ref.role(submitter) == Role.MEMBER.value() && ref.participantId(submitter) != participantId)
        {
            return Reason.NOT_AUTHORISED;
        }
        return ref.participantIndex(participantId) == ReferenceData.NONE ? Reason.UNKNOWN_PARTICIPANT : Reason.OK;
    }

    private void queryPosition(final CommandRecord command)
    {
        final QueryPositionCommandDecoder c = command.queryPosition();
        Reason r = checkQuery(command.submitterId(), c.participantId());
        final int instrument = ref.instrumentIndex(c.instrumentId());
        if (r == Reason.OK && instrument == ReferenceData.NONE)
        {
            r = Reason.UNKNOWN_INSTRUMENT;
        }
        if (r != Reason.OK)
        {
            out.result(r);
            return;
        }
        final Event e = out.reply(EventType.POSITION_REPORT);
        e.participantId = c.participantId();
        e.instrumentId = c.instrumentId();
        e.amount = state.ledger().balance(ref.participantIndex(c.participantId()), instrument);
        out.emit();
    }

    private void queryLimits(final CommandRecord command)
    {
        final QueryLimitsCommandDecoder c = command.queryLimits();
        final Reason r = checkQuery(command.submitterId(), c.participantId());
        if (r != Reason.OK)
        {
            out.result(r);
            return;
        }
        final LimitBook limits = state.limits();
        final IntArrayList accounts = limits.limitedAccounts(ref.participantIndex(c.participantId()));
        final Event header = out.reply(EventType.LIMITS_REPORT);
        header.participantId = c.participantId();
        header.count = accounts.size();
        out.emit();
        for (int i = 0; i < accounts.size(); i++)
        {
            final Event line = out.reply(EventType.LIMIT_LINE);
            StateEvents.fillLimit(line, limits, c.participantId(), accounts.get(i));
            out.emit();
        }
    }

    /**
     * Every participant (the system submitter excepted) with its role, name and short code, in participant-id order:
     * PARTICIPANTS_REPORT with the count, then one PARTICIPANT_LINE each. Reference data for risk,
     * operations and audit: a MEMBER gets NOT_AUTHORISED (it learns its own role at logon).
     */
    private void queryParticipants(final CommandRecord command)
    {
        final int submitter = ref.participantIndex(command.submitterId());
        if (submitter == ReferenceData.NONE)
        {
            out.result(Reason.UNKNOWN_PARTICIPANT);
            return;
        }
        if (ref.role(submitter) == Role.MEMBER.value())
        {
            out.result(Reason.NOT_AUTHORISED);
            return;
        }
        final int count = ref.participantCount();
        final Event header = out.reply(EventType.PARTICIPANTS_REPORT);
        header.count = count - 1;
        out.emit();
        for (int rank = 0; rank < count; rank++)
        {
            final int index = ref.participantInIdOrder(rank);
            if (index != ReferenceData.SYSTEM_INDEX)
            {
                final Event line = out.reply(EventType.PARTICIPANT_LINE);
                line.participantId = ref.participantId(index);
                line.role = ref.role(index);
                ref.copyParticipantName(index, line.name);
                ref.copyShortCode(index, line.shortCode);
                out.emit();
            }
        }
    }

    /**
     * Every instrument with its kind, code, ISIN, name and minor units, in instrument-id order: INSTRUMENTS_REPORT with the
     * count, then one INSTRUMENT_LINE each. Every logged-on role may ask (members need the list to
     * trade); an unknown submitter gets UNKNOWN_PARTICIPANT.
     */
    private void queryInstruments(final CommandRecord command)
    {
        if (ref.participantIndex(command.submitterId()) == ReferenceData.NONE)
        {
            out.result(Reason.UNKNOWN_PARTICIPANT);
            return;
        }
        final int count = ref.instrumentCount();
        final Event header = out.reply(EventType.INSTRUMENTS_REPORT);
        header.count = count;
        out.emit();
        for (int rank = 0; rank < count; rank++)
        {
            final int index = ref.instrumentInIdOrder(rank);
            final Event line = out.reply(EventType.INSTRUMENT_LINE);
            line.instrumentId = ref.instrumentId(index);
            line.instrumentKind = ref.instrumentKind(index);
            ref.copyCode(index, line.code);
            ref.copyIsin(index, line.isin);
            ref.copyInstrumentName(index, line.name);
            line.minorUnits = ref.minorUnits(index);
            out.emit();
        }
    }

    // ---------------------------------------------------------------- exports (allocate; not for the hot path)

    /** Reports every live deal, in dealId order, as a DEAL_REPORT event carrying the last sequence. */
    void forEachDeal(final Consumer<Event> visitor)
    {
        final DealStore deals = state.deals();
        final Event e = new Event();
        for (final int slot : deals.slotsInDealIdOrder())
        {
            e.clear().reset(EventType.DEAL_REPORT, state.lastSequence(), 0, 0);
            StateEvents.fillDeal(e, deals, slot, ref);
            visitor.accept(e);
        }
    }

    /**
     * Reports the live deals with a dealId above {@code afterDealId}, in dealId order, as one reused
     * DEAL_REPORT event, while {@code visitor} returns true. DealIds are issued one by one, so this
     * walks ids upward and skips the purged ones: a page costs what it reads, not a sort of every deal.
     */
    void forEachDealAfter(final long afterDealId, final Predicate<Event> visitor)
    {
        final DealStore deals = state.deals();
        final Event e = new Event();
        final long end = state.nextDealId();
        if (afterDealId >= end - 1)
        {
            return; // nothing issued after it (and no overflow for an id near Long.MAX_VALUE)
        }
        for (long dealId = Math.max(afterDealId, 0) + 1; dealId < end; dealId++)
        {
            final int slot = deals.slotOf(dealId);
            if (slot != DealStore.NONE)
            {
                e.clear().reset(EventType.DEAL_REPORT, state.lastSequence(), 0, 0);
                StateEvents.fillDeal(e, deals, slot, ref);
                if (!visitor.test(e))
                {
                    return;
                }
            }
        }
    }

    /** The currency instrument id of every pending deal (0: free of payment), in no order. */
    void forEachPendingDealCurrency(final java.util.function.IntConsumer visitor)
    {
        final DealStore deals = state.deals();
        deals.forEachPending(slot -> visitor.accept(StateEvents.currencyId(deals, slot, ref)));
    }

    /** Reports every non-zero balance, sorted by participant id then instrument id. */
    void forEachBalance(final SettlementEngine.BalanceVisitor visitor)
    {
        final List<long[]> rows = new ArrayList<>();
        state.ledger().forEachBalance((participant, instrument, balance) ->
            rows.add(new long[] {ref.participantId(participant), ref.instrumentId(instrument), balance}));
        rows.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        for (final long[] row : rows)
        {
            visitor.visit(row[0], (int)row[1], row[2]);
        }
    }
}
