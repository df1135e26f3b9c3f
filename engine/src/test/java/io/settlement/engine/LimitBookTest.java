package io.settlement.engine;

import io.settlement.protocol.wire.LimitKind;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** The limit book's accounts as {@link LimitBook#find} sees them: across key pages, owners and kinds, freed and re-created. */
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
}
