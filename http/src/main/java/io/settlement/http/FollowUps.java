package io.settlement.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fails follow-up: a failing deal assigned to a named person with a deadline, its notes, reassignments
 * and closing. None of it changes a settlement outcome, so it stays out of the engine and its command
 * journal: the node keeps it in its own append-only log, {@code DATA/followups/followups.jsonl}, one
 * JSON object per action with who did it (participant id and role), when (the API's clock) and what,
 * each line written and fsynced before the action is answered. The log is read back into memory when
 * the API starts, so a restart keeps every item and its history; nothing in it is ever rewritten.
 *
 * <p>A last line without its newline is a write the node did not finish (it crashed before the fsync
 * returned, so the action was never answered): it is cut off at start, with a warning. Any other line
 * that cannot be read stops the start: the log is an audit trail, and a damaged one needs a person.
 *
 * <p>Thread-safe: every method holds the object's lock.
 */
final class FollowUps implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(FollowUps.class);
    static final String FILE_NAME = "followups.jsonl";

    /** What an action did. */
    enum Action
    {
        ASSIGN, REASSIGN, NOTE, CLOSE
    }

    /**
     * One action, as logged: {@code owner} and {@code deadline} are the item's after it (null when the
     * action left them as they were), {@code note} may be empty.
     */
    record Entry(long followUpId, Action action, long atMs, long byParticipantId, String byRole, long dealId,
        String owner, LocalDate deadline, String note)
    {
        Map<String, Object> toJson()
        {
            final Map<String, Object> json = new LinkedHashMap<>();
            json.put("followUpId", followUpId);
            json.put("action", action.name());
            json.put("at", Instant.ofEpochMilli(atMs).toString());
            json.put("by", byParticipantId);
            json.put("byRole", byRole);
            json.put("dealId", dealId);
            json.put("owner", owner);
            json.put("deadline", deadline == null ? null : deadline.toString());
            json.put("note", note);
            return json;
        }
    }

    /** One follow-up item: its current owner, deadline and status, and every action on it in order. */
    static final class Item
    {
        final long followUpId;
        final long dealId;
        String owner;
        LocalDate deadline;
        boolean closed;
        final List<Entry> history = new ArrayList<>();

        private Item(final long followUpId, final long dealId)
        {
            this.followUpId = followUpId;
            this.dealId = dealId;
        }

        /** Open, and its deadline is before the business date (null when not set: nothing is overdue). */
        boolean overdue(final LocalDate businessDate)
        {
            return !closed && businessDate != null && deadline.isBefore(businessDate);
        }

        Entry first()
        {
            return history.get(0);
        }

        Entry last()
        {
            return history.get(history.size() - 1);
        }
    }

    /** Told of every action, replayed ones included (for the counters). */
    interface Listener
    {
        void onAction(Entry entry);
    }

    private final ObjectMapper json = new ObjectMapper();
    private final Map<Long, Item> items = new TreeMap<>();
    private final Map<Long, Long> openByDeal = new TreeMap<>();
    private final FileChannel log;
    private final LongSupplier clockMs;
    private final Listener listener;
    private long lastId;
    /** Set when a write failed and could not be undone: the log may end in a torn line, so nothing more is appended. */
    private String broken;

    private FollowUps(final FileChannel log, final LongSupplier clockMs, final Listener listener)
    {
        this.log = log;
        this.clockMs = clockMs;
        this.listener = listener;
    }

    /** Opens (creating) the log in {@code dir} and replays it. */
    static FollowUps open(final Path dir, final LongSupplier clockMs, final Listener listener) throws IOException
    {
        Files.createDirectories(dir);
        final Path file = dir.resolve(FILE_NAME);
        final boolean created = !Files.exists(file);
        final FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        if (created)
        {
            syncDirectory(dir); // the new file's entry survives a crash with the first action in it
        }
        final FollowUps followUps = new FollowUps(channel, clockMs, listener);
        try
        {
            followUps.replay(file);
        }
        catch (final IOException | RuntimeException ex)
        {
            channel.close();
            throw ex;
        }
        return followUps;
    }

    private void replay(final Path file) throws IOException
    {
        final byte[] bytes = Files.readAllBytes(file);
        int start = 0;
        int line = 0;
        for (int i = 0; i < bytes.length; i++)
        {
            if (bytes[i] == '\n')
            {
                line++;
                final String text = new String(bytes, start, i - start, StandardCharsets.UTF_8);
                try
                {
                    apply(parse(json.readTree(text)));
                }
                catch (final IOException | RuntimeException ex)
                {
                    throw new IOException(file + " line " + line + " cannot be read (" + ex.getMessage()
                        + "): the follow-up log is damaged; restore it from a backup", ex);
                }
                start = i + 1;
            }
        }
        if (start < bytes.length)
        {
            LOG.warn("{}: cutting off an unfinished last line of {} bytes (a write the node did not finish)", file, bytes.length - start);
            log.truncate(start);
            log.force(true);
        }
        log.position(start);
    }

    private static Entry parse(final JsonNode node)
    {
        final JsonNode deadline = node.get("deadline");
        final JsonNode owner = node.get("owner");
        return new Entry(node.get("followUpId").asLong(), Action.valueOf(node.get("action").asText()),
            Instant.parse(node.get("at").asText()).toEpochMilli(), node.get("by").asLong(), node.get("byRole").asText(),
            node.get("dealId").asLong(), owner == null || owner.isNull() ? null : owner.asText(),
            deadline == null || deadline.isNull() ? null : LocalDate.parse(deadline.asText()), node.path("note").asText(""));
    }

    /** The state after an entry (live or replayed): the one place the rules of what follows what are kept. */
    private Item apply(final Entry entry)
    {
        final Item item;
        if (entry.action() == Action.ASSIGN)
        {
            if (items.containsKey(entry.followUpId()) || entry.owner() == null || entry.deadline() == null)
            {
                throw new IllegalStateException("follow-up " + entry.followUpId() + " assigned twice or without owner and deadline");
            }
            item = new Item(entry.followUpId(), entry.dealId());
            items.put(item.followUpId, item);
            openByDeal.put(item.dealId, item.followUpId);
            lastId = Math.max(lastId, item.followUpId);
        }
        else
        {
            item = items.get(entry.followUpId());
            if (item == null || item.closed)
            {
                throw new IllegalStateException("follow-up " + entry.followUpId() + " is unknown or closed");
            }
        }
        if (entry.owner() != null)
        {
            item.owner = entry.owner();
        }
        if (entry.deadline() != null)
        {
            item.deadline = entry.deadline();
        }
        if (entry.action() == Action.CLOSE)
        {
            item.closed = true;
            openByDeal.remove(item.dealId);
        }
        item.history.add(entry);
        listener.onAction(entry);
        return item;
    }

    /** Makes a directory's entries durable (a newly created file's name). */
    private static void syncDirectory(final Path dir) throws IOException
    {
        try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ))
        {
            directory.force(true);
        }
    }

    /** Logs an action (written and fsynced) and applies it; nothing changes when the write fails. */
    private Item record(final Entry entry)
    {
        if (broken != null)
        {
            throw new ApiError(503, "UNAVAILABLE", "the follow-up log stopped taking actions after a failed write (" + broken
                + "): restart the node, which repairs its end");
        }
        final byte[] line;
        try
        {
            line = (json.writeValueAsString(entry.toJson()) + "\n").getBytes(StandardCharsets.UTF_8);
            final long before = log.position();
            final ByteBuffer buffer = ByteBuffer.wrap(line);
            try
            {
                while (buffer.hasRemaining())
                {
                    log.write(buffer);
                }
                log.force(false);
            }
            catch (final IOException ex)
            {
                try
                {
                    log.truncate(before);
                    log.position(before);
                }
                catch (final IOException undo)
                {
                    broken = ex.getMessage();
                    ex.addSuppressed(undo);
                }
                throw ex;
            }
        }
        catch (final IOException ex)
        {
            LOG.error("cannot write the follow-up log", ex);
            throw new ApiError(503, "UNAVAILABLE", "cannot write the follow-up log: " + ex.getMessage());
        }
        return apply(entry);
    }

    /**
     * A new item for a deal that has none open.
     *
     * @throws ApiError 409 ALREADY_ASSIGNED when the deal has an open item (reassign it instead).
     */
    synchronized Item assign(final long dealId, final String owner, final LocalDate deadline, final String note,
        final long by, final String byRole)
    {
        final Long open = openByDeal.get(dealId);
        if (open != null)
        {
            throw new ApiError(409, "ALREADY_ASSIGNED", "deal " + dealId + " already has open follow-up " + open
                + " (owner " + items.get(open).owner + "): reassign or close it");
        }
        return record(new Entry(lastId + 1, Action.ASSIGN, clockMs.getAsLong(), by, byRole, dealId, owner, deadline, note));
    }

    /** A new owner and/or deadline (null: unchanged) for an open item. */
    synchronized Item reassign(final long followUpId, final String owner, final LocalDate deadline, final String note,
        final long by, final String byRole)
    {
        final Item item = open(followUpId, "reassigned");
        return record(new Entry(followUpId, Action.REASSIGN, clockMs.getAsLong(), by, byRole, item.dealId, owner, deadline, note));
    }

    synchronized Item note(final long followUpId, final String note, final long by, final String byRole)
    {
        final Item item = open(followUpId, "given a note");
        return record(new Entry(followUpId, Action.NOTE, clockMs.getAsLong(), by, byRole, item.dealId, null, null, note));
    }

    synchronized Item close(final long followUpId, final String note, final long by, final String byRole)
    {
        final Item item = open(followUpId, "closed");
        return record(new Entry(followUpId, Action.CLOSE, clockMs.getAsLong(), by, byRole, item.dealId, null, null, note));
    }

    private Item open(final long followUpId, final String what)
    {
        final Item item = get(followUpId);
        if (item.closed)
        {
            final Entry closing = item.last();
            throw new ApiError(409, "FOLLOW_UP_CLOSED", "follow-up " + followUpId + " was closed by participant "
                + closing.byParticipantId() + " at " + Instant.ofEpochMilli(closing.atMs()) + " and cannot be " + what);
        }
        return item;
    }

    /** @throws ApiError 404 when there is no such item. */
    synchronized Item get(final long followUpId)
    {
        final Item item = items.get(followUpId);
        if (item == null)
        {
            throw new ApiError(404, "UNKNOWN_FOLLOW_UP", "no follow-up " + followUpId);
        }
        return item;
    }

    /** Every item, in id order (a copy: the items themselves change only under this object's lock). */
    synchronized List<Item> all()
    {
        return List.copyOf(items.values());
    }

    /** A consistent copy of an item's current fields and history, to read outside the lock. */
    synchronized Item copy(final Item item)
    {
        final Item copy = new Item(item.followUpId, item.dealId);
        copy.owner = item.owner;
        copy.deadline = item.deadline;
        copy.closed = item.closed;
        copy.history.addAll(item.history);
        return copy;
    }

    synchronized long openCount()
    {
        return openByDeal.size();
    }

    synchronized long overdueCount(final LocalDate businessDate)
    {
        return items.values().stream().filter(item -> item.overdue(businessDate)).count();
    }

    @Override
    public synchronized void close()
    {
        try
        {
            log.close();
        }
        catch (final IOException ex)
        {
            LOG.warn("closing the follow-up log", ex);
        }
    }
}
