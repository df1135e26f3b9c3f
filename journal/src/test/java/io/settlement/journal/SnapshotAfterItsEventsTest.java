package io.settlement.journal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.settlement.engine.api.Command;
import io.settlement.engine.pipeline.PipelineTopology;
import io.settlement.protocol.wire.InstrumentKind;
import net.openhft.posix.PosixAPI;
import net.openhft.posix.internal.PosixAPIHolder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A snapshot is published (renamed into place and forced) only once its events are msynced: the event journal is
 * msynced behind, and a snapshot published while the msync of its events' batch was in flight left, after a power
 * cut, a durable snapshot beside an event journal ending before it, which recovery refuses.
 */
class SnapshotAfterItsEventsTest
{
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(PipelineTopology.class)
    void shouldNotPublishASnapshotBeforeItsEventsAreOnDisk(final PipelineTopology topology) throws Exception
    {
        final CountDownLatch release = new CountDownLatch(1);
        final PosixAPI real = PosixAPI.posix();
        PosixAPIHolder.POSIX_API = (PosixAPI)Proxy.newProxyInstance(PosixAPI.class.getClassLoader(),
            new Class<?>[] {PosixAPI.class}, (proxy, method, args) -> invoke(real, release, method, args));
        final SettlementNode.Config config = new SettlementNode.Config(dir, name -> null).log(line -> {})
            .snapshotIntervalCommands(1);
        config.pipeline().topology(topology);
        final Path snapshot = new DataDirectory(dir).snapshots().resolve(SnapshotStore.fileName(1));
        try
        {
            try (SettlementNode node = SettlementNode.start(config))
            {
                node.client(0).send(new Command().createInstrument(0, 0, 10, InstrumentKind.SECURITY, "ACME"));
                final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (!Files.exists(snapshot) && System.nanoTime() < deadlineNs)
                {
                    Thread.sleep(1);
                }
                final boolean published = Files.exists(snapshot);
                final long eventsSynced = node.eventJournalCounters().syncedBytes();
                final long eventsWritten = node.eventJournalCounters().bytes();
                release.countDown();
                assertTrue(!published || eventsSynced == eventsWritten,
                    "snapshot 1 renamed into place and forced while its events (" + eventsWritten
                        + " bytes) are not msynced (" + eventsSynced + ")");
                // and once they are, it is published
                final long laterNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!Files.exists(snapshot) && System.nanoTime() < laterNs)
                {
                    Thread.sleep(1);
                }
                assertTrue(Files.exists(snapshot), "snapshot 1 published once its events are on disk");
            }
        }
        finally
        {
            release.countDown();
            PosixAPIHolder.POSIX_API = real;
        }
    }

    private static Object invoke(final PosixAPI real, final CountDownLatch release, final Method method, final Object[] args)
        throws Throwable
    {
        if (method.getName().equals("msync") && Thread.currentThread().getName().equals("msync-events"))
        {
            release.await(); // the event journal's msync takes a while (a big batch, a busy disk)
        }
        try
        {
            return method.invoke(real, args);
        }
        catch (final InvocationTargetException ex)
        {
            throw ex.getCause();
        }
    }
}
