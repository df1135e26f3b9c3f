package io.settlement.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.settlement.engine.pipeline.SessionRouter;
import io.settlement.gateway.Credentials;
import io.settlement.gateway.GatewayConfig;
import io.settlement.gateway.GatewayServer;
import io.settlement.gateway.client.GatewayClient;
import io.settlement.gateway.client.Response;
import io.settlement.protocol.wire.Role;
import org.agrona.CloseHelper;

/**
 * The SBE gateway on a free loopback port in front of a {@link TestCluster} ({@link ClusterIntake}) or of a
 * single node, and its clients: {@link TestCluster#BANK_A}, {@link TestCluster#BANK_B} (members) and
 * {@link TestCluster#OPS} (operator), each with the secret {@code "secret-" + id}.
 */
final class GatewayInFront implements AutoCloseable
{
    final GatewayServer server;
    final ClusterIntake intake;
    /** What the intake logged (its sessions with the cluster, the leader changes it heard of). */
    final List<String> log;
    private final List<GatewayClient> clients = new ArrayList<>();

    private GatewayInFront(final GatewayServer server, final ClusterIntake intake, final List<String> log)
    {
        this.server = server;
        this.intake = intake;
        this.log = log;
    }

    /** A gateway whose commands go to {@code cluster} (through this JVM's client media driver). */
    static GatewayInFront ofCluster(final TestCluster cluster) throws InterruptedException
    {
        return ofCluster(cluster, ClusterClient.DEFAULT_COMMAND_TIMEOUT_NS);
    }

    /** A gateway whose commands go to {@code cluster}, each answered UNAVAILABLE when unanswered after {@code commandTimeoutNs}. */
    static GatewayInFront ofCluster(final TestCluster cluster, final long commandTimeoutNs) throws InterruptedException
    {
        final SessionRouter router = new SessionRouter();
        final List<String> log = new CopyOnWriteArrayList<>();
        final ClusterIntake intake = new ClusterIntake(cluster.ingressEndpoints(), "localhost", cluster.clientAeronDirectory(), false,
            commandTimeoutNs, router, log::add);
        return new GatewayInFront(GatewayServer.start(intake, router, config()), intake, log);
    }

    /** A gateway in front of a single node's pipeline. */
    static GatewayInFront ofNode(final io.settlement.journal.SettlementNode node) throws InterruptedException
    {
        return new GatewayInFront(GatewayServer.start(node.pipeline(), node.router(), config()), null, List.of());
    }

    private static GatewayConfig config()
    {
        final Credentials credentials = new Credentials();
        credentials.addSecret(TestCluster.BANK_A, Role.MEMBER, secret(TestCluster.BANK_A));
        credentials.addSecret(TestCluster.BANK_B, Role.MEMBER, secret(TestCluster.BANK_B));
        credentials.addSecret(TestCluster.OPS, Role.OPERATOR, secret(TestCluster.OPS));
        return new GatewayConfig().host("127.0.0.1").port(0).idleTimeoutMs(600_000).credentials(credentials); // clients wait through failovers
    }

    static String secret(final long participantId)
    {
        return "secret-" + participantId;
    }

    /** A client logged on as {@code participantId}, the pushes it gets collected. */
    Session logon(final long participantId) throws Exception
    {
        final GatewayClient client = GatewayClient.connect("127.0.0.1", server.port(), null);
        clients.add(client);
        final Session session = new Session(client);
        client.onPush(session.pushes::add);
        session.logon = await(client.logon(participantId, secret(participantId)));
        return session;
    }

    static Response await(final CompletableFuture<Response> future) throws Exception
    {
        return future.get(60, TimeUnit.SECONDS);
    }

    @Override
    public void close()
    {
        clients.forEach(GatewayClient::close);
        CloseHelper.quietClose(server);
        CloseHelper.quietClose(intake);
    }

    /** One logged-on client and what was pushed to it. */
    static final class Session
    {
        final GatewayClient client;
        final List<Response> pushes = new CopyOnWriteArrayList<>();
        Response logon;

        Session(final GatewayClient client)
        {
            this.client = client;
        }
    }
}
