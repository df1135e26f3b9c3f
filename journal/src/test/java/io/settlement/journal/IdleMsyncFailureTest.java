package io.settlement.journal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.settlement.engine.api.Command;
import io.settlement.engine.pipeline.PipelineTopology;
import io.settlement.protocol.wire.InstrumentKind;
import net.openhft.posix.PosixAPI;
import net.openhft.posix.internal.PosixAPIHolder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The event journal is msynced behind, on a thread of its own: when that msync fails, the node stops at once, idle
 * or not (it was heard of only at the next batch, so an idle node ran on looking healthy).
 */
class IdleMsyncFailureTest
{
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(PipelineTopology.class)
    void shouldStopTheNodeWhenAnEventMsyncFailsWithoutWaitingForAnotherBatch(final PipelineTopology topology) throws Exception
    {
        final PosixAPI real = PosixAPI.posix();
        PosixAPIHolder.POSIX_API = (PosixAPI)Proxy.newProxyInstance(PosixAPI.class.getClassLoader(),
            new Class<?>[] {PosixAPI.class}, (proxy, method, args) ->
            {
                if (method.getName().equals("msync") && Thread.currentThread().getName().equals("msync-events"))
                {
                    args[0] = (Long)args[0] + 1; // an address off a page boundary: the kernel answers EINVAL
                }
                try
                {
                    return method.invoke(real, args);
                }
                catch (final InvocationTargetException ex)
                {
                    throw ex.getCause();
                }
            });
        final List<Throwable> failures = new CopyOnWriteArrayList<>();
        final SettlementNode.Config config = new SettlementNode.Config(dir, name -> null).log(line -> {})
            .onFailure(failures::add);
        config.pipeline().topology(topology);
        try (SettlementNode node = SettlementNode.start(config))
        {
            node.client(0).send(new Command().createInstrument(0, 0, 10, InstrumentKind.SECURITY, "ACME"))
                .get(10, TimeUnit.SECONDS);
            // nothing more is sent: the node is idle
            final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (node.pipeline().failure() == null && System.nanoTime() < deadlineNs)
            {
                Thread.sleep(5);
            }
            final Throwable failure = node.pipeline().failure();
            assertNotNull(failure, "the failed event msync stops the idle node");
            DurabilityTest.awaitReported(failures); // the failure is visible just before the handler is told
            assertTrue(String.valueOf(failure.getMessage()).contains("msync of the journal at"), failure::toString);
            assertTrue(failures.size() == 1, "reported once: " + failures);
        }
        catch (final JournalException closing)
        {
            // close() throws the journal's failure again: expected after it
        }
        finally
        {
            PosixAPIHolder.POSIX_API = real;
        }
    }
}
