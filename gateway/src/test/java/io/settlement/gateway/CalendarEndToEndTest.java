package io.settlement.gateway;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.settlement.gateway.client.GatewayClient;
import io.settlement.gateway.client.Response;
import io.settlement.gateway.client.sbe.DayStatus;
import io.settlement.gateway.client.sbe.DealType;
import io.settlement.gateway.client.sbe.Reason;
import org.junit.jupiter.api.Test;

import static io.settlement.gateway.GatewayFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The business calendar over the wire: an operator closes the weekends and a holiday with
 * SetCalendar (28) and SetHoliday (29), each answered by a CommandResult naming its template; a
 * member's deal, or a date roll, on a closed day is refused NOT_A_BUSINESS_DAY (27), a code the
 * gateway and the client carry like any other. TODAY is Monday 5 January 2026.
 */
class CalendarEndToEndTest
{
    private static Response get(final CompletableFuture<Response> future) throws Exception
    {
        return future.get(10, TimeUnit.SECONDS);
    }

    @Test
    void shouldRefuseDealsAndRollsOnClosedDaysOverTheWire() throws Exception
    {
        try (GatewayFixture f = new GatewayFixture(new GatewayConfig()))
        {
            final GatewayClient operator = f.logOn(OPS);
            final GatewayClient member = f.logOn(BANK_A);

            final Response weekends = get(operator.setCalendar(DayStatus.CLOSED));
            assertEquals(Response.Type.COMMAND_RESULT, weekends.type());
            assertEquals(28, weekends.refTemplateId());
            assertEquals(Reason.OK, weekends.result());
            final Response holiday = get(operator.setHoliday(20260107, DayStatus.CLOSED));
            assertEquals(29, holiday.refTemplateId());
            assertEquals(Reason.OK, holiday.result());
            assertEquals(Reason.INVALID_DATE, get(operator.setHoliday(TODAY, DayStatus.CLOSED)).result(), "today has begun");
            assertEquals(Reason.NOT_AUTHORISED, get(member.setHoliday(20260108, DayStatus.CLOSED)).result());

            final Response saturday = get(member.submitDeal(1, BANK_A, BANK_B, ACME, USD, 1, 100, 20260110, DealType.DVP));
            assertEquals(Response.Type.DEAL_REJECTED, saturday.type(), saturday.toString());
            assertEquals(Reason.NOT_A_BUSINESS_DAY, saturday.reason());
            final Response onHoliday = get(member.submitDeal(2, BANK_A, BANK_B, ACME, USD, 1, 100, 20260107, DealType.DVP));
            assertEquals(Reason.NOT_A_BUSINESS_DAY, onHoliday.reason());
            assertEquals(Response.Type.DEAL_ACCEPTED, get(member.submitDeal(3, BANK_A, BANK_B, ACME, USD, 1, 100, 20260108,
                DealType.DVP)).type());

            final Response roll = get(operator.advanceBusinessDate(20260107));
            assertEquals(25, roll.refTemplateId());
            assertEquals(Reason.NOT_A_BUSINESS_DAY, roll.result());
            assertEquals(Reason.OK, get(operator.advanceBusinessDate(20260108)).result());
        }
    }
}
