package io.settlement.fix;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;

import quickfix.FileStoreFactory;
import quickfix.FileUtil;
import quickfix.MessageStore;
import quickfix.MessageStoreFactory;
import quickfix.SessionID;
import quickfix.SessionSettings;

/**
 * A session's QuickFIX/J FileStore that keeps, across the daily reset of its sequence numbers, what the client has
 * not been shown to have received (docs/fix.md, "Daily reset"):
 * <pre>
 *   evidence that the client has everything before n (Deliveries) : delivered = n - 1
 *   store reset (the schedule's reset time, or at start past it):
 *     the old body copied to archive/ (named by the store's creation time, UTC),
 *     the application messages after the delivered position stored again from sequence number 1 (renumbered;
 *     the session-level ones are left: a resend gap-fills them anyway),
 *     so that the client's first Logon of the new day sees our sequence ahead and asks for them (ResendRequest)
 * </pre>
 * The delivered position is kept in a file beside the store ({@code <session>.delivered}), so a restart of the node
 * keeps it; a reset under way, in {@code <session>.carry} (see {@link #reset}). Every method is synchronized: the
 * reset's copy is atomic against messages being stored, and a message stored but not yet counted (QuickFIX/J's two
 * calls) when the reset comes is carried too.
 */
final class ResettingStore implements MessageStore
{
    private static final DateTimeFormatter ARCHIVE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final char SOH = '\u0001';

    /** Makes each session's store. */
    static final class Factory implements MessageStoreFactory
    {
        private final FileStoreFactory files;
        private final Path directory;

        /** @param directory the sessions' FileStore directory (FileStorePath) */
        Factory(final SessionSettings settings, final Path directory)
        {
            this.files = new FileStoreFactory(settings);
            this.directory = directory;
        }

        @Override
        public MessageStore create(final SessionID sessionId)
        {
            final MessageStore store = files.create(sessionId);
            try
            {
                return new ResettingStore(store, directory, FileUtil.sessionIdFileName(sessionId));
            }
            catch (final IOException ex)
            {
                throw new IllegalStateException("the FIX session " + sessionId + "'s delivered position cannot be read: " + ex.getMessage(), ex);
            }
        }
    }

    private final MessageStore store;
    private final Path body;
    private final Path archive;
    private final Path deliveredFile;
    private final Path carryFile;
    private final Path directory;
    private final String name;
    /** The first of our sequence numbers the client has not been shown to have received. */
    private int firstUndelivered;
    /**
     * The sequence number of a message stored with {@link #set} at our next sequence number whose
     * {@link #incrNextSenderMsgSeqNum} has not come yet (QuickFIX/J stores, then increments, in two calls), else 0.
     */
    private int storedNotCounted;

    ResettingStore(final MessageStore store, final Path directory, final String name) throws IOException
    {
        this.store = store;
        this.name = name;
        this.body = directory.resolve(name + ".body");
        this.archive = directory.resolve("archive");
        this.deliveredFile = directory.resolve(name + ".delivered");
        this.carryFile = directory.resolve(name + ".carry");
        this.directory = directory;
        firstUndelivered = Files.exists(deliveredFile)
            ? Integer.parseInt(Files.readString(deliveredFile, StandardCharsets.US_ASCII).trim()) : 1;
        Files.deleteIfExists(archive.resolve(name + ".body.tmp")); // an archive copy a crash interrupted (the store was not reset yet)
        if (Files.exists(carryFile))
        {
            // a crash in the middle of a reset: the store may be emptied, the carried messages are in the carry file
            finishCarry(readCarry(carryFile));
        }
    }

    /**
     * The client has been shown to have received everything we sent before {@code first}: with {@code exact}, also that
     * it lacks {@code first} (a ResendRequest's BeginSeqNo, a Logon's NextExpectedMsgSeqNum); without, the position only
     * rises (a Heartbeat answering our TestRequest). A position past what we have sent is taken as everything sent.
     */
    synchronized void receivedBefore(final int first, final boolean exact) throws IOException
    {
        final int bounded = Math.min(Math.max(1, first), store.getNextSenderMsgSeqNum());
        if (exact ? bounded != firstUndelivered : bounded > firstUndelivered)
        {
            delivered(bounded);
        }
    }

    /** The first of our sequence numbers the client has not been shown to have received. */
    synchronized int firstUndelivered()
    {
        return firstUndelivered;
    }

    private void delivered(final int first) throws IOException
    {
        firstUndelivered = first;
        final Path written = deliveredFile.resolveSibling(name + ".delivered.new");
        Files.writeString(written, Integer.toString(first), StandardCharsets.US_ASCII, StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
        Files.move(written, deliveredFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        syncDirectory(directory);
    }

    /**
     * Starts a new day: archives the body, then carries the undelivered application messages renumbered from 1. Crash-safe
     * in this order: the archive copied to a temporary name, forced and renamed (never over an earlier archive); the
     * carried messages written to {@code <session>.carry}, forced and renamed into place; only then the store reset, the
     * carried messages stored, the delivered position written and the carry file deleted. A crash before the carry file
     * is in place leaves the old store whole (reset again at start, archived again); after, the next construction
     * finishes the carry from the file.
     */
    @Override
    public synchronized void reset() throws IOException
    {
        final int next = store.getNextSenderMsgSeqNum();
        // a message stored at next whose increment is still to come is carried too, and its increment completes the carry
        final boolean pending = storedNotCounted == next;
        final int last = pending ? next : next - 1;
        final List<String> kept = new ArrayList<>();
        if (firstUndelivered <= last || pending)
        {
            store.get(Math.max(1, Math.min(firstUndelivered, last)), last, kept);
        }
        final List<String> carried = new ArrayList<>();
        for (int i = 0; i < kept.size(); i++)
        {
            final String message = kept.get(i);
            final boolean theLatePending = pending && i == kept.size() - 1;
            if (theLatePending || !administrative(message))
            {
                carried.add(renumbered(message, carried.size() + 1));
            }
        }
        if (next > 1 && Files.exists(body))
        {
            archiveBody();
        }
        writeCarry(carried);
        finishCarry(carried);
        // the pending increment is still to come: it makes the next sequence number the one after the carried pending message
        if (pending)
        {
            store.setNextSenderMsgSeqNum(carried.size());
            storedNotCounted = carried.size();
        }
    }

    /** Resets the store and stores {@code carried} from 1 (again, after a crash), then forgets the carry file. */
    private void finishCarry(final List<String> carried) throws IOException
    {
        store.reset();
        for (int i = 0; i < carried.size(); i++)
        {
            store.set(i + 1, carried.get(i));
        }
        store.setNextSenderMsgSeqNum(carried.size() + 1);
        storedNotCounted = 0;
        delivered(1);
        Files.deleteIfExists(carryFile);
        syncDirectory(directory);
    }

    private void archiveBody() throws IOException
    {
        Files.createDirectories(archive);
        final Path copying = archive.resolve(name + ".body.tmp");
        Files.copy(body, copying, StandardCopyOption.REPLACE_EXISTING);
        force(copying);
        final String stamp = ARCHIVE_TIME.format(store.getCreationTime().toInstant());
        Path archived = archive.resolve(name + "." + stamp + ".body");
        for (int n = 2; Files.exists(archived); n++)
        {
            archived = archive.resolve(name + "." + stamp + "-" + n + ".body");
        }
        Files.move(copying, archived, StandardCopyOption.ATOMIC_MOVE);
        syncDirectory(archive);
    }

    /** The carried messages, each as its length in characters, a line feed, the message and a line feed (UTF-8). */
    private void writeCarry(final List<String> carried) throws IOException
    {
        final StringBuilder text = new StringBuilder();
        for (final String message : carried)
        {
            text.append(message.length()).append('\n').append(message).append('\n');
        }
        final Path written = directory.resolve(name + ".carry.new");
        Files.writeString(written, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE, StandardOpenOption.SYNC);
        Files.move(written, carryFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        syncDirectory(directory);
    }

    private static List<String> readCarry(final Path file) throws IOException
    {
        final String text = Files.readString(file, StandardCharsets.UTF_8);
        final List<String> carried = new ArrayList<>();
        int at = 0;
        while (at < text.length())
        {
            final int lineEnd = text.indexOf('\n', at);
            final int length = lineEnd < 0 ? -1 : Integer.parseInt(text.substring(at, lineEnd));
            if (length < 0 || lineEnd + 1 + length + 1 > text.length() || text.charAt(lineEnd + 1 + length) != '\n')
            {
                throw new IOException("the FIX carry file " + file + " is damaged at character " + at
                    + ": it is written whole before it is renamed into place, so it was changed since");
            }
            carried.add(text.substring(lineEnd + 1, lineEnd + 1 + length));
            at = lineEnd + 1 + length + 1;
        }
        return carried;
    }

    private static void force(final Path file) throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE))
        {
            channel.force(true);
        }
    }

    /** Forces a directory's entries (a rename, a new or deleted file) to disk. */
    private static void syncDirectory(final Path dir) throws IOException
    {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ))
        {
            channel.force(true);
        }
    }

    /** Whether a stored message is a session-level one (heartbeat, logon, ...: never resent, so not carried over). */
    static boolean administrative(final String message)
    {
        final int at = message.indexOf(SOH + "35=");
        final int end = at < 0 ? -1 : message.indexOf(SOH, at + 1);
        return at >= 0 && end == at + 5 && "012345A".indexOf(message.charAt(at + 4)) >= 0;
    }

    /** {@code message} (a stored FIX message) with MsgSeqNum(34) {@code seq}, its BodyLength(9) and CheckSum(10) made again. */
    static String renumbered(final String message, final int seq)
    {
        final int at = message.indexOf(SOH + "34=");
        if (at < 0)
        {
            throw new IllegalArgumentException("a stored FIX message without MsgSeqNum(34): " + message);
        }
        final int end = message.indexOf(SOH, at + 1);
        final String changed = message.substring(0, at + 4) + seq + message.substring(end);
        final int lengthAt = changed.indexOf(SOH + "9=");
        final int bodyStart = changed.indexOf(SOH, lengthAt + 1) + 1;
        final int checksumAt = changed.lastIndexOf(SOH + "10=") + 1;
        final String header = changed.substring(0, lengthAt + 3) + (checksumAt - bodyStart) + changed.substring(bodyStart - 1, checksumAt);
        int sum = 0;
        for (int i = 0; i < header.length(); i++)
        {
            sum += header.charAt(i);
        }
        return header + "10=" + String.format("%03d", sum & 0xFF) + SOH;
    }

    @Override
    public synchronized boolean set(final int sequence, final String message) throws IOException
    {
        storedNotCounted = sequence == store.getNextSenderMsgSeqNum() ? sequence : 0;
        return store.set(sequence, message);
    }

    @Override
    public synchronized void get(final int startSequence, final int endSequence, final Collection<String> messages) throws IOException
    {
        store.get(startSequence, endSequence, messages);
    }

    @Override
    public synchronized int getNextSenderMsgSeqNum() throws IOException
    {
        return store.getNextSenderMsgSeqNum();
    }

    @Override
    public synchronized int getNextTargetMsgSeqNum() throws IOException
    {
        return store.getNextTargetMsgSeqNum();
    }

    @Override
    public synchronized void setNextSenderMsgSeqNum(final int next) throws IOException
    {
        storedNotCounted = 0;
        store.setNextSenderMsgSeqNum(next);
    }

    @Override
    public synchronized void setNextTargetMsgSeqNum(final int next) throws IOException
    {
        store.setNextTargetMsgSeqNum(next);
    }

    @Override
    public synchronized void incrNextSenderMsgSeqNum() throws IOException
    {
        storedNotCounted = 0;
        store.incrNextSenderMsgSeqNum();
    }

    @Override
    public synchronized void incrNextTargetMsgSeqNum() throws IOException
    {
        store.incrNextTargetMsgSeqNum();
    }

    @Override
    public synchronized Date getCreationTime() throws IOException
    {
        return store.getCreationTime();
    }

    @Override
    public synchronized void refresh() throws IOException
    {
        store.refresh();
    }
}
