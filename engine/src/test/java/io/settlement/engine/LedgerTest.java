package io.settlement.engine;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The ledger's balances as its direct table holds them: across participants and instrument pages, a zero balance being none. */
class LedgerTest
{
    private static final int PAGE = Ledger.PAGE_SIZE;

    @Test
    void shouldKeepEachBalanceUnderItsOwnParticipantAndInstrumentAndForgetZeros()
    {
        final Ledger ledger = new Ledger();
        ledger.deposit(0, 0, 5);
        ledger.deposit(40, PAGE - 1, 7);
        ledger.deposit(40, PAGE, 11);
        ledger.deposit(3, 5 * PAGE + 2, 13);
        assertEquals(5, ledger.balance(0, 0));
        assertEquals(7, ledger.balance(40, PAGE - 1));
        assertEquals(11, ledger.balance(40, PAGE));
        assertEquals(13, ledger.balance(3, 5 * PAGE + 2));
        assertEquals(0, ledger.balance(40, 0));
        assertEquals(0, ledger.balance(41, PAGE));
        assertEquals(0, ledger.balance(3, 50 * PAGE));
        assertEquals(0, ledger.balance(1_000, 0));
        assertEquals(0, ledger.balance(ReferenceData.NONE, 0));
        assertEquals(0, ledger.balance(0, ReferenceData.NONE));
        assertEquals(4, ledger.balanceCount());

        ledger.transfer(40, 0, PAGE - 1, 7);
        assertEquals(0, ledger.balance(40, PAGE - 1));
        assertEquals(7, ledger.balance(0, PAGE - 1));
        assertEquals(4, ledger.balanceCount(), "one balance emptied, one started");
        ledger.adjust(3, 5 * PAGE + 2, -13);
        ledger.adjust(0, 5 * PAGE + 2, 13);
        ledger.adjust(0, 0, 0);
        ledger.withdraw(0, 0, 5);
        assertEquals(3, ledger.balanceCount());
        assertEquals(11 + 7 + 13, ledger.supply(PAGE) + ledger.supply(PAGE - 1) + ledger.supply(5 * PAGE + 2));

        final List<String> visited = new ArrayList<>();
        ledger.forEachBalance((participant, instrument, balance) -> visited.add(participant + "/" + instrument + "=" + balance));
        assertEquals(List.of("0/" + (PAGE - 1) + "=7", "0/" + (5 * PAGE + 2) + "=13", "40/" + PAGE + "=11"), visited);
    }

    /** The state hash is the sum over non-zero balances of a hash of (packed key, balance), whatever the order they came in. */
    @Test
    void shouldHashTheNonZeroBalancesAsASumOverThem()
    {
        final Ledger ledger = new Ledger();
        ledger.deposit(9, 2, 100);
        ledger.deposit(1, 17, 30);
        ledger.deposit(1, 3, 1);
        ledger.withdraw(1, 3, 1);
        final long sum = Hashing.combine(Hashing.mix((9L << 32) | 2), 100) + Hashing.combine(Hashing.mix((1L << 32) | 17), 30);
        long expected = Hashing.combine(0x1ED6E7L, sum);
        for (int i = 0; i < 18; i++)
        {
            expected = Hashing.combine(expected, i == 2 ? 100 : i == 17 ? 30 : 0);
        }
        assertEquals(expected, ledger.stateHash(18));

        final Ledger restored = new Ledger();
        restored.restoreBalance(1, 17, 30);
        restored.restoreBalance(9, 2, 100);
        restored.restoreSupply(2, 100);
        restored.restoreSupply(17, 30);
        assertEquals(expected, restored.stateHash(18));
        assertEquals(2, restored.balanceCount());
    }
}
