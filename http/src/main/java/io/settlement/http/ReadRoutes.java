package io.settlement.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.settlement.engine.SettlementEngine;
import io.settlement.engine.api.Command;
import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventType;
import io.settlement.protocol.Codes;
import io.settlement.protocol.wire.DealStatus;
import io.settlement.protocol.wire.Reason;
import io.settlement.protocol.wire.Role;

/**
 * The API's reads, all from the {@link ReadModel} (the follower engine), never from the primary's
 * ring. Single items and the participant, instrument and limit lists are the engine's own queries,
 * asked as the logged-on participant, so the engine decides who may see what. The deal list and the
 * positions, which the engine has no query for, follow the engine's rule for its queries: a MEMBER
 * sees only itself (its own deals, its own positions); RISK, OPERATOR and AUDITOR see everyone.
 *
 * <p>Every answer carries the read model's sequence ({@code X-Read-Sequence}); a request may ask for
 * at least a sequence ({@code minSequence}, e.g. the one a write answered with) and then waits for the
 * read model to get there.
 */
final class ReadRoutes
{
    /** Live deals a page examines at most: a page may then hold fewer than asked, and nextAfter says where to go on. */
    static final int EXAMINED_PER_PAGE = 100_000;

    private final ReadModel reads;
    private final Logins logins;
    private final int pageMax;
    private final long readWaitMs;

    ReadRoutes(final ReadModel reads, final Logins logins, final int pageMax, final long readWaitMs)
    {
        this.reads = reads;
        this.logins = logins;
        this.pageMax = pageMax;
        this.readWaitMs = readWaitMs;
    }

    void register(final RoutesConfig routes)
    {
        routes.get("/api/business-date", this::businessDate);
        routes.get("/api/participants", this::participants);
        routes.get("/api/instruments", this::instruments);
        routes.get("/api/deals", this::deals);
        routes.get("/api/deals/{dealId}", this::deal);
        routes.get("/api/instructions/{instructionId}", this::instruction);
        routes.get("/api/positions", this::positions);
        routes.get("/api/limits", this::limits);
        routes.get("/api/day", this::day);
    }

    /**
     * The day at a glance ({@link DaySummary}): market-wide, so for RISK, OPERATOR and AUDITOR (the
     * engine's rule for the participant list); a MEMBER gets NOT_AUTHORISED.
     */
    private void day(final Context ctx)
    {
        final long submitter = logins.require(ctx.header("Authorization")).participantId();
        answer(ctx, engine ->
        {
            final Role role = engine.roleOf(submitter);
            if (role == null || role == Role.MEMBER)
            {
                throw WriteRoutes.refusal(role == null ? Reason.UNKNOWN_PARTICIPANT : Reason.NOT_AUTHORISED,
                    "the day at a glance is for risk, operations and audit");
            }
            return reads.day().toJson();
        });
    }

    private void businessDate(final Context ctx)
    {
        logins.require(ctx.header("Authorization"));
        answer(ctx, engine ->
        {
            final Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("businessDate", Json.isoDate(engine.businessDate()));
            answer.put("retentionDays", engine.retainFinishedDays());
            answer.put("weekendsClosed", engine.weekendsClosed());
            final List<String> holidays = new ArrayList<>();
            for (final int holiday : engine.holidays())
            {
                holidays.add(Json.isoDate(holiday));
            }
            answer.put("holidays", holidays);
            answer.put("pendingDeals", engine.pendingDealCount());
            answer.put("liveDeals", engine.liveDealCount());
            return answer;
        });
    }

    private void participants(final Context ctx)
    {
        final long submitter = logins.require(ctx.header("Authorization")).participantId();
        answer(ctx, engine -> list(query(engine, new Command().queryParticipants(submitter, 0), "participants"),
            EventType.PARTICIPANT_LINE, Json::participant));
    }

    private void instruments(final Context ctx)
    {
        final long submitter = logins.require(ctx.header("Authorization")).participantId();
        answer(ctx, engine -> list(query(engine, new Command().queryInstruments(submitter, 0), "instruments"),
            EventType.INSTRUMENT_LINE, Json::instrument));
    }

    private void deal(final Context ctx)
    {
        final long submitter = logins.require(ctx.header("Authorization")).participantId();
        final long dealId = WriteRoutes.pathLong(ctx, "dealId");
        answer(ctx, engine -> Json.deal(query(engine, new Command().queryDeal(submitter, 0, dealId), "deal " + dealId).get(0),
            InstrumentUnits.of(engine)));
    }

    private void instruction(final Context ctx)
    {
        final long submitter = logins.require(ctx.header("Authorization")).participantId();
        final long instructionId = WriteRoutes.pathLong(ctx, "instructionId");
        answer(ctx, engine -> Json.instruction(query(engine, new Command().queryInstruction(submitter, 0, instructionId),
            "instruction " + instructionId).get(0), InstrumentUnits.of(engine)));
    }

    /**
     * A page of live deals in dealId order, filtered by participant (either side), status, settlement
     * date and last fail reason; {@code after} is the last dealId of the previous page
     * ({@code nextAfter} of its answer), {@code limit} the page's size.
     */
    private void deals(final Context ctx)
    {
        final long submitter = logins.require(ctx.header("Authorization")).participantId();
        final Long participant = optionalLong(ctx, "participantId");
        final DealStatus status = optionalEnum(ctx, "status", DealStatus.class, Json.STATUSES);
        final String dateText = ctx.queryParam("settlementDate");
        final int settlementDate = dateText == null ? 0 : Json.parseIsoDate("settlementDate", dateText);
        final Reason failReason = optionalEnum(ctx, "failReason", Reason.class, Reason.values());
        final Long afterParam = optionalLong(ctx, "after");
        if (afterParam != null && afterParam < 0)
        {
            throw ApiError.invalid("'after' must be a dealId (0 or more), found " + afterParam);
        }
        final long after = afterParam == null ? 0 : afterParam;
        final int limit = limit(ctx);
        answer(ctx, engine ->
        {
            final Long only = visibleParticipant(engine, submitter, participant);
            final List<Map<String, Object>> page = new ArrayList<>();
            final InstrumentUnits units = InstrumentUnits.of(engine);
            final long[] last = {0};
            final long[] examined = {0};
            engine.forEachDealAfter(after, e ->
            {
                examined[0]++;
                last[0] = e.dealId;
                if ((only == null || e.buyerId == only || e.sellerId == only)
                    && (status == null || e.dealStatus == status.value())
                    && (settlementDate == 0 || e.settlementDate == settlementDate)
                    && (failReason == null || e.reason == failReason))
                {
                    page.add(Json.deal(e, units));
                }
                // a filter that matches little must not hold the read model for a scan of millions
                return page.size() < limit && examined[0] < EXAMINED_PER_PAGE;
            });
            final Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("deals", page);
            answer.put("nextAfter", page.size() == limit || examined[0] >= EXAMINED_PER_PAGE ? last[0] : null);
            return answer;
        });
    }

    /** Non-zero balances, by participant then instrument; a MEMBER sees its own. */
    private void positions(final Context ctx)
    {
        final long submitter = logins.require(ctx.header("Authorization")).participantId();
        final Long participant = optionalLong(ctx, "participantId");
        answer(ctx, engine ->
        {
            return Map.of("positions", Json.positions(engine, visibleParticipant(engine, submitter, participant)));
        });
    }

    /**
     * Limits with their use, {@code breached} when a lowered limit is now below what pending deals use;
     * one participant's (the engine's QUERY_LIMITS, as the logged-on participant), or, for a role that
     * may see every participant, all of them ({@code breachedOnly=true} for the breaches alone).
     */
    private void limits(final Context ctx)
    {
        final long submitter = logins.require(ctx.header("Authorization")).participantId();
        final Long participant = optionalLong(ctx, "participantId");
        final boolean breachedOnly = "true".equals(ctx.queryParam("breachedOnly"));
        answer(ctx, engine ->
        {
            final List<Long> whose = new ArrayList<>();
            if (participant != null)
            {
                whose.add(participant);
            }
            else if (engine.roleOf(submitter) == Role.MEMBER)
            {
                whose.add(submitter);
            }
            else
            {
                for (final Event line : query(engine, new Command().queryParticipants(submitter, 0), "limits"))
                {
                    if (line.type == EventType.PARTICIPANT_LINE)
                    {
                        whose.add(line.participantId);
                    }
                }
            }
            final List<Map<String, Object>> rows = new ArrayList<>();
            final InstrumentUnits units = InstrumentUnits.of(engine);
            for (final long participantId : whose)
            {
                for (final Event line : query(engine, new Command().queryLimits(submitter, 0, participantId), "limits of " + participantId))
                {
                    if (line.type == EventType.LIMIT_LINE && (!breachedOnly || line.utilised > line.amount))
                    {
                        rows.add(Json.limit(line, units));
                    }
                }
            }
            return Map.of("limits", rows);
        });
    }

    /**
     * Whose rows a submitter may see: a MEMBER only its own (asking for another's is NOT_AUTHORISED),
     * any other role whoever it asks for (null: everyone).
     */
    private static Long visibleParticipant(final SettlementEngine engine, final long submitter, final Long asked)
    {
        final Role role = engine.roleOf(submitter);
        if (role == null)
        {
            throw WriteRoutes.refusal(Reason.UNKNOWN_PARTICIPANT, "participant " + submitter + " is not known to the engine");
        }
        if (role == Role.MEMBER)
        {
            if (asked != null && asked != submitter)
            {
                throw WriteRoutes.refusal(Reason.NOT_AUTHORISED, "a member sees only its own deals and positions");
            }
            return submitter;
        }
        return asked;
    }

    /** The engine's answer to a query asked of the follower: its events, or its refusal as an error. */
    private static List<Event> query(final SettlementEngine engine, final Command command, final String what)
    {
        command.sequence = engine.lastSequence();
        final List<Event> events = new ArrayList<>();
        engine.query(command, (event, buffer, offset, length) -> events.add(new Event().copyFrom(event)));
        if (events.size() == 1 && events.get(0).type == EventType.COMMAND_RESULT && events.get(0).reason != Reason.OK)
        {
            throw WriteRoutes.refusal(events.get(0).reason, what);
        }
        return events;
    }

    private static List<Map<String, Object>> list(final List<Event> events, final EventType line, final Function<Event, Map<String, Object>> shape)
    {
        final List<Map<String, Object>> rows = new ArrayList<>();
        for (final Event e : events)
        {
            if (e.type == line)
            {
                rows.add(shape.apply(e));
            }
        }
        return rows;
    }

    private void answer(final Context ctx, final Function<SettlementEngine, Object> reader)
    {
        final Long minSequence = optionalLong(ctx, "minSequence");
        final Object answer = reads.read(minSequence == null ? 0 : minSequence, readWaitMs, reader);
        ctx.header("X-Read-Sequence", Long.toString(reads.sequence()));
        ctx.json(answer);
    }

    private int limit(final Context ctx)
    {
        final Long limit = optionalLong(ctx, "limit");
        if (limit == null)
        {
            return Math.min(100, pageMax);
        }
        if (limit < 1 || limit > pageMax)
        {
            throw ApiError.invalid("'limit' must be 1 to " + pageMax + ", found " + limit);
        }
        return (int)(long)limit;
    }

    private static Long optionalLong(final Context ctx, final String name)
    {
        final String text = ctx.queryParam(name);
        if (text == null)
        {
            return null;
        }
        try
        {
            return Long.parseLong(text);
        }
        catch (final NumberFormatException ex)
        {
            throw ApiError.invalid("'" + name + "' must be a whole number, found \"" + text + "\"");
        }
    }

    private static <E extends Enum<E>> E optionalEnum(final Context ctx, final String name, final Class<E> type, final E[] allowed)
    {
        final String text = ctx.queryParam(name);
        if (text == null)
        {
            return null;
        }
        for (final E value : allowed)
        {
            if (value.name().equals(text))
            {
                return value;
            }
        }
        throw ApiError.invalid("'" + name + "' must be one of " + java.util.Arrays.toString(allowed) + ", found \"" + text + "\"");
    }
}
