package io.settlement.reports;

import java.time.LocalDateTime;
import java.util.List;

import io.settlement.reports.ReferenceData.Instrument;
import io.settlement.reports.ReferenceData.Party;

/**
 * A participant's end-of-day statement for one business date: per instrument the opening balance
 * (the close of the previous business day), the day's credits and debits, and the closing balance.
 * The movements themselves are not held here (a busy participant has millions a day):
 * {@link StatementQuery#forEachLine} streams them, {@link StatementQuery#lines} lists one account's.
 * Amounts are in minor units; {@link Instrument#decimal(long)} makes them decimals.
 *
 * @param lastMovementId the last movement the statement covers: its totals and its lines stop there,
 *                       so a day still being written reads the same in both
 */
public record Statement(Party participant, int businessDate, long lastMovementId, List<Account> accounts)
{
    /** One instrument's part of the statement. */
    public record Account(Instrument instrument, long openingMinor, long creditsMinor, long debitsMinor, long movements)
    {
        /** Opening plus credits less debits. */
        public long closingMinor()
        {
            return openingMinor + creditsMinor - debitsMinor;
        }
    }

    /**
     * One movement: which instrument, when, why (DEPOSIT, WITHDRAWAL, DELIVERY, RECEIPT, PAYMENT,
     * COLLECTION), the deal and counterparty when a deal caused it, the signed amount (+ credited)
     * and the balance after; the deal's terms when asked for ({@link StatementQuery#forEachLine(Statement, List, boolean, StatementQuery.LineHandler)}).
     */
    public record Line(int instrumentId, long movementId, long sequence, LocalDateTime occurredAt, String cause, Long dealId,
        Party counterparty, long amountMinor, long balanceAfterMinor, DealTerms deal)
    {
    }

    /** The terms of the deal behind a movement, when the lines were read with them (a payment's purpose). */
    public record DealTerms(int securityId, long quantity, int settlementDate, String dealType)
    {
    }

    /** Whether the participant held nothing and moved nothing: no account at all. */
    public boolean isEmpty()
    {
        return accounts.isEmpty();
    }
}
