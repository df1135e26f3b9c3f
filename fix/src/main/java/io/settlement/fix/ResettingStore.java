package io.settlement.fix;

import java.io.IOException;
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
 * keeps it. Every method is synchronized: the reset's copy is atomic against messages being stored.
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
        firstUndelivered = Files.exists(deliveredFile)
            ? Integer.parseInt(Files.readString(deliveredFile, StandardCharsets.US_ASCII).trim()) : 1;
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
    }

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
        if (next > 1 && Files.exists(body))
        {
            Files.createDirectories(archive);
            Files.copy(body, archive.resolve(name + "." + ARCHIVE_TIME.format(store.getCreationTime().toInstant()) + ".body"),
                StandardCopyOption.REPLACE_EXISTING);
        }
        store.reset();
        int seq = 1;
        for (int i = 0; i < kept.size(); i++)
        {
            final String message = kept.get(i);
            final boolean theLatePending = pending && i == kept.size() - 1;
            if (theLatePending || !administrative(message))
            {
                store.set(seq, renumbered(message, seq));
                seq++;
            }
        }
        // the pending increment is still to come: it makes the next sequence number the one after the carried pending message
        store.setNextSenderMsgSeqNum(pending ? seq - 1 : seq);
        storedNotCounted = pending ? seq - 1 : 0;
        delivered(1);
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
