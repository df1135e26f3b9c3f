package io.settlement.engine;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The ledger's moves: a transfer from a balance read just before it does what a transfer does, a zero balance held by no entry. */
class LedgerTest
{
    @Test
    void shouldTransferFromABalanceReadBeforeAsATransferDoes()
    {
        final Ledger looked = funded();
        final Ledger known = funded();
        looked.transfer(1, 2, 7, 40);
        known.transfer(1, known.balance(1, 7), 2, 7, 40);
        looked.transfer(2, 3, 7, 140); // the whole balance: the sender's entry goes
        known.transfer(2, known.balance(2, 7), 3, 7, 140);
        looked.transfer(3, 4, 8, 5); // to a participant without a balance of it
        known.transfer(3, known.balance(3, 8), 4, 8, 5);
        for (final Ledger ledger : new Ledger[] {looked, known})
        {
            assertEquals(60, ledger.balance(1, 7));
            assertEquals(0, ledger.balance(2, 7));
            assertEquals(140, ledger.balance(3, 7));
            assertEquals(45, ledger.balance(3, 8));
            assertEquals(5, ledger.balance(4, 8));
            assertEquals(4, ledger.balanceCount(), "no entry for a zero balance");
            assertEquals(200, ledger.supply(7));
        }
        assertEquals(looked.stateHash(9), known.stateHash(9));
    }

    private static Ledger funded()
    {
        final Ledger ledger = new Ledger();
        ledger.deposit(1, 7, 100);
        ledger.deposit(2, 7, 100);
        ledger.deposit(3, 8, 50);
        return ledger;
    }
}
