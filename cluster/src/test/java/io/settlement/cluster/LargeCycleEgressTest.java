package io.settlement.cluster;

import java.nio.file.Path;
import java.util.List;

import io.settlement.engine.api.Command;
import io.settlement.engine.api.EventType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A settlement cycle whose answers to the operator (a DEAL_SETTLED each) and pushes to every client run past a
 * client's term buffer: every one arrives and no session is closed (with a few microseconds' retry before a
 * session was given up, the operator's session was closed after 2,530 of 3,000 answers and the cycle reported
 * as of unknown outcome).
 */
class LargeCycleEgressTest
{
    static final int DEALS = 6000;

    @TempDir
    Path dir;

    @Test
    @Timeout(400)
    void shouldAnswerAndPushEveryDealOfALargeCycleWithoutClosingASession() throws Exception
    {
        try (TestCluster cluster = new TestCluster(dir))
        {
            cluster.startAll();
            final Answers answers = new Answers();
            final Answers observed = new Answers();
            try (ClusterClient client = cluster.client(answers);
                ClusterClient observer = cluster.client(observed))
            {
                answers.client = client;
                final long deadline0 = System.currentTimeMillis() + 60_000;
                while (!observer.isConnected() && System.currentTimeMillis() < deadline0)
                {
                    observer.poll();
                }
                final List<Command> market = TestCluster.market();
                for (int i = 0; i < market.size(); i++)
                {
                    TestCluster.submit(client, 7, i + 1, market.get(i));
                }
                for (int i = 1; i <= DEALS; i++)
                {
                    TestCluster.submit(client, 7, 10_000 + i, TestCluster.deal(i));
                    client.poll();
                    observer.poll();
                }
                final long deadline1 = System.currentTimeMillis() + 200_000;
                while (client.pendingCount() > 0 && System.currentTimeMillis() < deadline1)
                {
                    client.poll();
                    observer.poll();
                }
                assertEquals(0, client.pendingCount(), "deals answered");
                final long connectionsBefore = client.connections();
                final long observerConnectionsBefore = observer.connections();
                TestCluster.submit(client, 7, 2001, new Command().deposit(TestCluster.OPS, 0, TestCluster.BANK_A, TestCluster.USD, 100L * DEALS));
                TestCluster.submit(client, 7, 2002, new Command().deposit(TestCluster.OPS, 0, TestCluster.BANK_B, TestCluster.ACME, DEALS));
                TestCluster.submit(client, 7, 2003, new Command().runSettlementCycle(TestCluster.OPS, 0));
                final long deadline2 = System.currentTimeMillis() + 60_000;
                while ((client.pendingCount() > 0 || observed.othersSettlementsPushed < DEALS) && System.currentTimeMillis() < deadline2)
                {
                    client.poll();
                    observer.poll();
                }
                final long settled = answers.replies.getOrDefault(2003L, List.of()).stream().filter(e -> e.type == EventType.DEAL_SETTLED).count();
                final String what = "cycle completed=" + answers.completed.contains(2003L) + " unknown=" + answers.unknown
                    + " settled replies=" + settled + " pushes to observer=" + observed.othersSettlementsPushed
                    + " client connections " + connectionsBefore + "->" + client.connections()
                    + " observer connections " + observerConnectionsBefore + "->" + observer.connections()
                    + cluster.describe();
                assertTrue(answers.unknown.isEmpty(), what);
                assertEquals(connectionsBefore, client.connections(), what);
                assertEquals(observerConnectionsBefore, observer.connections(), what);
                assertTrue(answers.completed.contains(2003L), what);
                assertEquals(DEALS, settled, what);
                assertEquals(DEALS, observed.othersSettlementsPushed, what);
            }
        }
    }
}
