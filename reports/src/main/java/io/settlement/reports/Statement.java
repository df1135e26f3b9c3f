package io.settlement.reports;

import java.time.LocalDateTime;
import java.util.List;

import io.settlement.reports.ReferenceData.Instrument;
import io.settlement.reports.ReferenceData.Party;

/**
 * A participant's end-of-day statement for one business date: per instrument the opening balance
 * (the close of the previous business day, 0 if none), each movement of the day with its running
 * balance, and the closing balance. Amounts are in minor units; {@link Instrument#decimal(long)}
 * makes them decimals.
 */
public record Statement(Party participant, int businessDate, List<Account> accounts)
{
    /** One instrument's part of the statement. */
    public record Account(Instrument instrument, long openingMinor, List<Line> lines, long closingMinor)
    {
        /** The sum of the day's credits (positive movements). */
        public long creditsMinor()
        {
            return lines.stream().mapToLong(Line::amountMinor).filter(a -> a > 0).sum();
        }

        /** The sum of the day's debits, as a positive number. */
        public long debitsMinor()
        {
            return -lines.stream().mapToLong(Line::amountMinor).filter(a -> a < 0).sum();
        }
    }

    /**
     * One movement: when, why (DEPOSIT, WITHDRAWAL, DELIVERY, RECEIPT, PAYMENT, COLLECTION), the deal
     * and counterparty when a deal caused it, the signed amount (+ credited) and the balance after.
     */
    public record Line(long movementId, long sequence, LocalDateTime occurredAt, String cause, Long dealId,
        Party counterparty, long amountMinor, long balanceAfterMinor)
    {
    }
}
