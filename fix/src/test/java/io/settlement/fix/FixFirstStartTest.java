package io.settlement.fix;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.settlement.engine.api.Command;
import io.settlement.engine.pipeline.PipelineClient;
import io.settlement.protocol.wire.DealType;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The channel's very first start on a node with a journal already long: the notices begin where the
 * journal ends when the channel starts, so a settlement journaled right after the start gets its notices
 * however long the notices' thread then takes to read the history. (They began where that thread happened
 * to reach the end: with 20,000 deals in the history, a cycle run at once after the start went without any
 * of its 40,000 notices.)
 */
class FixFirstStartTest
{
    private static final int DEALS = 20_000;

    @Test
    void shouldNotifyWhatSettlesRightAfterTheFirstStartHoweverLongTheHistory() throws Exception
    {
        try (FixFixture f = new FixFixture())
        {
            f.fix.close();
            Files.delete(f.dir.resolve("fix").resolve("notices.position")); // as if the channel had never run
            try (PipelineClient a = f.node.client(FixFixture.BANK_A))
            {
                final List<CompletableFuture<PipelineClient.Outcome>> window = new ArrayList<>();
                for (int i = 1; i <= DEALS; i++)
                {
                    window.add(a.send(new Command().submitDeal(FixFixture.BANK_A, 0, i, FixFixture.BANK_A, FixFixture.BANK_B,
                        FixFixture.ACME, FixFixture.USD, 1, 1, FixFixture.TODAY, DealType.DVP)));
                    if (window.size() == 500 || i == DEALS)
                    {
                        for (final CompletableFuture<PipelineClient.Outcome> sent : window)
                        {
                            sent.get(30, TimeUnit.SECONDS);
                        }
                        window.clear();
                    }
                }
            }
            f.startFix();
            f.runCycle(); // every deal settles: a notice to the one session of each party

            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (f.fix.noticesSent() < 2L * DEALS && System.nanoTime() < deadline)
            {
                Thread.sleep(50);
            }
            assertEquals(2L * DEALS, f.fix.noticesSent(), () -> "notices sent; the channel's log: " + f.log);
        }
    }
}
