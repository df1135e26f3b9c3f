package io.settlement.reports;

import java.time.LocalDateTime;
import java.util.List;

import io.settlement.reports.ReferenceData.Instrument;
import io.settlement.reports.ReferenceData.Party;

/**
 * A settlement confirmation of one deal: both parties, the terms, where the deal stands and every
 * state change with its time and command sequence.
 */
public record Confirmation(
    long dealId,
    long registrationSequence,
    Party buyer,
    Party seller,
    Party submitter,
    long clientDealId,
    Instrument security,
    long quantity,
    Instrument currency,
    long cashAmountMinor,
    int settlementDate,
    String dealType,
    String status,
    LocalDateTime registeredAt,
    int registeredBusinessDate,
    int failedAttempts,
    String lastFailReason,
    Long finishedSequence,
    LocalDateTime finishedAt,
    Integer finishedBusinessDate,
    List<Event> events)
{
    /** A state change: REGISTERED, SETTLEMENT_FAILED, SETTLED, CANCELLED, with its reason if any. */
    public record Event(long sequence, int ordinal, String kind, String reason, LocalDateTime occurredAt, int businessDate)
    {
    }
}
