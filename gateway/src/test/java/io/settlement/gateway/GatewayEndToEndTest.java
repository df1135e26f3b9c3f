package io.settlement.gateway;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.settlement.gateway.client.GatewayClient;
import io.settlement.gateway.client.GatewayClosedException;
import io.settlement.gateway.client.Response;
import io.settlement.gateway.client.sbe.CycleMode;
import io.settlement.gateway.client.sbe.DealStatus;
import io.settlement.gateway.client.sbe.DealType;
import io.settlement.gateway.client.sbe.LimitKind;
import io.settlement.gateway.client.sbe.Reason;
import io.settlement.gateway.client.sbe.Role;
import io.settlement.gateway.client.sbe.Side;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.settlement.gateway.GatewayFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Over loopback TCP, through the gateway, the pipeline, the journal and the engine. */
class GatewayEndToEndTest
{
    private GatewayFixture f;

    @BeforeEach
    void start() throws Exception
    {
        f = new GatewayFixture(new GatewayConfig());
    }

    @AfterEach
    void stop() throws Exception
    {
        f.close();
    }

    @Test
    void shouldLogOnWithRoleAndBusinessDateAndRefuseBadCredentials() throws Exception
    {
        final GatewayClient client = f.connect();
        final Response accepted = await(client.logon(BANK_A, secret(BANK_A)));
        assertEquals(Response.Type.LOGON_ACCEPTED, accepted.type());
        assertEquals(BANK_A, accepted.participantId());
        assertEquals(Role.MEMBER, accepted.role());
        assertEquals(TODAY, accepted.businessDate());

        final GatewayClient intruder = f.connect();
        final ExecutionException e = assertThrows(ExecutionException.class,
            () -> intruder.logon(BANK_B, "wrong").get(10, TimeUnit.SECONDS));
        assertInstanceOf(GatewayClosedException.class, e.getCause());
        assertEquals(Reason.BAD_CREDENTIALS, await(intruder.closed()).reason());
    }

    @Test
    void shouldAcceptRejectDeduplicateCancelAndAnswerEveryQuery() throws Exception
    {
        final GatewayClient a = f.logOn(BANK_A);

        final Response dvp = await(a.submitDeal(1, BANK_A, BANK_B, ACME, USD, 10, 1_000, TODAY, DealType.DVP));
        assertEquals(Response.Type.DEAL_ACCEPTED, dvp.type());
        assertEquals(1, dvp.clientDealId());
        assertTrue(dvp.sequence() > 0, "the journal sequence of the command");
        final Response fop = await(a.submitDeal(2, BANK_A, BANK_B, ACME, 0, 5, 0, TODAY, DealType.FOP));
        assertEquals(Response.Type.DEAL_ACCEPTED, fop.type());
        assertEquals(dvp.dealId(), await(a.submitDeal(1, BANK_A, BANK_B, ACME, USD, 10, 1_000, TODAY, DealType.DVP)).dealId(),
            "the same key and content returns the original acceptance");
        final Response duplicate = await(a.submitDeal(1, BANK_A, BANK_B, ACME, USD, 11, 1_000, TODAY, DealType.DVP));
        assertEquals(Response.Type.DEAL_REJECTED, duplicate.type());
        assertEquals(Reason.DUPLICATE_CLIENT_DEAL_ID, duplicate.reason());
        assertEquals(Reason.CREDIT_LIMIT_EXCEEDED,
            await(a.submitDeal(3, BANK_A, BANK_B, ACME, USD, 1, 600_000, TODAY, DealType.DVP)).reason());
        assertEquals(Reason.SETTLEMENT_DATE_IN_PAST,
            await(a.submitDeal(4, BANK_A, BANK_B, ACME, USD, 1, 1, TODAY - 1, DealType.DVP)).reason());
        assertEquals(Reason.NOT_A_PARTY,
            await(a.submitDeal(5, BANK_B, BROKER_C, ACME, USD, 1, 1, TODAY, DealType.DVP)).reason());
        assertEquals(Reason.UNKNOWN_PARTICIPANT,
            await(a.submitDeal(6, BANK_A, 77, ACME, USD, 1, 1, TODAY, DealType.DVP)).reason());
        assertEquals(Reason.INVALID_QUANTITY,
            await(a.submitDeal(7, BANK_A, BANK_B, ACME, USD, 0, 1, TODAY, DealType.DVP)).reason());

        final Response report = await(a.queryDeal(dvp.dealId()));
        assertEquals(Response.Type.DEAL_REPORT, report.type());
        assertEquals(DealStatus.PENDING, report.status());
        assertEquals(1_000, report.cashAmount());
        final Response position = await(a.queryPosition(BANK_A, USD));
        assertEquals(Response.Type.POSITION_REPORT, position.type());
        assertEquals(1_000_000, position.balance());
        final Response limits = await(a.queryLimits(BANK_A));
        assertEquals(Response.Type.LIMITS_REPORT, limits.type());
        assertEquals(1, limits.limits().size());
        assertEquals(LimitKind.CREDIT, limits.limits().get(0).limitKind());
        assertEquals(1_000, limits.limits().get(0).utilised());
        assertEquals(Reason.NOT_AUTHORISED, await(a.queryPosition(BANK_B, USD)).result());

        final Response cancelled = await(a.cancelDeal(fop.dealId()));
        assertEquals(Response.Type.DEAL_CANCELLED, cancelled.type());
        assertEquals(fop.dealId(), cancelled.dealId());
        assertEquals(Reason.DEAL_NOT_PENDING, await(a.cancelDeal(fop.dealId())).result());
        assertEquals(Reason.UNKNOWN_DEAL, await(a.queryDeal(999_999)).result());
    }

    @Test
    void shouldRefuseAClientDealIdOfTheFixChannelsRangeAndChangeNothing() throws Exception
    {
        final GatewayClient a = f.logOn(BANK_A);
        final Response refused = await(a.submitDeal(ClientDealIds.FIX_FROM, BANK_A, BANK_B, ACME, USD, 10, 1_000, TODAY, DealType.DVP));
        assertEquals(Response.Type.DEAL_REJECTED, refused.type(), refused::toString);
        assertEquals(Reason.INVALID_FIELD, refused.reason());
        assertEquals(ClientDealIds.FIX_FROM, refused.clientDealId());
        assertEquals(Reason.INVALID_FIELD, await(a.submitDeal(Long.MAX_VALUE, BANK_A, BANK_B, ACME, USD, 10, 1_000, TODAY, DealType.DVP))
            .reason());
        final Response below = await(a.submitDeal(ClientDealIds.FIX_FROM - 1, BANK_A, BANK_B, ACME, USD, 10, 1_000, TODAY, DealType.DVP));
        assertEquals(Response.Type.DEAL_ACCEPTED, below.type(), below::toString);
        assertEquals(1, below.dealId(), "the refused ones never reached the engine: the first deal is the one below the range");
        assertEquals(1_000, await(a.queryLimits(BANK_A)).limits().get(0).utilised());
        final Response instruction = await(a.submitInstruction(ClientDealIds.FIX_FROM, Side.BUY, BANK_B, ACME, USD, 10, 1_000, TODAY,
            DealType.DVP));
        assertEquals(Reason.INVALID_FIELD, instruction.result(), instruction::toString);
        final Response instructionBelow = await(a.submitInstruction(ClientDealIds.FIX_FROM - 1, Side.BUY, BANK_B, ACME, USD, 10, 1_000,
            TODAY, DealType.DVP));
        assertEquals(Response.Type.INSTRUCTION_ACCEPTED, instructionBelow.type(), instructionBelow::toString);
        assertEquals(1, instructionBelow.instructionId(), "the refused one never reached the engine");
    }

    @Test
    void shouldPushSettlementToEverySessionOfBothPartiesAfterACycle() throws Exception
    {
        final GatewayClient buyer = f.logOn(BANK_A);
        final GatewayClient buyerAgain = f.logOn(BANK_A);
        final GatewayClient seller = f.logOn(BANK_B);
        final GatewayClient operator = f.logOn(OPS);
        final List<Response> pushes = new CopyOnWriteArrayList<>();
        final CountDownLatch three = new CountDownLatch(3);
        for (final GatewayClient client : List.of(buyer, buyerAgain, seller))
        {
            client.onPush(push ->
            {
                pushes.add(push);
                three.countDown();
            });
        }
        final long dealId = await(buyer.submitDeal(9, BANK_A, BANK_B, ACME, USD, 10, 1_000, TODAY, DealType.DVP)).dealId();

        final Response cycle = await(operator.runSettlementCycle());

        assertEquals(Response.Type.COMMAND_RESULT, cycle.type());
        assertEquals(Reason.OK, cycle.result());
        assertTrue(three.await(10, TimeUnit.SECONDS), pushes.toString());
        for (final Response push : pushes)
        {
            assertEquals(Response.Type.DEAL_SETTLED, push.type());
            assertEquals(dealId, push.dealId());
            assertEquals(9, push.clientDealId());
        }
        assertEquals(10, await(buyer.queryPosition(BANK_A, ACME)).balance());
    }

    @Test
    void shouldSettleACircularChainInANettedCycleThatAGrossCycleFails() throws Exception
    {
        final GatewayClient a = f.logOn(BANK_A);
        final GatewayClient operator = f.logOn(OPS);
        // A delivers 10 ACME to C and C delivers 10 ACME to A; neither holds any
        final long toC = await(a.submitDeal(31, BROKER_C, BANK_A, ACME, 0, 10, 0, TODAY, DealType.FOP)).dealId();
        final long toA = await(a.submitDeal(32, BANK_A, BROKER_C, ACME, 0, 10, 0, TODAY, DealType.FOP)).dealId();

        assertEquals(Reason.INVALID_MODE, await(operator.runSettlementCycle(CycleMode.NULL_VAL)).result(),
            "a code that is not a mode");
        assertEquals(Reason.NOT_AUTHORISED, await(a.runSettlementCycle(CycleMode.NETTED)).result());
        assertEquals(DealStatus.PENDING, await(a.queryDeal(toC)).status(), "refusals change nothing");
        assertEquals(Reason.OK, await(operator.runSettlementCycle(CycleMode.GROSS)).result());
        assertEquals(DealStatus.PENDING, await(a.queryDeal(toC)).status());
        assertEquals(Reason.INSUFFICIENT_SECURITIES, await(a.queryDeal(toC)).lastFailReason());

        assertEquals(Reason.OK, await(operator.runSettlementCycle(CycleMode.NETTED)).result());

        assertEquals(DealStatus.SETTLED, await(a.queryDeal(toC)).status());
        assertEquals(DealStatus.SETTLED, await(a.queryDeal(toA)).status());
        assertEquals(0, await(a.queryPosition(BANK_A, ACME)).balance());
    }

    @Test
    void shouldAnswerACancelToItsSenderAndPushItToEveryOtherSessionOfBothParties() throws Exception
    {
        final GatewayClient canceller = f.logOn(BANK_A);
        final GatewayClient cancellerAgain = f.logOn(BANK_A);
        final GatewayClient seller = f.logOn(BANK_B);
        final GatewayClient bystander = f.logOn(BROKER_C);
        final List<Response> toCanceller = new CopyOnWriteArrayList<>();
        final List<Response> toOthers = new CopyOnWriteArrayList<>();
        final CountDownLatch two = new CountDownLatch(2);
        canceller.onPush(toCanceller::add);
        bystander.onPush(toCanceller::add); // neither may hear of it as a push
        for (final GatewayClient client : List.of(cancellerAgain, seller))
        {
            client.onPush(push ->
            {
                toOthers.add(push);
                two.countDown();
            });
        }
        final long dealId = await(canceller.submitDeal(21, BANK_A, BANK_B, ACME, USD, 1, 100, TODAY, DealType.DVP)).dealId();

        final Response answer = await(canceller.cancelDeal(dealId));

        assertEquals(Response.Type.DEAL_CANCELLED, answer.type());
        assertEquals(dealId, answer.dealId());
        assertTrue(answer.correlationId() != 0, "the sender's answer carries its correlation id");
        assertTrue(two.await(10, TimeUnit.SECONDS), toOthers.toString());
        for (final Response push : toOthers)
        {
            assertEquals(Response.Type.DEAL_CANCELLED, push.type());
            assertEquals(dealId, push.dealId());
            assertEquals(0, push.correlationId(), "a push answers no request of its session");
        }
        // a later answer on each session proves everything before it has been delivered
        assertEquals(Response.Type.POSITION_REPORT, await(canceller.queryPosition(BANK_A, USD)).type());
        assertEquals(Response.Type.POSITION_REPORT, await(bystander.queryPosition(BROKER_C, USD)).type());
        assertEquals(List.of(), toCanceller, "the canceller had its answer, not a push too; the bystander nothing");
    }

    @Test
    void shouldRejectAnythingBeforeLogonAndCloseOnlyThatSession() throws Exception
    {
        final GatewayClient member = f.logOn(BANK_A);
        final GatewayClient early = f.connect();
        final ExecutionException e = assertThrows(ExecutionException.class, () -> early.queryDeal(1).get(10, TimeUnit.SECONDS));
        assertInstanceOf(GatewayClosedException.class, e.getCause());
        final Response reject = await(early.closed());
        assertEquals(Reason.NOT_LOGGED_ON, reject.reason());
        assertEquals(14, reject.refTemplateId());
        assertEquals(Response.Type.POSITION_REPORT, await(member.queryPosition(BANK_A, USD)).type(), "others carry on");
    }
}
