package io.settlement.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.settlement.gateway.client.GatewayClient;
import io.settlement.gateway.client.Response;
import io.settlement.gateway.client.sbe.DayStatus;
import io.settlement.gateway.client.sbe.DealType;
import io.settlement.gateway.client.sbe.InstrumentKind;
import io.settlement.gateway.client.sbe.LimitKind;
import io.settlement.gateway.client.sbe.Reason;
import io.settlement.gateway.client.sbe.Role;
import io.settlement.gateway.client.sbe.Side;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.settlement.gateway.GatewayFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every role against every request, over the wire: allowed requests are carried out, the others
 * answered NOT_AUTHORISED (NOT_A_PARTY for a member's deal between others, NOT_YOUR_SIDE for a hold or
 * release of the other party's side, NOT_YOUR_INSTRUCTION for a cancel of another's instruction).
 */
class AuthorisationMatrixTest
{
    private static GatewayFixture f;
    private static long nextClientDealId = 1000;
    private static int nextInstrumentId = 500;
    private static long nextParticipantId = 5000;

    @BeforeAll
    static void start() throws Exception
    {
        f = new GatewayFixture(new GatewayConfig());
    }

    @AfterAll
    static void stop() throws Exception
    {
        f.close();
    }

    /** A request a role may send: how to send it, and whether that role may. */
    interface Request
    {
        Response send(GatewayClient client) throws Exception;
    }

    private static Response get(final java.util.concurrent.CompletableFuture<Response> future) throws Exception
    {
        return future.get(10, TimeUnit.SECONDS);
    }

    /** A pending deal between A and B, registered by the operator. */
    private static long pendingDeal(final GatewayClient operator, final long buyer, final long seller) throws Exception
    {
        final Response accepted = get(operator.submitDeal(
            nextClientDealId++, buyer, seller, ACME, USD, 1, 1, TODAY, DealType.DVP));
        assertEquals(Response.Type.DEAL_ACCEPTED, accepted.type(), accepted.toString());
        return accepted.dealId();
    }

    /** A pending deal with {@code side} held by the operator. */
    private static long heldDeal(final GatewayClient operator, final long buyer, final long seller, final Side side) throws Exception
    {
        final long dealId = pendingDeal(operator, buyer, seller);
        final Response held = get(operator.holdDeal(dealId, side));
        assertEquals(Response.Type.DEAL_HELD, held.type(), held.toString());
        return dealId;
    }

    private static long nextClientRef = 7000;

    /** An unmatched instruction of {@code owner} (its session) buying from {@code counterparty}. */
    private static long waitingInstruction(final GatewayClient owner, final long counterparty) throws Exception
    {
        final Response accepted = get(owner.submitInstruction(nextClientRef++, Side.BUY, counterparty, ACME, USD, 1, 1, TODAY, DealType.DVP));
        assertEquals(Response.Type.INSTRUCTION_ACCEPTED, accepted.type(), accepted.toString());
        return accepted.instructionId();
    }

    @Test
    void shouldAllowEachRoleExactlyWhatItMayDo() throws Exception
    {
        final GatewayClient operator = f.logOn(OPS);
        final GatewayClient memberA = f.logOn(BANK_A);
        final GatewayClient memberB = f.logOn(BANK_B);
        final List<String> mismatches = new ArrayList<>();
        final long[] roles = {BANK_A, RISK, OPS, AUDIT};
        final String[] roleNames = {"MEMBER", "RISK", "OPERATOR", "AUDITOR"};
        for (int r = 0; r < roles.length; r++)
        {
            final long me = roles[r];
            final GatewayClient client = f.logOn(me);
            // name, expected allowed per role (MEMBER, RISK, OPERATOR, AUDITOR), request
            check(mismatches, roleNames[r], "SubmitDeal as a party", r, new boolean[] {true, false, true, false},
                get(client.submitDeal(nextClientDealId++, BANK_A, BANK_B, ACME, USD, 1, 1, TODAY, DealType.DVP)));
            check(mismatches, roleNames[r], "CancelDeal of A's deal", r, new boolean[] {true, false, true, false},
                get(client.cancelDeal(pendingDeal(operator, BANK_A, BANK_B))));
            check(mismatches, roleNames[r], "HoldDeal of the BUY side of A's deal", r, new boolean[] {true, false, true, false},
                get(client.holdDeal(pendingDeal(operator, BANK_A, BANK_B), Side.BUY)));
            check(mismatches, roleNames[r], "HoldDeal of the SELL side of A's deal", r, new boolean[] {false, false, true, false},
                get(client.holdDeal(pendingDeal(operator, BANK_A, BANK_B), Side.SELL)));
            check(mismatches, roleNames[r], "HoldDeal of a B-C deal", r, new boolean[] {false, false, true, false},
                get(client.holdDeal(pendingDeal(operator, BANK_B, BROKER_C), Side.BUY)));
            check(mismatches, roleNames[r], "ReleaseDeal of the BUY side of A's held deal", r, new boolean[] {true, false, true, false},
                get(client.releaseDeal(heldDeal(operator, BANK_A, BANK_B, Side.BUY), Side.BUY)));
            check(mismatches, roleNames[r], "ReleaseDeal of the SELL side of A's held deal", r, new boolean[] {false, false, true, false},
                get(client.releaseDeal(heldDeal(operator, BANK_A, BANK_B, Side.SELL), Side.SELL)));
            check(mismatches, roleNames[r], "SubmitInstruction as a party", r, new boolean[] {true, false, false, false},
                get(client.submitInstruction(nextClientRef++, Side.BUY, BANK_B, ACME, USD, 1, 1, TODAY, DealType.DVP)));
            check(mismatches, roleNames[r], "CancelInstruction of A's instruction", r, new boolean[] {true, false, false, false},
                get(client.cancelInstruction(waitingInstruction(memberA, BANK_B))));
            check(mismatches, roleNames[r], "QueryInstruction of A's instruction", r, new boolean[] {true, true, true, true},
                get(client.queryInstruction(waitingInstruction(memberA, BANK_B))));
            check(mismatches, roleNames[r], "QueryInstruction of a B-C instruction", r, new boolean[] {false, true, true, true},
                get(client.queryInstruction(waitingInstruction(memberB, BROKER_C))));
            // what is in force already (no tolerance, 20 business days): allowed, and changes nothing
            check(mismatches, roleNames[r], "SetMatchingTolerance", r, new boolean[] {false, false, true, false},
                get(client.setMatchingTolerance(USD, 0)));
            check(mismatches, roleNames[r], "SetInstructionExpiry", r, new boolean[] {false, false, true, false},
                get(client.setInstructionExpiry(20)));
            check(mismatches, roleNames[r], "QueryDeal of A's deal", r, new boolean[] {true, true, true, true},
                get(client.queryDeal(pendingDeal(operator, BANK_A, BANK_B))));
            check(mismatches, roleNames[r], "QueryDeal of B-C deal", r, new boolean[] {false, true, true, true},
                get(client.queryDeal(pendingDeal(operator, BANK_B, BROKER_C))));
            check(mismatches, roleNames[r], "QueryLimits of A", r, new boolean[] {true, true, true, true},
                get(client.queryLimits(BANK_A)));
            check(mismatches, roleNames[r], "QueryLimits of B", r, new boolean[] {false, true, true, true},
                get(client.queryLimits(BANK_B)));
            check(mismatches, roleNames[r], "QueryPosition of A", r, new boolean[] {true, true, true, true},
                get(client.queryPosition(BANK_A, USD)));
            check(mismatches, roleNames[r], "QueryPosition of B", r, new boolean[] {false, true, true, true},
                get(client.queryPosition(BANK_B, USD)));
            check(mismatches, roleNames[r], "QueryParticipants", r, new boolean[] {false, true, true, true},
                get(client.queryParticipants()));
            check(mismatches, roleNames[r], "QueryInstruments", r, new boolean[] {true, true, true, true},
                get(client.queryInstruments()));
            check(mismatches, roleNames[r], "CreateParticipant", r, new boolean[] {false, false, true, false},
                get(client.createParticipant(nextParticipantId, Role.MEMBER, "Member " + nextParticipantId, "M" + nextParticipantId++)));
            check(mismatches, roleNames[r], "CreateInstrument", r, new boolean[] {false, false, true, false},
                get(client.createInstrument(nextInstrumentId, InstrumentKind.SECURITY, "SEC" + nextInstrumentId,
                    InstrumentsQueryEndToEndTest.isin(nextInstrumentId), "Security " + nextInstrumentId++, 0)));
            check(mismatches, roleNames[r], "Deposit", r, new boolean[] {false, false, true, false},
                get(client.deposit(BANK_A, USD, 1)));
            check(mismatches, roleNames[r], "Withdraw", r, new boolean[] {false, false, true, false},
                get(client.withdraw(BANK_A, USD, 1)));
            check(mismatches, roleNames[r], "SetLimit", r, new boolean[] {false, true, true, false},
                get(client.setLimit(BANK_B, LimitKind.DELIVERY, ACME, 1_000_000)));
            check(mismatches, roleNames[r], "AdvanceBusinessDate", r, new boolean[] {false, false, true, false},
                get(client.advanceBusinessDate(TODAY)));
            check(mismatches, roleNames[r], "RunSettlementCycle", r, new boolean[] {false, false, true, false},
                get(client.runSettlementCycle()));
            // what is in force already (weekends open, a far day open): allowed, and changes nothing
            check(mismatches, roleNames[r], "SetCalendar", r, new boolean[] {false, false, true, false},
                get(client.setCalendar(DayStatus.OPEN)));
            check(mismatches, roleNames[r], "SetHoliday", r, new boolean[] {false, false, true, false},
                get(client.setHoliday(20301231, DayStatus.OPEN)));
        }
        assertEquals(List.of(), mismatches);
    }

    private static void check(
        final List<String> mismatches, final String role, final String request, final int roleIndex,
        final boolean[] allowed, final Response response)
    {
        final Reason reason = response.type() == Response.Type.COMMAND_RESULT ? response.result()
            : response.type() == Response.Type.DEAL_REJECTED || response.type() == Response.Type.INSTRUCTION_REJECTED
            ? response.reason() : Reason.OK;
        final boolean refused = reason == Reason.NOT_AUTHORISED || reason == Reason.NOT_A_PARTY || reason == Reason.NOT_YOUR_SIDE
            || reason == Reason.NOT_YOUR_INSTRUCTION;
        if (allowed[roleIndex] == refused || (allowed[roleIndex] && reason != Reason.OK))
        {
            mismatches.add(role + " " + request + ": expected " + (allowed[roleIndex] ? "allowed" : "refused")
                + ", got " + response);
        }
    }
}
