package io.settlement.engine;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** One submitter's clientDealId index: keys in order, out of order, negative, removed, reused. */
class ClientDealIndexTest
{
    @Test
    void shouldFindEveryKeyPutWhateverItsOrder()
    {
        final ClientDealIndex index = new ClientDealIndex();
        final long[] keys = {10, 11, 500, 12, -7, Long.MIN_VALUE, Long.MAX_VALUE, 499, 13};
        for (int i = 0; i < keys.length; i++)
        {
            index.put(keys[i], i);
        }
        for (int i = 0; i < keys.length; i++)
        {
            assertEquals(i, index.get(keys[i]), "key " + keys[i]);
        }
        assertEquals(ClientDealIndex.NONE, index.get(14));
        assertEquals(ClientDealIndex.NONE, index.get(-6));
        assertEquals(ClientDealIndex.NONE, index.get(Long.MAX_VALUE - 1));
    }

    @Test
    void shouldForgetARemovedKeyAndFindItAgainOncePutBack()
    {
        final ClientDealIndex index = new ClientDealIndex();
        for (long key = 1; key <= 1000; key++)
        {
            index.put(key, (int)key);
        }
        index.remove(1000);
        index.remove(3);
        assertEquals(ClientDealIndex.NONE, index.get(1000));
        assertEquals(ClientDealIndex.NONE, index.get(3));
        assertEquals(999, index.get(999));
        index.put(1000, 77);
        index.put(3, 33);
        assertEquals(77, index.get(1000));
        assertEquals(33, index.get(3));
        assertEquals(ClientDealIndex.NONE, index.get(1001));
    }

    @Test
    void shouldFindAKeyPutAgainOutOfOrderAfterItWasRemovedInOrder()
    {
        final ClientDealIndex index = new ClientDealIndex();
        for (long key = 1; key <= 2000; key += 2)
        {
            index.put(key, (int)key);
        }
        index.remove(901);
        index.put(901, 5);
        index.put(902, 6);
        assertEquals(5, index.get(901));
        assertEquals(6, index.get(902));
        assertEquals(899, index.get(899));
        index.remove(901);
        index.remove(902);
        assertEquals(ClientDealIndex.NONE, index.get(901));
        assertEquals(ClientDealIndex.NONE, index.get(902));
        assertEquals(903, index.get(903));
    }

    @Test
    void shouldAnswerNothingWhenEmpty()
    {
        final ClientDealIndex index = new ClientDealIndex();
        assertEquals(ClientDealIndex.NONE, index.get(0));
        assertEquals(ClientDealIndex.NONE, index.get(Long.MIN_VALUE));
        assertEquals(ClientDealIndex.NONE, index.get(Long.MAX_VALUE));
    }
}
