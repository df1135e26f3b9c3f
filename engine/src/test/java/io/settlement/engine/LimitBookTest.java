package io.settlement.engine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

import io.settlement.protocol.wire.LimitKind;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The limit book's accounts as {@link LimitBook#find} sees them: across key pages, owners and kinds, freed and
 * re-created; and the COUNTERPARTY pairs, one utilisation shared by the two directions, each side's own limit.
 */
class LimitBookTest
{
    private static final int PAGE = LimitBook.KEY_PAGE_SIZE;

    @Test
    void shouldFindEachAccountUnderItsOwnKindOwnerAndKey()
    {
        final LimitBook book = new LimitBook();
        final int[] keys = {0, PAGE - 1, PAGE, 3 * PAGE + 5, 100_000};
        final int[] owners = {0, 1, 17, 4_000};
        for (final int owner : owners)
        {
            for (final int key : keys)
            {
                book.setLimit(LimitKind.COUNTERPARTY, owner, key, key + 1000, owner * 7L + key);
            }
        }
        book.setLimit(LimitKind.CREDIT, 1, PAGE, 840, 5);
        for (final int owner : owners)
        {
            for (final int key : keys)
            {
                final int account = book.find(LimitKind.COUNTERPARTY, owner, key);
                assertNotEquals(LimitBook.NONE, account, "owner " + owner + " key " + key);
                assertEquals(owner * 7L + key, book.limit(account));
                assertEquals(key + 1000, book.externalKey(account));
                assertEquals(book.accountOf(LimitBook.key(LimitKind.COUNTERPARTY, owner, key)), account);
            }
        }
        assertEquals(5, book.limit(book.find(LimitKind.CREDIT, 1, PAGE)));
        assertEquals(LimitBook.NONE, book.find(LimitKind.CREDIT, 1, PAGE - 1));
        assertEquals(LimitBook.NONE, book.find(LimitKind.DELIVERY, 1, PAGE));
        assertEquals(LimitBook.NONE, book.find(LimitKind.COUNTERPARTY, 2, 0));
        assertEquals(LimitBook.NONE, book.find(LimitKind.COUNTERPARTY, 1, 1));
        assertEquals(LimitBook.NONE, book.find(LimitKind.COUNTERPARTY, 1, 200_000));
        assertEquals(LimitBook.NONE, book.find(LimitKind.COUNTERPARTY, 5_000, 0));
        assertEquals(owners.length * keys.length + 1, book.accountCount());
    }

    @Test
    void shouldForgetAnAccountWithNoLimitOnceReleasedAndCreateItAgain()
    {
        final LimitBook book = new LimitBook();
        final int used = book.use(LimitBook.NONE, LimitKind.DELIVERY, 3, PAGE + 1, 101, 40);
        assertEquals(used, book.find(LimitKind.DELIVERY, 3, PAGE + 1));
        assertEquals(40, book.utilised(used));
        book.release(used, 40);
        assertEquals(LimitBook.NONE, book.find(LimitKind.DELIVERY, 3, PAGE + 1));
        assertEquals(0, book.accountCount());

        final int again = book.use(LimitBook.NONE, LimitKind.DELIVERY, 3, PAGE + 1, 101, 7);
        assertEquals(again, book.find(LimitKind.DELIVERY, 3, PAGE + 1));
        assertEquals(7, book.utilised(again));
        final int other = book.use(LimitBook.NONE, LimitKind.DELIVERY, 3, PAGE + 2, 102, 9);
        assertNotEquals(again, other);
        assertEquals(other, book.find(LimitKind.DELIVERY, 3, PAGE + 2));
        assertEquals(2, book.accountCount());
    }

    @Test
    void shouldShareOneUtilisationBetweenBothDirectionsAndCheckEachSidesOwnLimit()
    {
        final LimitBook book = new LimitBook();
        final int low = 3;
        final int high = PAGE + 9;
        book.setLimit(LimitKind.COUNTERPARTY, high, low, 503, 100);
        final int pair = book.findPair(low, high);
        assertNotEquals(LimitBook.NONE, pair);
        assertEquals(pair, book.findPair(high, low));
        assertEquals(LimitBook.NONE, book.find(LimitKind.COUNTERPARTY, low, high), "no account the other way yet");

        // the lower side has no limit, the higher side's 100 binds whichever side buys
        assertEquals(LimitBook.FITS, book.pairFits(pair, low, high, 1_000));
        assertEquals(LimitBook.EXCEEDED, book.pairFits(pair, high, low, 101));
        assertEquals(pair, book.usePair(pair, low, high, 503, 510, 60));
        assertEquals(LimitBook.EXCEEDED, book.pairFits(pair, high, low, 41));
        assertEquals(LimitBook.FITS, book.pairFits(pair, high, low, 40));
        assertEquals(LimitBook.OVERFLOWS, book.pairFits(pair, low, high, Long.MAX_VALUE));

        // both directions exist and show the same utilisation while something is used
        final int lowAccount = book.find(LimitKind.COUNTERPARTY, low, high);
        final int highAccount = book.find(LimitKind.COUNTERPARTY, high, low);
        assertEquals(60, book.utilised(lowAccount));
        assertEquals(60, book.utilised(highAccount));
        assertEquals(510, book.externalKey(lowAccount));
        assertEquals(LimitBook.NO_LIMIT, book.limit(lowAccount));
        assertEquals(2, book.accountCount());
        assertEquals(pair, book.usePair(pair, high, low, 510, 503, 15));
        assertEquals(75, book.utilised(lowAccount));

        // released to nothing: the side with no limit goes, the side with one and the pair stay
        book.releasePair(pair, low, 60);
        book.releasePair(pair, high, 15);
        assertEquals(LimitBook.NONE, book.find(LimitKind.COUNTERPARTY, low, high));
        assertEquals(highAccount, book.find(LimitKind.COUNTERPARTY, high, low));
        assertEquals(0, book.utilised(highAccount));
        assertEquals(pair, book.findPair(low, high));
        assertEquals(1, book.accountCount());
        assertThrows(IllegalStateException.class, () -> book.releasePair(pair, low, 1));
        assertNull(book.pairInconsistency());
    }

    @Test
    void shouldForgetAPairWithNoLimitOnceReleasedAndCreateItAgain()
    {
        final LimitBook book = new LimitBook();
        final int pair = book.usePair(LimitBook.NONE, 7, 2, 507, 502, 30);
        assertEquals(pair, book.findPair(2, 7));
        assertEquals(30, book.pairUtilised(7, 2));
        book.releasePair(pair, 7, 30);
        assertEquals(LimitBook.NONE, book.findPair(2, 7));
        assertEquals(0, book.accountCount());
        assertEquals(LimitBook.NONE, book.usePair(LimitBook.NONE, 7, 2, 507, 502, 0), "nothing used, no pair");

        final int again = book.usePair(LimitBook.NONE, 2, 7, 502, 507, 5);
        assertEquals(again, book.findPair(7, 2));
        final int other = book.usePair(LimitBook.NONE, 2, 8, 502, 508, 6);
        assertNotEquals(again, other);
        assertEquals(5, book.utilised(book.find(LimitKind.COUNTERPARTY, 7, 2)));
        assertEquals(6, book.utilised(book.find(LimitKind.COUNTERPARTY, 8, 2)));
        assertEquals(4, book.accountCount());
    }

    /** A snapshot written before the pairs (one utilisation per direction) reads into pairs; directions that disagree are refused. */
    @Test
    void shouldReadEachDirectionsUtilisationIntoThePairAndRefuseDirectionsThatDisagree() throws IOException
    {
        final LimitBook book = new LimitBook();
        book.setLimit(LimitKind.COUNTERPARTY, 1, 4, 504, 90);
        book.usePair(book.findPair(1, 4), 4, 1, 501, 504, 25);
        final LimitBook copy = new LimitBook();
        SnapshotSections.readLimits(new DataInputStream(new ByteArrayInputStream(written(book))), copy, 8, 8);
        assertEquals(25, copy.pairUtilised(4, 1));
        assertEquals(90, copy.limit(copy.find(LimitKind.COUNTERPARTY, 1, 4)));
        assertEquals(LimitBook.EXCEEDED, copy.pairFits(copy.findPair(1, 4), 1, 4, 66));
        assertEquals(book.stateHash(), copy.stateHash());

        final byte[] disagreeing = accounts(
            new long[] {LimitBook.key(LimitKind.COUNTERPARTY, 1, 4), 504, 90, 25},
            new long[] {LimitBook.key(LimitKind.COUNTERPARTY, 4, 1), 501, LimitBook.NO_LIMIT, 24});
        final IOException e = assertThrows(IOException.class, () -> SnapshotSections.readLimits(
            new DataInputStream(new ByteArrayInputStream(disagreeing)), new LimitBook(), 8, 8));
        assertTrue(e.getMessage().contains("counterparty account utilised unlike the account the other way"), e.getMessage());

        final byte[] oneWay = accounts(new long[] {LimitBook.key(LimitKind.COUNTERPARTY, 1, 4), 504, 90, 25});
        final IOException missing = assertThrows(IOException.class, () -> SnapshotSections.readLimits(
            new DataInputStream(new ByteArrayInputStream(oneWay)), new LimitBook(), 8, 8));
        assertTrue(missing.getMessage().contains("no account the other way"), missing.getMessage());
    }

    private static byte[] written(final LimitBook book) throws IOException
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SnapshotSections.writeLimits(new DataOutputStream(bytes), book);
        return bytes.toByteArray();
    }

    private static byte[] accounts(final long[]... accounts) throws IOException
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(accounts.length);
        for (final long[] account : accounts)
        {
            for (final long field : account)
            {
                out.writeLong(field);
            }
        }
        return bytes.toByteArray();
    }
}
