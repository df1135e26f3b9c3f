package io.settlement.http;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.settlement.engine.SettlementEngine;
import io.settlement.engine.api.Event;
import io.settlement.protocol.Codes;
import io.settlement.protocol.wire.DealStatus;
import io.settlement.protocol.wire.Reason;
import io.settlement.protocol.wire.Role;

/**
 * Fails follow-up ({@link FollowUps}) over HTTP: an OPERATOR assigns a failing deal to a named person
 * with a deadline, adds notes, reassigns and closes; RISK, OPERATOR and AUDITOR read the items, each
 * with its deal's current state from the {@link ReadModel}; a MEMBER is refused. The role is the one
 * the engine holds for the logged-on participant (as for the deal list), and every action is logged
 * with that participant, its role and the time.
 */
final class FollowUpRoutes
{
    static final int OWNER_MAX = 64;
    static final int NOTE_MAX = 500;
    private static final Set<String> ASSIGN_FIELDS = Set.of("dealId", "owner", "deadline", "note");
    private static final Set<String> REASSIGN_FIELDS = Set.of("owner", "deadline", "note");
    private static final Set<String> NOTE_FIELDS = Set.of("note");

    private final FollowUps followUps;
    private final ReadModel reads;
    private final Logins logins;
    private final ObjectMapper json;
    private final long readWaitMs;

    FollowUpRoutes(final FollowUps followUps, final ReadModel reads, final Logins logins, final ObjectMapper json, final long readWaitMs)
    {
        this.followUps = followUps;
        this.reads = reads;
        this.logins = logins;
        this.json = json;
        this.readWaitMs = readWaitMs;
    }

    void register(final RoutesConfig routes)
    {
        routes.post("/api/followups", this::assign);
        routes.get("/api/followups", this::list);
        routes.get("/api/followups/{followUpId}", this::get);
        routes.put("/api/followups/{followUpId}", this::reassign);
        routes.post("/api/followups/{followUpId}/notes", this::note);
        routes.post("/api/followups/{followUpId}/close", this::close);
    }

    /** Who acts: the logged-on participant and the role the engine holds for it, which must be one of {@code allowed}. */
    private record Actor(long participantId, Role role)
    {
    }

    private Actor actor(final Context ctx, final Set<Role> allowed, final String what)
    {
        final long participantId = logins.require(ctx.header("Authorization")).participantId();
        final Role role = reads.read(0, readWaitMs, engine -> engine.roleOf(participantId));
        if (role == null)
        {
            throw WriteRoutes.refusal(Reason.UNKNOWN_PARTICIPANT, "participant " + participantId + " is not known to the engine");
        }
        if (!allowed.contains(role))
        {
            throw WriteRoutes.refusal(Reason.NOT_AUTHORISED, what);
        }
        return new Actor(participantId, role);
    }

    private Actor operator(final Context ctx)
    {
        return actor(ctx, Set.of(Role.OPERATOR), "only an operator assigns, reassigns, annotates and closes follow-ups");
    }

    private Actor reader(final Context ctx)
    {
        return actor(ctx, Set.of(Role.RISK, Role.OPERATOR, Role.AUDITOR), "follow-ups are for risk, operations and audit");
    }

    private void assign(final Context ctx)
    {
        final Actor actor = operator(ctx);
        final Body body = Body.parse(json, ctx.body(), ASSIGN_FIELDS);
        final long dealId = body.requiredLong("dealId");
        final String owner = owner(body.requiredText("owner"));
        final LocalDate deadline = date("deadline", body.requiredText("deadline"));
        final String note = note(body, false);
        final LocalDate businessDate = reads.read(minSequence(ctx), readWaitMs, engine ->
        {
            final Event deal = deal(engine, dealId);
            if (deal == null)
            {
                throw new ApiError(404, Reason.UNKNOWN_DEAL.name(), "no deal " + dealId + " (unknown, or finished and purged)");
            }
            if (deal.dealStatus != DealStatus.PENDING.value() || deal.reason == null || deal.reason == Reason.OK)
            {
                throw new ApiError(409, "DEAL_NOT_FAILING", "deal " + dealId + " is " + Codes.dealStatus(deal.dealStatus)
                    + (deal.dealStatus == DealStatus.PENDING.value() ? " and has not failed a cycle" : "") + ": only a failing deal is followed up");
            }
            return businessDate(engine);
        });
        notBefore(deadline, businessDate);
        final FollowUps.Item item = followUps.assign(dealId, owner, deadline, note, actor.participantId(), actor.role().name());
        ctx.status(201);
        answerItem(ctx, item);
    }

    private void reassign(final Context ctx)
    {
        final Actor actor = operator(ctx);
        final long followUpId = WriteRoutes.pathLong(ctx, "followUpId");
        final Body body = Body.parse(json, ctx.body(), REASSIGN_FIELDS);
        final String ownerText = body.optionalText("owner");
        final String deadlineText = body.optionalText("deadline");
        if (ownerText == null && deadlineText == null)
        {
            throw ApiError.invalid("give 'owner', 'deadline' or both");
        }
        final String owner = ownerText == null ? null : owner(ownerText);
        final LocalDate deadline = deadlineText == null ? null : date("deadline", deadlineText);
        final String note = note(body, false);
        followUps.get(followUpId);
        if (deadline != null)
        {
            notBefore(deadline, reads.read(0, readWaitMs, FollowUpRoutes::businessDate));
        }
        answerItem(ctx, followUps.reassign(followUpId, owner, deadline, note, actor.participantId(), actor.role().name()));
    }

    private void note(final Context ctx)
    {
        final Actor actor = operator(ctx);
        final long followUpId = WriteRoutes.pathLong(ctx, "followUpId");
        final String note = note(Body.parse(json, ctx.body(), NOTE_FIELDS), true);
        answerItem(ctx, followUps.note(followUpId, note, actor.participantId(), actor.role().name()));
    }

    private void close(final Context ctx)
    {
        final Actor actor = operator(ctx);
        final long followUpId = WriteRoutes.pathLong(ctx, "followUpId");
        final String note = note(Body.parse(json, ctx.body(), NOTE_FIELDS), true);
        answerItem(ctx, followUps.close(followUpId, note, actor.participantId(), actor.role().name()));
    }

    private void get(final Context ctx)
    {
        reader(ctx);
        answerItem(ctx, followUps.get(WriteRoutes.pathLong(ctx, "followUpId")));
    }

    /**
     * Items filtered by owner (exactly as written), status ({@code open}, {@code closed}) and
     * {@code overdue}, ordered by owner, deadline and id; with the counts of open and overdue items per
     * owner over all items, whatever the filters.
     */
    private void list(final Context ctx)
    {
        reader(ctx);
        final String owner = ctx.queryParam("owner");
        final String status = ctx.queryParam("status");
        if (status != null && !status.equals("open") && !status.equals("closed"))
        {
            throw ApiError.invalid("'status' must be open or closed, found \"" + status + "\"");
        }
        final String overdueText = ctx.queryParam("overdue");
        if (overdueText != null && !overdueText.equals("true") && !overdueText.equals("false"))
        {
            throw ApiError.invalid("'overdue' must be true or false, found \"" + overdueText + "\"");
        }
        final List<FollowUps.Item> items = followUps.all().stream().map(followUps::copy).toList();
        final Map<String, Object> answer = reads.read(minSequence(ctx), readWaitMs, engine ->
        {
            final LocalDate businessDate = businessDate(engine);
            final List<Map<String, Object>> rows = new ArrayList<>();
            final Map<String, long[]> byOwner = new TreeMap<>();
            long open = 0;
            long overdue = 0;
            for (final FollowUps.Item item : items.stream().sorted(Comparator.comparing((FollowUps.Item i) -> i.owner)
                .thenComparing(i -> i.deadline).thenComparingLong(i -> i.followUpId)).toList())
            {
                final boolean late = item.overdue(businessDate);
                if (!item.closed)
                {
                    final long[] counts = byOwner.computeIfAbsent(item.owner, key -> new long[2]);
                    counts[0]++;
                    open++;
                    if (late)
                    {
                        counts[1]++;
                        overdue++;
                    }
                }
                if ((owner == null || owner.equals(item.owner))
                    && (status == null || status.equals("closed") == item.closed)
                    && (overdueText == null || Boolean.parseBoolean(overdueText) == late))
                {
                    rows.add(shape(engine, item, businessDate, false));
                }
            }
            final List<Map<String, Object>> owners = new ArrayList<>();
            byOwner.forEach((name, counts) ->
            {
                final Map<String, Object> row = new LinkedHashMap<>();
                row.put("owner", name);
                row.put("open", counts[0]);
                row.put("overdue", counts[1]);
                owners.add(row);
            });
            final Map<String, Object> result = new LinkedHashMap<>();
            result.put("businessDate", businessDate == null ? null : businessDate.toString());
            result.put("open", open);
            result.put("overdue", overdue);
            result.put("owners", owners);
            result.put("followUps", rows);
            return result;
        });
        ctx.header("X-Read-Sequence", Long.toString(reads.sequence()));
        ctx.json(answer);
    }

    private void answerItem(final Context ctx, final FollowUps.Item item)
    {
        final FollowUps.Item copy = followUps.copy(item);
        ctx.json(reads.read(0, readWaitMs, engine -> shape(engine, copy, businessDate(engine), true)));
    }

    /** An item as the API shows it, with its deal's current state and, when it has one, what a person should know about it. */
    private static Map<String, Object> shape(final SettlementEngine engine, final FollowUps.Item item, final LocalDate businessDate,
        final boolean withHistory)
    {
        final Map<String, Object> row = new LinkedHashMap<>();
        row.put("followUpId", item.followUpId);
        row.put("dealId", item.dealId);
        row.put("owner", item.owner);
        row.put("deadline", item.deadline.toString());
        row.put("status", item.closed ? "CLOSED" : "OPEN");
        row.put("overdue", item.overdue(businessDate));
        row.put("assignedBy", item.first().byParticipantId());
        row.put("assignedAt", java.time.Instant.ofEpochMilli(item.first().atMs()).toString());
        row.put("lastActionBy", item.last().byParticipantId());
        row.put("lastActionAt", java.time.Instant.ofEpochMilli(item.last().atMs()).toString());
        final Event deal = deal(engine, item.dealId);
        final Map<String, Object> dealState = new LinkedHashMap<>();
        if (deal == null)
        {
            dealState.put("status", null);
            dealState.put("lastFailReason", null);
            dealState.put("notice", "the node no longer holds deal " + item.dealId + " (finished and purged)"
                + (item.closed ? "" : ": close this follow-up"));
        }
        else
        {
            final Map<String, Object> shown = Json.deal(deal, InstrumentUnits.NONE); // its status and failure only
            dealState.put("status", shown.get("status"));
            dealState.put("lastFailReason", shown.get("lastFailReason"));
            final boolean pending = deal.dealStatus == DealStatus.PENDING.value();
            dealState.put("notice", pending ? null : "deal " + item.dealId + " has " + (deal.dealStatus == DealStatus.SETTLED.value()
                ? "settled" : "been cancelled") + " since it was assigned" + (item.closed ? "" : ": close this follow-up"));
        }
        row.put("deal", dealState);
        if (withHistory)
        {
            row.put("history", item.history.stream().map(FollowUps.Entry::toJson).toList());
        }
        return row;
    }

    /** The live deal with that id, copied, or null. */
    private static Event deal(final SettlementEngine engine, final long dealId)
    {
        final Event[] found = {null};
        if (dealId > Long.MIN_VALUE)
        {
            engine.forEachDealAfter(dealId - 1, e ->
            {
                if (e.dealId == dealId)
                {
                    found[0] = new Event().copyFrom(e);
                }
                return false;
            });
        }
        return found[0];
    }

    /** {@code minSequence}: the read model must have applied it (e.g. the cycle that failed the deal) first. */
    private static long minSequence(final Context ctx)
    {
        final String text = ctx.queryParam("minSequence");
        try
        {
            return text == null ? 0 : Long.parseLong(text);
        }
        catch (final NumberFormatException ex)
        {
            throw ApiError.invalid("'minSequence' must be a whole number, found \"" + text + "\"");
        }
    }

    private static LocalDate businessDate(final SettlementEngine engine)
    {
        final int yyyymmdd = engine.businessDate();
        return yyyymmdd == 0 ? null : LocalDate.of(yyyymmdd / 10_000, yyyymmdd / 100 % 100, yyyymmdd % 100);
    }

    private static void notBefore(final LocalDate deadline, final LocalDate businessDate)
    {
        if (businessDate != null && deadline.isBefore(businessDate))
        {
            throw ApiError.invalid("field 'deadline' (" + deadline + ") is before the business date (" + businessDate + ")");
        }
    }

    private static LocalDate date(final String field, final String text)
    {
        Json.parseIsoDate(field, text);
        try
        {
            return LocalDate.parse(text);
        }
        catch (final DateTimeParseException ex)
        {
            throw ApiError.invalid("field '" + field + "' is not a calendar day, found \"" + text + "\"");
        }
    }

    /** A person's name: 1 to 64 characters after trimming, none of them control characters. */
    static String owner(final String text)
    {
        final String owner = text.strip();
        final int length = owner.codePointCount(0, owner.length());
        if (length < 1 || length > OWNER_MAX)
        {
            throw ApiError.invalid("field 'owner' must be 1 to " + OWNER_MAX + " characters, found " + length);
        }
        if (owner.codePoints().anyMatch(c -> Character.isISOControl(c) || c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE))
        {
            throw ApiError.invalid("field 'owner' must be printable characters (no control characters, no unpaired surrogates)");
        }
        return owner;
    }

    /** Up to 500 characters, line breaks and tabs allowed but no other control character; required: not blank. */
    private static String note(final Body body, final boolean required)
    {
        final String given = required ? body.requiredText("note") : body.optionalText("note");
        final String note = given == null ? "" : given.strip();
        if (required && note.isEmpty())
        {
            throw ApiError.invalid("field 'note' must not be blank");
        }
        final int length = note.codePointCount(0, note.length());
        if (length > NOTE_MAX)
        {
            throw ApiError.invalid("field 'note' must be at most " + NOTE_MAX + " characters, found " + length);
        }
        if (note.codePoints().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\t' || c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE))
        {
            throw ApiError.invalid("field 'note' must not hold control characters other than line breaks and tabs, nor unpaired surrogates");
        }
        return note;
    }
}
