package io.settlement.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Slot lists by date against a model (a sorted map of lists) over random runs of add, remove, removeFirst and removeIf
 * on few dates, so that lists are dropped, pooled and reused for the same or another date right after an add: the
 * list an add remembers must never outlive its drop.
 */
class DatedSlotsModelTest
{
    @Test
    void shouldMatchAModelOverRandomAddsAndDrops()
    {
        for (long seed = 1; seed <= 200; seed++)
        {
            final Random rnd = new Random(seed);
            final DatedSlots slots = new DatedSlots();
            final TreeMap<Integer, List<Integer>> model = new TreeMap<>();
            int next = 0;
            for (int step = 0; step < 2_000; step++)
            {
                final int op = rnd.nextInt(10);
                if (op < 6 || model.isEmpty())
                {
                    final int date = 20260101 + rnd.nextInt(4);
                    slots.add(date, next);
                    model.computeIfAbsent(date, d -> new ArrayList<>()).add(next);
                    next++;
                }
                else if (op == 6)
                {
                    final int i = rnd.nextInt(model.size());
                    slots.remove(i);
                    model.remove(new ArrayList<>(model.keySet()).get(i));
                }
                else if (op == 7)
                {
                    slots.removeFirst();
                    model.pollFirstEntry();
                }
                else
                {
                    final int date = 20260101 + rnd.nextInt(4);
                    final int mod = 1 + rnd.nextInt(3);
                    slots.removeIf(date, s -> s % mod == 0);
                    final List<Integer> l = model.get(date);
                    if (l != null)
                    {
                        l.removeIf(s -> s % mod == 0);
                        if (l.isEmpty())
                        {
                            model.remove(date);
                        }
                    }
                }
                assertEquals(model.size(), slots.dateCount(), "seed " + seed + " step " + step);
                int i = 0;
                for (final Map.Entry<Integer, List<Integer>> e : model.entrySet())
                {
                    assertEquals((int)e.getKey(), slots.date(i), "seed " + seed + " step " + step);
                    final SlotList l = slots.slots(i);
                    assertEquals(e.getValue().size(), l.size(), "seed " + seed + " step " + step);
                    for (int j = 0; j < l.size(); j++)
                    {
                        assertEquals((int)e.getValue().get(j), l.get(j));
                    }
                    i++;
                }
            }
        }
    }
}
