package io.settlement.journal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.settlement.engine.api.Command;
import io.settlement.engine.api.Event;
import io.settlement.engine.pipeline.PipelineClient;
import io.settlement.protocol.wire.Reason;

/**
 * The process {@link CrashRecoveryTest} kills: recovers a node from a directory, then sends
 * commands as fast as it can, printing "ACK sequence correlationId" for every command whose
 * outcome came back (so, by the pipeline's contract, a journaled one), until it is killed.
 */
public final class CrashTarget
{
    private CrashTarget()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final Path dir = Path.of(args[0]);
        final long seed = Long.parseLong(args[1]);
        final SettlementNode node = SettlementNode.start(RestartTest.config(dir, 64));
        final PipelineClient system = node.client(0);
        if (node.recovery().lastSequence() == 0)
        {
            Workload.setUp(system);
        }
        System.out.println("READY " + node.recovery().lastSequence());
        System.out.flush();
        final Workload workload = new Workload(seed);
        final List<CompletableFuture<PipelineClient.Outcome>> window = new ArrayList<>();
        final long[] correlationIds = new long[64];
        final StringBuilder acks = new StringBuilder();
        while (true)
        {
            for (int i = 0; i < 64; i++)
            {
                final Command c = workload.next();
                c.correlationId = 0;
                window.add(system.send(c));
                correlationIds[i] = c.correlationId;
            }
            for (int i = 0; i < window.size(); i++)
            {
                final PipelineClient.Outcome outcome = window.get(i).get(30, TimeUnit.SECONDS);
                if (outcome.published() == Reason.OK)
                {
                    // every outcome carries the sequence its command was journaled under
                    final Event reply = outcome.first();
                    acks.append("ACK ").append(reply.sequence).append(' ').append(correlationIds[i]).append('\n');
                }
            }
            window.clear();
            System.out.print(acks);
            System.out.flush();
            acks.setLength(0);
        }
    }
}
