package io.settlement.engine;

import java.util.ArrayList;
import java.util.List;

import io.settlement.engine.api.Command;
import io.settlement.engine.api.EventType;
import io.settlement.protocol.wire.DealStatus;
import io.settlement.protocol.wire.Role;
import org.junit.jupiter.api.Test;

import static io.settlement.engine.EngineFixture.BANK_A;
import static io.settlement.engine.EngineFixture.BANK_B;
import static io.settlement.engine.EngineFixture.OPS;
import static io.settlement.engine.EngineFixture.TODAY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** Pages of the live deals for the read side: in dealId order, after a given id, purged deals skipped. */
class DealPagingTest
{
    @Test
    void shouldPageTheLiveDealsInDealIdOrderSkippingPurgedOnesAndStoppingWhenAsked()
    {
        final EngineFixture f = new EngineFixture();
        f.ok(f.command.setRetention(OPS, 0, 0));
        final long first = f.accepted(1, BANK_A, BANK_B, 1, 100);
        final long cancelled = f.accepted(2, BANK_A, BANK_B, 1, 100);
        f.one(f.command.cancelDeal(BANK_A, 0, cancelled));
        // the cancelled deal is purged by the next date roll (retention 0); the others stay pending
        f.apply(f.command.advanceBusinessDate(OPS, 0, Dates.plusDays(TODAY, 1)));
        final long later = accepted(f, 3, Dates.plusDays(TODAY, 1));
        final long last = accepted(f, 4, Dates.plusDays(TODAY, 1));

        assertEquals(List.of(first, later, last), page(f, 0, 10));
        assertEquals(List.of(later, last), page(f, first, 10));
        assertEquals(List.of(later), page(f, cancelled - 1, 1));
        assertEquals(List.of(first, later), page(f, -5, 2));
        assertEquals(List.of(), page(f, last, 10));
        // a hang guard, not a speed assertion: the start after Long.MAX_VALUE once overflowed into a walk of 2^63 ids
        assertEquals(List.of(), assertTimeoutPreemptively(java.time.Duration.ofSeconds(30), () -> page(f, Long.MAX_VALUE, 10)),
            "no overflow past the largest id");
        assertEquals(List.of(), page(f, Long.MAX_VALUE - 1, 10));

        final List<Integer> statuses = new ArrayList<>();
        f.engine.forEachDealAfter(0, e ->
        {
            assertEquals(EventType.DEAL_REPORT, e.type);
            statuses.add((int)e.dealStatus);
            return true;
        });
        assertEquals(List.of((int)DealStatus.PENDING.value(), (int)DealStatus.PENDING.value(), (int)DealStatus.PENDING.value()), statuses);
    }

    @Test
    void shouldGiveTheRoleTheEngineHoldsOrNullForAStranger()
    {
        final EngineFixture f = new EngineFixture();
        assertEquals(Role.MEMBER, f.engine.roleOf(BANK_A));
        assertEquals(Role.OPERATOR, f.engine.roleOf(OPS));
        assertEquals(Role.OPERATOR, f.engine.roleOf(Command.SYSTEM_SUBMITTER));
        assertNull(f.engine.roleOf(4242));
    }

    private static long accepted(final EngineFixture f, final long clientDealId, final int date)
    {
        final var e = f.one(f.command.submitDeal(BANK_A, 0, clientDealId, BANK_A, BANK_B, EngineFixture.ACME, EngineFixture.USD,
            1, 100, date, io.settlement.protocol.wire.DealType.DVP));
        assertEquals(EventType.DEAL_ACCEPTED, e.type, e::toString);
        return e.dealId;
    }

    private static List<Long> page(final EngineFixture f, final long after, final int size)
    {
        final List<Long> ids = new ArrayList<>();
        f.engine.forEachDealAfter(after, e ->
        {
            ids.add(e.dealId);
            return ids.size() < size;
        });
        return ids;
    }
}
