package io.settlement.fix;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import quickfix.FileStore;
import quickfix.FileUtil;
import quickfix.Message;
import quickfix.MessageStore;
import quickfix.SessionID;
import quickfix.SessionSettings;
import quickfix.field.MsgSeqNum;
import quickfix.field.Text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The daily reset over QuickFIX/J's FileStore, crashed at each point where the disk is between two states: the node
 * started again over the directory as the crash left it carries every message the client had not received.
 */
class ResettingStoreCrashTest
{
    private static final SessionID SESSION = new SessionID(FixConfig.BEGIN_STRING, "SETTLEMENT", "BANKB");

    private static String message(final String msgType, final int seq, final String text)
    {
        final Message message = new Message();
        message.getHeader().setString(8, FixConfig.BEGIN_STRING);
        message.getHeader().setString(35, msgType);
        message.getHeader().setString(49, "SETTLEMENT");
        message.getHeader().setString(56, "BANKB");
        message.getHeader().setInt(MsgSeqNum.FIELD, seq);
        if (text != null)
        {
            message.setString(Text.FIELD, text);
        }
        return message.toString();
    }

    /** A node's store of the session, as the channel makes it at start. */
    private static MessageStore open(final Path dir) throws Exception
    {
        final SessionSettings settings = new SessionSettings();
        settings.setString("FileStorePath", dir.toString());
        return new ResettingStore.Factory(settings, dir).create(SESSION);
    }

    private static FileStore fileStore(final Path dir) throws Exception
    {
        final SessionSettings settings = new SessionSettings();
        settings.setString("FileStorePath", dir.toString());
        return (FileStore) new quickfix.FileStoreFactory(settings).create(SESSION);
    }

    private static List<String> texts(final MessageStore store, final int count) throws Exception
    {
        final List<String> messages = new ArrayList<>();
        store.get(1, count + 5, messages);
        final List<String> texts = new ArrayList<>();
        for (final String text : messages)
        {
            final Message parsed = new Message(text, true);
            texts.add(parsed.getHeader().getInt(MsgSeqNum.FIELD) + ":" + parsed.getString(Text.FIELD));
        }
        return texts;
    }

    @ParameterizedTest
    @ValueSource(strings = {"reset", "set", "setNextSenderMsgSeqNum"})
    void shouldCarryEveryUndeliveredMessageWhenTheNodeCrashesInTheMiddleOfTheReset(final String crashAt, @TempDir final Path dir) throws Exception
    {
        final CrashingStore crashing = new CrashingStore(fileStore(dir));
        final ResettingStore store = new ResettingStore(crashing, dir, FileUtil.sessionIdFileName(SESSION));
        for (int seq = 1; seq <= 3; seq++)
        {
            store.set(seq, message("AE", seq, "notice " + seq));
            store.incrNextSenderMsgSeqNum();
        }
        crashing.crashAt = crashAt;
        assertThrows(IOException.class, store::reset);
        crashing.files.close(); // the process is gone

        final MessageStore restarted = open(dir);
        assertEquals(List.of("1:notice 1", "2:notice 2", "3:notice 3"), texts(restarted, 3));
        assertEquals(4, restarted.getNextSenderMsgSeqNum());
        assertEquals("1", Files.readString(dir.resolve(FileUtil.sessionIdFileName(SESSION) + ".delivered")));
        assertFalse(Files.exists(dir.resolve(FileUtil.sessionIdFileName(SESSION) + ".carry")), "the carry is finished");
        try (Stream<Path> archived = Files.list(dir.resolve("archive")))
        {
            assertEquals(1, archived.count(), "the day before archived once");
        }
    }

    @Test
    void shouldKeepEveryArchiveOfTheSameSecond(@TempDir final Path dir) throws Exception
    {
        final ResettingStore store = (ResettingStore) open(dir);
        for (int day = 1; day <= 3; day++)
        {
            store.set(1, message("AE", 1, "day " + day));
            store.incrNextSenderMsgSeqNum();
            store.receivedBefore(2, false); // delivered: nothing carried
            store.reset(); // three resets within a second or two: each store has its own archive
        }
        try (Stream<Path> archived = Files.list(dir.resolve("archive")))
        {
            final List<String> bodies = new ArrayList<>();
            for (final Path file : archived.sorted().toList())
            {
                bodies.add(Files.readString(file));
            }
            assertEquals(3, bodies.size(), bodies::toString);
            for (int day = 1; day <= 3; day++)
            {
                final String text = "58=day " + day;
                assertEquals(1, bodies.stream().filter(body -> body.contains(text)).count(), text + " archived: " + bodies);
            }
        }
    }

    /** A FileStore whose process dies (an IOException, nothing more written) at the first call of one method. */
    private static final class CrashingStore implements MessageStore
    {
        final FileStore files;
        String crashAt = "";

        CrashingStore(final FileStore files)
        {
            this.files = files;
        }

        private void maybeCrash(final String method) throws IOException
        {
            if (crashAt.equals(method))
            {
                throw new IOException("the node crashed before " + method);
            }
        }

        @Override
        public boolean set(final int sequence, final String message) throws IOException
        {
            maybeCrash("set");
            return files.set(sequence, message);
        }

        @Override
        public void get(final int startSequence, final int endSequence, final Collection<String> messages) throws IOException
        {
            files.get(startSequence, endSequence, messages);
        }

        @Override
        public int getNextSenderMsgSeqNum() throws IOException
        {
            return files.getNextSenderMsgSeqNum();
        }

        @Override
        public int getNextTargetMsgSeqNum() throws IOException
        {
            return files.getNextTargetMsgSeqNum();
        }

        @Override
        public void setNextSenderMsgSeqNum(final int next) throws IOException
        {
            maybeCrash("setNextSenderMsgSeqNum");
            files.setNextSenderMsgSeqNum(next);
        }

        @Override
        public void setNextTargetMsgSeqNum(final int next) throws IOException
        {
            files.setNextTargetMsgSeqNum(next);
        }

        @Override
        public void incrNextSenderMsgSeqNum() throws IOException
        {
            files.incrNextSenderMsgSeqNum();
        }

        @Override
        public void incrNextTargetMsgSeqNum() throws IOException
        {
            files.incrNextTargetMsgSeqNum();
        }

        @Override
        public Date getCreationTime() throws IOException
        {
            return files.getCreationTime();
        }

        @Override
        public void reset() throws IOException
        {
            maybeCrash("reset");
            files.reset();
        }

        @Override
        public void refresh() throws IOException
        {
            files.refresh();
        }
    }
}
