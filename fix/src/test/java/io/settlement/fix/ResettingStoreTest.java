package io.settlement.fix;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import quickfix.MemoryStore;
import quickfix.Message;
import quickfix.field.MsgSeqNum;
import quickfix.field.Text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * What a session's store carries across the daily reset: the application messages from the first one the client has
 * not been shown to have received, renumbered from 1 with a valid body length and checksum; the position kept on disk.
 */
class ResettingStoreTest
{
    private static String message(final String msgType, final int seq, final String text)
    {
        final Message message = new Message();
        message.getHeader().setString(8, "FIX.4.4");
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

    @Test
    void shouldCarryTheUndeliveredApplicationMessagesRenumberedFromOne(@TempDir final Path dir) throws Exception
    {
        final ResettingStore store = new ResettingStore(new MemoryStore(), dir, "S");
        for (int seq = 1; seq <= 12; seq++)
        {
            store.set(seq, seq == 11 ? message("0", seq, null) : message("AE", seq, "notice " + seq));
            store.incrNextSenderMsgSeqNum();
        }
        store.receivedBefore(13, false); // a Heartbeat answering our TestRequest 13: the client had everything
        store.receivedBefore(9, true);   // ... but a later ResendRequest from 9 shows it lacked 9 on
        store.receivedBefore(8, false);  // a lower Heartbeat answer changes nothing

        assertEquals(9, new ResettingStore(new MemoryStore(), dir, "S").firstUndelivered(), "kept across a restart");
        store.reset();

        final List<String> carried = new ArrayList<>();
        store.get(1, 10, carried);
        assertEquals(3, carried.size(), "9, 10, 12 (11 is a heartbeat): " + carried);
        assertEquals(4, store.getNextSenderMsgSeqNum());
        final String[] texts = {"notice 9", "notice 10", "notice 12"};
        for (int i = 0; i < carried.size(); i++)
        {
            final Message parsed = new Message(carried.get(i), true); // checks BodyLength(9) and CheckSum(10)
            assertEquals(i + 1, parsed.getHeader().getInt(MsgSeqNum.FIELD));
            assertEquals(texts[i], parsed.getString(Text.FIELD));
        }
        assertEquals(1, store.firstUndelivered(), "the new day: nothing delivered yet");
        assertEquals("1", Files.readString(dir.resolve("S.delivered")));

        store.receivedBefore(4, false);
        store.reset();
        assertEquals(1, store.getNextSenderMsgSeqNum(), "all delivered: nothing carried");
    }

    @Test
    void shouldCarryAMessageStoredButNotYetCountedWhenTheResetComesBetween(@TempDir final Path dir) throws Exception
    {
        final ResettingStore store = new ResettingStore(new MemoryStore(), dir, "S");
        for (int seq = 1; seq <= 2; seq++)
        {
            store.set(seq, message("AE", seq, "notice " + seq));
            store.incrNextSenderMsgSeqNum();
        }
        store.set(3, message("AE", 3, "notice 3")); // QuickFIX/J stores the message, then increments, in two calls:
        store.reset();                               // the reset on the timer thread comes between them
        store.incrNextSenderMsgSeqNum();

        assertEquals(4, store.getNextSenderMsgSeqNum(), "three carried, no hole");
        final List<String> carried = new ArrayList<>();
        store.get(1, 3, carried);
        assertEquals(3, carried.size(), carried::toString);
        for (int i = 0; i < carried.size(); i++)
        {
            final Message parsed = new Message(carried.get(i), true);
            assertEquals(i + 1, parsed.getHeader().getInt(MsgSeqNum.FIELD));
            assertEquals("notice " + (i + 1), parsed.getString(Text.FIELD));
        }

        store.set(4, message("0", 4, null)); // a heartbeat pending at the reset: carried too, so that its increment leaves no hole
        store.receivedBefore(4, false);
        store.reset();
        store.incrNextSenderMsgSeqNum();
        assertEquals(2, store.getNextSenderMsgSeqNum());
        store.set(2, message("AE", 2, "next"));
        store.incrNextSenderMsgSeqNum();
        final List<String> after = new ArrayList<>();
        store.get(1, 2, after);
        assertEquals(2, after.size(), after::toString);
    }

    @Test
    void shouldRefuseAStoredMessageWithoutSequenceNumber()
    {
        assertThrows(IllegalArgumentException.class, () -> ResettingStore.renumbered("8=FIX.4.4\u00019=5\u000135=0\u000110=000\u0001", 1));
    }
}
