package io.settlement.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.settlement.engine.api.Command;
import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventType;
import io.settlement.gateway.ApiChannel;
import io.settlement.gateway.ClientDealIds;
import io.settlement.protocol.wire.CycleMode;
import io.settlement.protocol.wire.DayStatus;
import io.settlement.protocol.wire.DealType;
import io.settlement.protocol.wire.InstrumentKind;
import io.settlement.protocol.wire.LimitKind;
import io.settlement.protocol.wire.Reason;
import io.settlement.protocol.wire.Role;
import io.settlement.protocol.wire.Side;

/**
 * The API's writes: each builds one command, sends it through the ring as the logged-on participant
 * ({@link ApiChannel}) and answers with the engine's outcome, or refuses with its reason. The engine
 * decides who may do what; these routes only check that the request is well formed.
 */
final class WriteRoutes
{
    private static final Set<String> DEAL_FIELDS = Set.of("clientDealId", "buyerId", "sellerId", "securityId", "currencyId",
        "quantity", "cashAmount", "settlementDate", "dealType", "linkId", "partialAllowed", "minimumQuantity");
    private static final Set<String> PARTICIPANT_FIELDS = Set.of("participantId", "role", "name", "shortCode");
    private static final Set<String> INSTRUMENT_FIELDS = Set.of("instrumentId", "kind", "code", "isin", "name", "minorUnits");
    private static final Set<String> FUNDING_FIELDS = Set.of("participantId", "instrumentId", "amount");
    private static final Set<String> LIMIT_FIELDS = Set.of("participantId", "kind", "key", "amount");
    private static final Set<String> DATE_FIELDS = Set.of("businessDate");
    private static final Set<String> RETENTION_FIELDS = Set.of("days");
    private static final Set<String> CALENDAR_FIELDS = Set.of("weekends");
    private static final Set<String> HOLIDAY_FIELDS = Set.of("status");
    private static final Set<String> NO_FIELDS = Set.of();
    private static final Set<String> SIDE_FIELDS = Set.of("side");
    private static final Set<String> INSTRUCTION_FIELDS = Set.of("clientRef", "side", "counterpartyId", "securityId", "currencyId",
        "quantity", "cashAmount", "settlementDate", "dealType", "linkId", "partialAllowed", "minimumQuantity");
    private static final Set<String> TOLERANCE_FIELDS = Set.of("toleranceMinor");
    private static final Set<String> EXPIRY_FIELDS = Set.of("businessDays");
    private static final Set<String> CYCLE_FIELDS = Set.of("mode");
    private static final Set<CycleMode> CYCLE_MODES = java.util.EnumSet.of(CycleMode.GROSS, CycleMode.NETTED);
    private static final Set<DayStatus> DAY_STATUSES = Set.of(DayStatus.OPEN, DayStatus.CLOSED);

    private final ApiChannel channel;
    private final Logins logins;
    private final ObjectMapper json;
    private final long answerTimeoutMs;
    /** The read model's instruments, for the decimals beside the amounts of an answer. */
    private final java.util.function.Supplier<InstrumentUnits> units;

    WriteRoutes(final ApiChannel channel, final Logins logins, final ObjectMapper json, final long answerTimeoutMs,
        final java.util.function.Supplier<InstrumentUnits> units)
    {
        this.units = units;
        this.channel = channel;
        this.logins = logins;
        this.json = json;
        this.answerTimeoutMs = answerTimeoutMs;
    }

    void register(final RoutesConfig routes)
    {
        routes.post("/api/deals", this::submitDeal);
        routes.post("/api/deals/{dealId}/cancel", this::cancelDeal);
        routes.post("/api/deals/{dealId}/hold", ctx -> holdOrRelease(ctx, true));
        routes.post("/api/deals/{dealId}/release", ctx -> holdOrRelease(ctx, false));
        routes.post("/api/instructions", this::submitInstruction);
        routes.post("/api/instructions/{instructionId}/cancel", this::cancelInstruction);
        routes.put("/api/matching-tolerances/{currencyId}", this::setMatchingTolerance);
        routes.put("/api/instruction-expiry", this::setInstructionExpiry);
        routes.post("/api/participants", this::createParticipant);
        routes.post("/api/instruments", this::createInstrument);
        routes.post("/api/deposits", ctx -> funding(ctx, true));
        routes.post("/api/withdrawals", ctx -> funding(ctx, false));
        routes.put("/api/limits", this::setLimit);
        routes.post("/api/business-date", this::advanceBusinessDate);
        routes.put("/api/retention", this::setRetention);
        routes.post("/api/cycles", this::runCycle);
        routes.put("/api/calendar", this::setCalendar);
        routes.put("/api/holidays/{date}", this::setHoliday);
    }

    /** Whether weekends are business days (OPERATOR); journaled, so a replay decides as the node did. */
    private void setCalendar(final Context ctx) throws Exception
    {
        final long submitter = logins.require(ctx.header("Authorization")).participantId();
        final Body body = Body.parse(json, ctx.body(), CALENDAR_FIELDS);
        final DayStatus weekends = body.requiredEnum("weekends", DayStatus.class, DAY_STATUSES);
        result(ctx, 200, send(submitter, new Command().setCalendar(submitter, 0, weekends)), "calendar not set");
    }

    /** Closes a day after the business date (a holiday) or opens it again (OPERATOR). */
    private void setHoliday(final Context ctx) throws Exception
    {
        final long submitter = logins.require(ctx.header("Authorization")).participantId();
        final Body body = Body.parse(json, ctx.body(), HOLIDAY_FIELDS);
        final int date = Json.parseIsoDate("date", ctx.pathParam("date"));
        final DayStatus status = body.requiredEnum("status", DayStatus.class, DAY_STATUSES);
        result(ctx, 200, send(submitter, new Command().setHoliday(submitter, 0, date, status)), "holiday not set");
    }

    private void submitDeal(final Context ctx) throws Exception
    {
        final long submitter = logins.require(ctx.header("Authorization")).participantId();
        final Body body = Body.parse(json, ctx.body(), DEAL_FIELDS);
        final DealType type = body.requiredEnum("dealType", DealType.class, Set.of(DealType.DVP, DealType.FOP));
        final long clientDealId = belowFixChannels(body, "clientDealId");
        final Command command = new Command().submitDeal(submitter, 0, clientDealId,
            body.requiredLong("buyerId"), body.requiredLong("sellerId"), body.requiredInt("securityId", Integer.MIN_VALUE, Integer.MAX_VALUE),
            body.optionalInt("currencyId", Integer.MIN_VALUE, Integer.MAX_VALUE, 0), body.requiredLong("quantity"),
            body.optionalLong("cashAmount", 0), Json.parseIsoDate("settlementDate", body.requiredText("settlementDate")), type)
            .settlementTerms(body.optionalLong("linkId", 0), body.optionalBoolean("partialAllowed", false) ? (byte)1 : (byte)0,
                body.optionalLong("minimumQuantity", 0));
        final Event outcome = send(submitter, command).first();
        if (outcome.type == EventType.DEAL_REJECTED)
        {
            throw refusal(outcome.reason, "deal " + outcome.clientDealId + " (clientDealId) refused");
        }
        final Map<String, Object> answer = Json.deal(outcome, units.get());
        // DEAL_ACCEPTED does not carry the deal's state: new, it is PENDING; a repeat's may have moved on (GET it)
        answer.remove("lastFailReason");
        if (outcome.count == 1)
        {
            answer.remove("status");
        }
        else
        {
            answer.put("status", "PENDING");
        }
        answer.put("linkId", command.linkId);
        answer.put("partialAllowed", command.partialAllowed == 1);
        answer.put("minimumQuantity", command.minimumQuantity);
        answer.put("repeat", outcome.count == 1);
        answer.put("sequence", outcome.sequence);
        ctx.status(outcome.count == 1 ? 200 : 201).json(answer);
    }

    private void cancelDeal(final Context ctx) throws Exception
    {
        final long submitter = logins.require(ctx.header("Authorization")).participantId();
        Body.parse(json, ctx.body().isBlank() ? "{}" : ctx.body(), NO_FIELDS);
        final long dealId = pathLong(ctx, "dealId");
        final Event outcome = send(submitter, new Command().cancelDeal(submitter, 0, dealId)).first();
        if (outcome.type != EventType.DEAL_CANCELLED)
        {
            throw refusal(outcome.reason, "deal " + dealId + " not cancelled");
        }
        final Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("dealId", outcome.dealId);
        answer.put("clientDealId", outcome.clientDealId);
        answer.put("status", "CANCELLED");
        answer.put("sequence", outcome.sequence);
        ctx.json(answer);
    }

    /**
     * Holds or releases one side of a pending deal (the side's party or an OPERATOR): {@code {"side": "BUY"}}.
     * The answer says whether this side is held now and whether the request changed anything (holding a
     * held side or releasing a free one changes nothing and is not refused).
     */
    private void holdOrRelease(final Context ctx, final boolean hold) throws Exception
    {
        final long submitter = logins.require(ctx.header("Authorization")).participantId();
        final Body body = Body.parse(json, ctx.body(), SIDE_FIELDS);
        final long dealId = pathLong(ctx, "dealId");
        final Side side = body.requiredEnum("side", Side.class, Set.of(Side.BUY, Side.SELL));
        final Command command = hold ? new Command().holdDeal(submitter, 0, dealId, side) : new Command().releaseDeal(submitter, 0, dealId, side);
        final Event outcome = send(submitter, command).first();
        final boolean changed = outcome.type == EventType.DEAL_HELD || outcome.type == EventType.DEAL_RELEASED;
        if (!changed && outcome.reason != Reason.OK)
        {
            throw refusal(outcome.reason, "deal " + dealId + " not " + (hold ? "held" : "released"));
        }
        final Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("dealId", dealId);
        answer.put("side", side.name());
        answer.put("held", hold);
        answer.put("changed", changed);
        if (changed)
        {
            answer.put("heldSides", Json.heldSides(outcome.heldSides));
        }
        answer.put("sequence", outcome.sequence);
        ctx.json(answer);
    }

    /** A client's key for a deal or an instruction: below 2^62, the FIX channel's range ({@link ClientDealIds}). */
    private static long belowFixChannels(final Body body, final String field)
    {
        final long key = body.requiredLong(field);
        if (ClientDealIds.isFixChannels(key))
        {
            throw ApiError.invalid("field '" + field + "' must be below 2^62 (" + ClientDealIds.FIX_FROM
                + "): the ids from there up are the FIX channel's, found " + key);
        }
        return key;
    }

    /**
     * One side of a deal, as the logged-on MEMBER (two-sided matching): 201 with the instruction (UNMATCHED, or
     * MATCHED with its dealId when it matched a waiting one at once), 200 for an idempotent repeat, 409 for a
     * match a limit refused (both instructions ended: {@code error} names the limit), else the refusal.
     */
    private void submitInstruction(final Context ctx) throws Exception
    {
        final long submitter = logins.require(ctx.header("Authorization")).participantId();
        final Body body = Body.parse(json, ctx.body(), INSTRUCTION_FIELDS);
        final Side side = body.requiredEnum("side", Side.class, Set.of(Side.BUY, Side.SELL));
        final DealType type = body.requiredEnum("dealType", DealType.class, Set.of(DealType.DVP, DealType.FOP));
        final Command command = new Command().submitInstruction(submitter, 0, belowFixChannels(body, "clientRef"), side,
            body.requiredLong("counterpartyId"), body.requiredInt("securityId", Integer.MIN_VALUE, Integer.MAX_VALUE),
            body.optionalInt("currencyId", Integer.MIN_VALUE, Integer.MAX_VALUE, 0), body.requiredLong("quantity"),
            body.optionalLong("cashAmount", 0), Json.parseIsoDate("settlementDate", body.requiredText("settlementDate")), type)
            .settlementTerms(body.optionalLong("linkId", 0), body.optionalBoolean("partialAllowed", false) ? (byte)1 : (byte)0,
                body.optionalLong("minimumQuantity", 0));
        final List<Event> outcomes = send(submitter, command).events();
        final Event first = outcomes.get(0);
        if (first.type == EventType.INSTRUCTION_REJECTED)
        {
            throw refusal(first.reason, "instruction " + first.clientRef + " (clientRef) refused");
        }
        // its own outcome is the last event naming it: the acceptance, its match, or its end at a refused match
        Event own = first;
        for (final Event e : outcomes)
        {
            if (e.instructionId == first.instructionId && e.type != EventType.INSTRUCTION_ALLEGED)
            {
                own = e;
            }
        }
        if (own.type == EventType.INSTRUCTION_ENDED)
        {
            throw refusal(own.reason, "instruction " + own.instructionId + " matched, but its deal was refused; both instructions ended");
        }
        final Map<String, Object> answer = Json.instruction(own, units.get());
        answer.put("repeat", first.count == 1);
        answer.put("sequence", first.sequence);
        ctx.status(first.count == 1 ? 200 : 201).json(answer);
    }

    /** Its owner cancels an unmatched instruction. */
    private void cancelInstruction(final Context ctx) throws Exception
    {
        final long submitter = logins.require(ctx.header("Authorization")).participantId();
        Body.parse(json, ctx.body().isBlank() ? "{}" : ctx.body(), NO_FIELDS);
        final long instructionId = pathLong(ctx, "instructionId");
        final Event outcome = send(submitter, new Command().cancelInstruction(submitter, 0, instructionId)).first();
        if (outcome.type != EventType.INSTRUCTION_ENDED)
        {
            throw refusal(outcome.reason, "instruction " + instructionId + " not cancelled");
        }
        final Map<String, Object> answer = Json.instruction(outcome, units.get());
        answer.put("sequence", outcome.sequence);
        ctx.json(answer);
    }

    /** How far two instructions' cash in a currency may differ and still match (OPERATOR): {@code {"toleranceMinor": 5}}. */
    private void setMatchingTolerance(final Context ctx) throws Exception
    {
        final long submitter = logins.require(ctx.header("Authorization")).participantId();
        final Body body = Body.parse(json, ctx.body(), TOLERANCE_FIELDS);
        final long currency = pathLong(ctx, "currencyId");
        if (currency < Integer.MIN_VALUE || currency > Integer.MAX_VALUE)
        {
            throw ApiError.invalid("'currencyId' in the path must be an instrument id, found " + currency);
        }
        result(ctx, 200, send(submitter, new Command().setMatchingTolerance(submitter, 0, (int)currency,
            body.requiredLong("toleranceMinor"))), "matching tolerance not set");
    }

    /** Business days an unmatched instruction waits before it expires (OPERATOR): {@code {"businessDays": 20}}. */
    private void setInstructionExpiry(final Context ctx) throws Exception
    {
        final long submitter = logins.require(ctx.header("Authorization")).participantId();
        final Body body = Body.parse(json, ctx.body(), EXPIRY_FIELDS);
        result(ctx, 200, send(submitter, new Command().setInstructionExpiry(submitter, 0,
            body.requiredInt("businessDays", Integer.MIN_VALUE, Integer.MAX_VALUE))), "instruction expiry not set");
    }

    private void createParticipant(final Context ctx) throws Exception
    {
        final long submitter = logins.require(ctx.header("Authorization")).participantId();
        final Body body = Body.parse(json, ctx.body(), PARTICIPANT_FIELDS);
        final long participantId = body.requiredLong("participantId");
        final Role role = body.requiredEnum("role", Role.class, Set.of(Json.ROLES));
        final String name = body.optionalText("name");
        final String shortCode = body.optionalText("shortCode");
        final Command command;
        if (name == null && shortCode == null)
        {
            command = new Command().createParticipant(submitter, 0, participantId, role); // as before names: no name, no short code
        }
        else if (name == null || shortCode == null)
        {
            throw ApiError.invalid("fields 'name' and 'shortCode' go together");
        }
        else
        {
            command = new Command().createParticipant(submitter, 0, participantId, role, fits("name", name, Command.NAME_LENGTH),
                ascii("shortCode", shortCode));
        }
        result(ctx, 201, send(submitter, command), "participant " + participantId + " not created");
    }

    private void createInstrument(final Context ctx) throws Exception
    {
        final long submitter = logins.require(ctx.header("Authorization")).participantId();
        final Body body = Body.parse(json, ctx.body(), INSTRUMENT_FIELDS);
        final int instrumentId = body.requiredInt("instrumentId", Integer.MIN_VALUE, Integer.MAX_VALUE);
        final InstrumentKind kind = body.requiredEnum("kind", InstrumentKind.class, Set.of(InstrumentKind.SECURITY, InstrumentKind.CURRENCY));
        final String code = body.requiredText("code");
        if (code.length() > Command.CODE_LENGTH)
        {
            throw ApiError.invalid("field 'code' is at most " + Command.CODE_LENGTH + " characters, found \"" + code + "\"");
        }
        final String isin = body.optionalText("isin");
        final String name = body.optionalText("name");
        final boolean detailed = name != null || isin != null || body.has("minorUnits");
        if (detailed && name == null)
        {
            throw ApiError.invalid("field 'name' is required with 'isin' or 'minorUnits'");
        }
        if (detailed && kind == InstrumentKind.CURRENCY && !body.has("minorUnits"))
        {
            throw ApiError.invalid("field 'minorUnits' is required for a currency with a name (digits after the decimal point, 0-4)");
        }
        final Command command = detailed
            ? new Command().createInstrument(submitter, 0, instrumentId, kind, code, isin == null ? "" : ascii("isin", isin),
                fits("name", name, Command.NAME_LENGTH), body.optionalInt("minorUnits", Byte.MIN_VALUE, Byte.MAX_VALUE, 0))
            : new Command().createInstrument(submitter, 0, instrumentId, kind, code); // as before names: the defaults
        result(ctx, 201, send(submitter, command), "instrument " + instrumentId + " not created");
    }

    /** Text the engine's field holds: at most {@code maxBytes} bytes of UTF-8 (the engine judges the rest). */
    private static String fits(final String field, final String value, final int maxBytes)
    {
        final int bytes = value.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (bytes > maxBytes)
        {
            throw ApiError.invalid("field '" + field + "' is at most " + maxBytes + " bytes of UTF-8, found " + bytes);
        }
        return value;
    }

    /** At most 12 ASCII characters (a short code, an ISIN); the engine judges the rest. */
    private static String ascii(final String field, final String value)
    {
        if (value.length() > Command.CODE_LENGTH || !value.chars().allMatch(ch -> ch < 0x80))
        {
            throw ApiError.invalid("field '" + field + "' is at most " + Command.CODE_LENGTH + " ASCII characters, found \"" + value + "\"");
        }
        return value;
    }

    private void funding(final Context ctx, final boolean deposit) throws Exception
    {
        final long submitter = logins.require(ctx.header("Authorization")).participantId();
        final Body body = Body.parse(json, ctx.body(), FUNDING_FIELDS);
        final long participantId = body.requiredLong("participantId");
        final int instrumentId = body.requiredInt("instrumentId", Integer.MIN_VALUE, Integer.MAX_VALUE);
        final long amount = body.requiredLong("amount");
        final Command command = deposit ? new Command().deposit(submitter, 0, participantId, instrumentId, amount)
            : new Command().withdraw(submitter, 0, participantId, instrumentId, amount);
        result(ctx, 200, send(submitter, command), (deposit ? "deposit" : "withdrawal") + " refused");
    }

    private void setLimit(final Context ctx) throws Exception
    {
        final long submitter = logins.require(ctx.header("Authorization")).participantId();
        final Body body = Body.parse(json, ctx.body(), LIMIT_FIELDS);
        final long participantId = body.requiredLong("participantId");
        final LimitKind kind = body.requiredEnum("kind", LimitKind.class, Set.of(LimitKind.CREDIT, LimitKind.COUNTERPARTY, LimitKind.DELIVERY));
        final Event outcome = send(submitter, new Command().setLimit(submitter, 0, participantId, kind, body.requiredLong("key"),
            body.requiredLong("amount"))).first();
        if (outcome.type != EventType.LIMIT_SET)
        {
            throw refusal(outcome.reason, "limit not set");
        }
        final Map<String, Object> answer = Json.limit(outcome, units.get());
        answer.put("sequence", outcome.sequence);
        ctx.json(answer);
    }

    private void advanceBusinessDate(final Context ctx) throws Exception
    {
        final long submitter = logins.require(ctx.header("Authorization")).participantId();
        final Body body = Body.parse(json, ctx.body(), DATE_FIELDS);
        final int date = Json.parseIsoDate("businessDate", body.requiredText("businessDate"));
        final Event outcome = send(submitter, new Command().advanceBusinessDate(submitter, 0, date)).first();
        if (outcome.type != EventType.BUSINESS_DATE_ADVANCED)
        {
            throw refusal(outcome.reason, "business date not advanced");
        }
        final Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("businessDate", Json.isoDate(outcome.businessDate));
        answer.put("purged", outcome.count);
        answer.put("sequence", outcome.sequence);
        ctx.json(answer);
    }

    private void setRetention(final Context ctx) throws Exception
    {
        final long submitter = logins.require(ctx.header("Authorization")).participantId();
        final Body body = Body.parse(json, ctx.body(), RETENTION_FIELDS);
        final int days = body.requiredInt("days", Integer.MIN_VALUE, Integer.MAX_VALUE);
        result(ctx, 200, send(submitter, new Command().setRetention(submitter, 0, days)), "retention not set");
    }

    /**
     * A cycle, GROSS unless the body says {@code "mode": "NETTED"}: how many deals settled and failed, the value
     * settled per currency, the first deals' outcomes.
     */
    private void runCycle(final Context ctx) throws Exception
    {
        final long submitter = logins.require(ctx.header("Authorization")).participantId();
        final Body body = Body.parse(json, ctx.body().isBlank() ? "{}" : ctx.body(), CYCLE_FIELDS);
        final CycleMode mode = body.has("mode") ? body.requiredEnum("mode", CycleMode.class, CYCLE_MODES) : CycleMode.GROSS;
        final ApiChannel.Reply reply = send(submitter, new Command().runSettlementCycle(submitter, 0, mode));
        final Event first = reply.first();
        if (first.type == EventType.COMMAND_RESULT)
        {
            throw refusal(first.reason, "cycle not run");
        }
        final Map<String, Object> answer = new LinkedHashMap<>();
        final List<Map<String, Object>> values = new java.util.ArrayList<>();
        final List<Map<String, Object>> deals = new java.util.ArrayList<>();
        for (final Event e : reply.events())
        {
            switch (e.type)
            {
                case CYCLE_COMPLETED ->
                {
                    answer.put("businessDate", Json.isoDate(e.businessDate));
                    answer.put("attempted", e.attempted);
                    answer.put("settled", e.settled);
                    answer.put("failed", e.failed);
                    answer.put("sequence", e.sequence);
                }
                case CYCLE_SETTLED_VALUE ->
                {
                    final Map<String, Object> value = new LinkedHashMap<>();
                    value.put("currencyId", e.currencyId);
                    value.put("deals", e.count);
                    value.put("value", e.wideAmount().toString());
                    values.add(value);
                }
                case DEAL_SETTLED, DEAL_SETTLEMENT_FAILED ->
                {
                    final Map<String, Object> deal = new LinkedHashMap<>();
                    deal.put("dealId", e.dealId);
                    deal.put("outcome", e.type == EventType.DEAL_SETTLED ? "SETTLED" : "FAILED");
                    deal.put("reason", e.type == EventType.DEAL_SETTLED ? null : e.reason.name());
                    deals.add(deal);
                }
                default ->
                {
                }
            }
        }
        answer.put("settledValue", values);
        answer.put("firstDeals", deals);
        ctx.json(answer);
    }

    /** A command answered by COMMAND_RESULT: {@code status} with its sequence when OK, else the refusal. */
    private static void result(final Context ctx, final int status, final ApiChannel.Reply reply, final String what)
    {
        final Event outcome = reply.first();
        if (outcome.reason != Reason.OK)
        {
            throw refusal(outcome.reason, what);
        }
        final Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("result", "OK");
        answer.put("sequence", outcome.sequence);
        ctx.status(status).json(answer);
    }

    private ApiChannel.Reply send(final long submitter, final Command command) throws Exception
    {
        final CompletableFuture<ApiChannel.Reply> future = channel.send(submitter, command);
        final ApiChannel.Reply reply;
        try
        {
            reply = future.get(answerTimeoutMs, TimeUnit.MILLISECONDS);
        }
        catch (final java.util.concurrent.TimeoutException ex)
        {
            throw new ApiError(504, "NO_ANSWER_YET", "the engine did not answer within " + answerTimeoutMs
                + " ms; the command may still apply: look it up before sending it again");
        }
        if (reply.published() == null)
        {
            throw new ApiError(504, "NO_ANSWER_YET", "the node stopped before answering; the command may have been applied:"
                + " look it up before sending it again");
        }
        if (reply.published() != Reason.OK)
        {
            throw new ApiError(503, reply.published().name(), reply.published() == Reason.BUSY
                ? "the node's ring is full: try again shortly" : "the node is not taking commands (stopping or stopped)");
        }
        if (reply.events().isEmpty())
        {
            throw new IllegalStateException("the engine answered " + command.type + " with no outcome");
        }
        return reply;
    }

    static ApiError refusal(final Reason reason, final String what)
    {
        return new ApiError(HttpApi.statusOf(reason), reason.name(), what + ": " + reason);
    }

    static long pathLong(final Context ctx, final String name)
    {
        final String text = ctx.pathParam(name);
        try
        {
            return Long.parseLong(text);
        }
        catch (final NumberFormatException ex)
        {
            throw ApiError.invalid("'" + name + "' in the path must be a whole number, found \"" + text + "\"");
        }
    }
}
