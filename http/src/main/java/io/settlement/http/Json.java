package io.settlement.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.settlement.engine.SettlementEngine;
import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventType;
import io.settlement.protocol.Codes;
import io.settlement.protocol.wire.DealStatus;
import io.settlement.protocol.wire.DealType;
import io.settlement.protocol.wire.InstrumentKind;
import io.settlement.protocol.wire.LimitKind;
import io.settlement.protocol.wire.Reason;
import io.settlement.protocol.wire.Role;

/**
 * The API's JSON shapes of what the engine reports, field names as in docs/http-api.yaml. Codes are
 * written by name ({@code "status": "SETTLED"}), dates as ISO dates ({@code "2026-01-05"}), amounts
 * as whole numbers in the instrument's smallest unit (cents for a currency with two decimals), and
 * beside each the decimal people read, as a string in the instrument's own minor units, with the
 * instrument's code ({@code "cashAmount": 125000, "cash": "1250.00", "currencyCode": "USD"}; null when
 * the read model does not know the instrument yet).
 */
final class Json
{
    private Json()
    {
    }

    /**
     * An instruction as an INSTRUCTION_ACCEPTED, INSTRUCTION_ENDED or INSTRUCTION_REPORT event carries it: its id,
     * clientRef, owner, side, terms as instructed, link and partial terms, status, deal (MATCHED) and why it ended.
     */
    static Map<String, Object> instruction(final Event e, final InstrumentUnits units)
    {
        final Map<String, Object> in = new LinkedHashMap<>();
        final boolean buy = e.side == io.settlement.protocol.wire.Side.BUY.value();
        in.put("instructionId", e.instructionId);
        in.put("clientRef", e.clientRef);
        in.put("ownerId", buy ? e.buyerId : e.sellerId);
        in.put("side", buy ? "BUY" : "SELL");
        in.put("counterpartyId", buy ? e.sellerId : e.buyerId);
        in.put("buyerId", e.buyerId);
        in.put("sellerId", e.sellerId);
        in.put("securityId", e.securityId);
        in.put("currencyId", e.currencyId);
        in.put("quantity", e.quantity);
        in.put("cashAmount", e.cashAmount);
        in.put("securityCode", units.code(e.securityId));
        in.put("currencyCode", e.currencyId == 0 ? null : units.code(e.currencyId));
        in.put("cash", e.currencyId == 0 ? null : units.decimal(e.currencyId, e.cashAmount));
        in.put("settlementDate", isoDate(e.settlementDate));
        in.put("dealType", name(Codes.dealType(e.dealType), e.dealType));
        in.put("linkId", e.linkId);
        in.put("partialAllowed", e.partialAllowed == 1);
        in.put("minimumQuantity", e.minimumQuantity);
        in.put("status", name(Codes.instructionStatus(e.instructionStatus), e.instructionStatus));
        in.put("dealId", e.dealId == 0 ? null : e.dealId);
        in.put("endReason", e.reason == null || e.reason == Reason.OK ? null : e.reason.name());
        return in;
    }

    static Map<String, Object> deal(final Event e, final InstrumentUnits units)
    {
        final Map<String, Object> deal = new LinkedHashMap<>();
        deal.put("dealId", e.dealId);
        deal.put("clientDealId", e.clientDealId);
        deal.put("buyerId", e.buyerId);
        deal.put("sellerId", e.sellerId);
        deal.put("securityId", e.securityId);
        deal.put("currencyId", e.currencyId);
        deal.put("quantity", e.quantity);
        deal.put("cashAmount", e.cashAmount);
        deal.put("securityCode", units.code(e.securityId));
        deal.put("currencyCode", e.currencyId == 0 ? null : units.code(e.currencyId));
        deal.put("cash", e.currencyId == 0 ? null : units.decimal(e.currencyId, e.cashAmount));
        deal.put("settlementDate", isoDate(e.settlementDate));
        deal.put("dealType", name(Codes.dealType(e.dealType), e.dealType));
        deal.put("status", name(Codes.dealStatus(e.dealStatus), e.dealStatus));
        deal.put("lastFailReason", e.reason == null || e.reason == Reason.OK ? null : e.reason.name());
        if (e.type == EventType.DEAL_REPORT)
        {
            deal.put("heldSides", heldSides(e.heldSides));
            // linked and partial terms, and what has settled so far (a deal's state, which a report carries)
            deal.put("linkId", e.linkId);
            deal.put("partialAllowed", e.partialAllowed == 1);
            deal.put("minimumQuantity", e.minimumQuantity);
            deal.put("settledQuantity", e.settledQuantity);
            deal.put("settledCash", e.settledCash);
            deal.put("remainingQuantity", e.quantity - e.settledQuantity);
        }
        return deal;
    }

    /** The sides of a deal on hold, by name: [], ["BUY"], ["SELL"] or ["BUY", "SELL"]. */
    static List<String> heldSides(final byte heldSides)
    {
        final List<String> sides = new java.util.ArrayList<>(2);
        if ((heldSides & Event.BUY_HELD) != 0)
        {
            sides.add("BUY");
        }
        if ((heldSides & Event.SELL_HELD) != 0)
        {
            sides.add("SELL");
        }
        return sides;
    }

    static Map<String, Object> limit(final Event e, final InstrumentUnits units)
    {
        final Map<String, Object> limit = new LinkedHashMap<>();
        limit.put("participantId", e.participantId);
        final LimitKind kind = Codes.limitKind(e.limitKind);
        limit.put("kind", name(kind, e.limitKind));
        limit.put("key", e.limitKey);
        limit.put("limit", e.amount);
        limit.put("utilised", e.utilised);
        limit.put("available", e.amount - e.utilised);
        limit.put("breached", e.utilised > e.amount);
        // CREDIT is keyed by a currency, DELIVERY by a security: their amounts are that instrument's;
        // COUNTERPARTY sums the cash of deals in any currency, so it has no one unit
        final int instrument = kind == LimitKind.COUNTERPARTY || e.limitKey != (int)e.limitKey ? 0 : (int)e.limitKey;
        final boolean known = instrument != 0 && units.get(instrument) != null;
        limit.put("code", known ? units.code(instrument) : null);
        limit.put("limitDecimal", known ? units.decimal(instrument, e.amount) : null);
        limit.put("utilisedDecimal", known ? units.decimal(instrument, e.utilised) : null);
        limit.put("availableDecimal", known ? units.decimal(instrument, e.amount - e.utilised) : null);
        return limit;
    }

    static Map<String, Object> participant(final Event e)
    {
        final Map<String, Object> participant = new LinkedHashMap<>();
        participant.put("participantId", e.participantId);
        participant.put("role", name(Codes.role(e.role), e.role));
        participant.put("name", text(e.name));
        participant.put("shortCode", code(e.shortCode));
        return participant;
    }

    static Map<String, Object> instrument(final Event e)
    {
        final Map<String, Object> instrument = new LinkedHashMap<>();
        instrument.put("instrumentId", e.instrumentId);
        final InstrumentKind kind = Codes.instrumentKind(e.instrumentKind);
        instrument.put("kind", name(kind, e.instrumentKind));
        instrument.put("code", code(e.code));
        instrument.put("isin", code(e.isin));
        instrument.put("name", text(e.name));
        instrument.put("minorUnits", (int)e.minorUnits);
        return instrument;
    }

    static Map<String, Object> position(final long participantId, final int instrumentId, final long balance, final InstrumentUnits units)
    {
        final Map<String, Object> position = new LinkedHashMap<>();
        position.put("participantId", participantId);
        position.put("instrumentId", instrumentId);
        position.put("balance", balance);
        position.put("amount", units.decimal(instrumentId, balance));
        position.put("code", units.code(instrumentId));
        return position;
    }

    /** The non-zero balances the engine holds, by participant then instrument: one participant's, or everyone's ({@code only} null). */
    static List<Map<String, Object>> positions(final SettlementEngine engine, final Long only)
    {
        final List<Map<String, Object>> rows = new ArrayList<>();
        final InstrumentUnits units = InstrumentUnits.of(engine);
        engine.forEachBalance((participantId, instrumentId, balance) ->
        {
            if (only == null || participantId == only)
            {
                rows.add(position(participantId, instrumentId, balance, units));
            }
        });
        return rows;
    }

    static String code(final byte[] code)
    {
        int length = 0;
        while (length < code.length && code[length] != 0)
        {
            length++;
        }
        return new String(code, 0, length, StandardCharsets.US_ASCII);
    }

    /** A zero-padded UTF-8 field (a name) as text. */
    static String text(final byte[] field)
    {
        int length = 0;
        while (length < field.length && field[length] != 0)
        {
            length++;
        }
        return new String(field, 0, length, StandardCharsets.UTF_8);
    }

    /** yyyymmdd as an ISO date, or null for 0 (no date yet). */
    static String isoDate(final int yyyymmdd)
    {
        if (yyyymmdd == 0)
        {
            return null;
        }
        return String.format("%04d-%02d-%02d", yyyymmdd / 10_000, yyyymmdd / 100 % 100, yyyymmdd % 100);
    }

    /**
     * An ISO date ({@code 2026-01-05}) as yyyymmdd; whether it is a real calendar day is the engine's
     * to decide (INVALID_DATE).
     *
     * @throws ApiError 400 when the text is not of the form YYYY-MM-DD.
     */
    static int parseIsoDate(final String field, final String text)
    {
        if (text == null || !text.matches("\\d{4}-\\d{2}-\\d{2}"))
        {
            throw ApiError.invalid("field '" + field + "' must be a date as YYYY-MM-DD, found \"" + text + "\"");
        }
        return Integer.parseInt(text.substring(0, 4)) * 10_000 + Integer.parseInt(text.substring(5, 7)) * 100
            + Integer.parseInt(text.substring(8, 10));
    }

    private static String name(final Enum<?> value, final byte code)
    {
        return value != null ? value.name() : Integer.toString(code);
    }

    /** The statuses and types a filter may name, for messages. */
    static final DealStatus[] STATUSES = {DealStatus.PENDING, DealStatus.SETTLED, DealStatus.CANCELLED};
    static final DealType[] DEAL_TYPES = {DealType.DVP, DealType.FOP};
    static final Role[] ROLES = {Role.MEMBER, Role.RISK, Role.OPERATOR, Role.AUDITOR};
}
