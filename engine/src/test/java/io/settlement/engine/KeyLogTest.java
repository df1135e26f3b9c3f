package io.settlement.engine;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The append log of increasing keys: lookups across pages, removal, pages freed behind the live keys, a straggler. */
class KeyLogTest
{
    private static final int PAGE = KeyLog.PAGE_SIZE;

    @Test
    void shouldFindAppendedKeysWithGapsAcrossPages()
    {
        final KeyLog log = new KeyLog();
        for (int i = 0; i < 3 * PAGE + 5; i++)
        {
            log.append(-1000 + 7L * i, i);
        }
        for (int i = 0; i < 3 * PAGE + 5; i++)
        {
            assertEquals(i, log.get(-1000 + 7L * i));
            assertEquals(KeyLog.NONE, log.get(-1000 + 7L * i + 1));
        }
        assertEquals(KeyLog.NONE, log.get(-1001));
        assertEquals(KeyLog.NONE, log.get(Long.MAX_VALUE));
        assertFalse(log.appendable(-1000 + 7L * (3 * PAGE + 4)));
        assertTrue(log.appendable(-1000 + 7L * (3 * PAGE + 4) + 1));
        assertThrows(IllegalArgumentException.class, () -> log.append(0, 1));
    }

    @Test
    void shouldForgetRemovedKeysAndFreePagesBehindTheLiveOnes()
    {
        final KeyLog log = new KeyLog();
        final long straggler = PAGE + 3;
        long next = 1;
        for (int round = 0; round < 40; round++)
        {
            final long first = next;
            for (int i = 0; i < PAGE; i++)
            {
                log.append(next, (int)next);
                next++;
            }
            for (long key = first; key < next; key++)
            {
                if (key != straggler)
                {
                    assertTrue(log.remove(key));
                }
            }
        }
        final int directory = log.directoryCapacity();
        for (int round = 0; round < 200; round++)
        {
            final long first = next;
            for (int i = 0; i < PAGE; i++)
            {
                log.append(next, (int)next);
                next++;
            }
            for (long key = first; key < next; key++)
            {
                assertTrue(log.remove(key));
            }
        }
        // pages freed behind the straggler are dropped from the directory, which does not grow with them
        assertEquals(directory, log.directoryCapacity());
        assertFalse(log.remove(5));
        assertEquals(KeyLog.NONE, log.get(5));
        assertEquals((int)straggler, log.get(straggler));
        // the straggler's page and the page appended to: nothing else is held
        assertTrue(log.pagesHeld() <= 3, "pages held: " + log.pagesHeld());
        assertTrue(log.remove(straggler));
        assertEquals(KeyLog.NONE, log.get(straggler));
        log.append(next, 9);
        assertEquals(9, log.get(next));
        assertTrue(log.pagesHeld() <= 2, "pages held: " + log.pagesHeld());
    }
}
