package io.settlement.gateway.client;

import java.util.concurrent.TimeUnit;

import io.settlement.gateway.client.sbe.DealType;

/**
 * The usage example of docs/protocol.md ("The Java client"), kept here so that the build compiles it;
 * {@code ClientJarWithoutJvmFlagsIT} runs it in a JVM started with no flags and only the client jar and
 * Netty on its class path.
 * <p>
 * Arguments: host port participantId secret sellerId securityId currencyId settlementDate(yyyymmdd).
 */
public final class ClientUsageExample
{
    private ClientUsageExample()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final String host = args[0];
        final int port = Integer.parseInt(args[1]);
        final long me = Long.parseLong(args[2]);
        final String secret = args[3];
        final long seller = Long.parseLong(args[4]);
        final int security = Integer.parseInt(args[5]);
        final int currency = Integer.parseInt(args[6]);
        final int settlementDate = Integer.parseInt(args[7]);

        try (GatewayClient client = GatewayClient.connect(host, port, null)) // an SslContext for TLS
        {
            // pushes (DealSettled, DealSettlementFailed, DealCancelled with correlationId 0) arrive here,
            // on the client's event loop thread: do not block in the listener
            client.onPush(push -> System.out.println("push " + push.type() + " deal " + push.dealId()));

            final Response logon = client.logon(me, secret).get(10, TimeUnit.SECONDS);
            if (logon.type() != Response.Type.LOGON_ACCEPTED)
            {
                throw new IllegalStateException("logon refused: " + logon.reason());
            }

            // clientDealId 1: buy 100 shares for 2,500.00 (250,000 minor units) from the seller
            final Response answer = client.submitDeal(1, me, seller, security, currency, 100, 250_000,
                settlementDate, DealType.DVP).get(10, TimeUnit.SECONDS);
            switch (answer.type())
            {
                case DEAL_ACCEPTED -> System.out.println("accepted deal " + answer.dealId() +
                    " at sequence " + answer.sequence());
                case DEAL_REJECTED -> System.out.println("rejected " + answer.reason());
                default -> System.out.println("unexpected " + answer);
            }
        } // close(): the connection and the client's event loop thread end here
    }
}
