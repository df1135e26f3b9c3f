package io.settlement.cluster;

import java.io.IOException;
import java.nio.file.Path;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Image;
import io.aeron.Subscription;
import io.settlement.engine.EngineConfig;
import io.settlement.engine.SettlementEngine;
import io.settlement.engine.api.Command;
import io.aeron.driver.MediaDriver;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The engine's state through an Aeron publication and back, over a real (IPC) publication and image. */
class SnapshotTransferTest
{
    private static final int STREAM = 77;

    @TempDir
    Path dir;

    private MediaDriver driver;
    private Aeron aeron;
    private ExclusivePublication publication;
    private Subscription subscription;

    @BeforeEach
    void start()
    {
        driver = ClusterClient.launchDriver(dir.resolve("aeron").toString());
        aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
        // a term long enough to hold a whole snapshot: nothing reads while it is written
        publication = aeron.addExclusivePublication("aeron:ipc?term-length=4m", STREAM);
        subscription = aeron.addSubscription("aeron:ipc", STREAM);
        while (!publication.isConnected() || subscription.imageCount() == 0)
        {
            Thread.onSpinWait();
        }
    }

    @AfterEach
    void stop()
    {
        org.agrona.CloseHelper.quietCloseAll(subscription, publication, aeron, driver);
    }

    private Image image()
    {
        return subscription.imageAtIndex(0);
    }

    @Test
    void shouldReadBackTheStateItWrote() throws IOException
    {
        final SettlementEngine engine = new SettlementEngine();
        long sequence = 0;
        for (final Command command : TestCluster.market())
        {
            command.sequence = ++sequence;
            engine.apply(command, (event, buffer, offset, length) -> {});
        }
        for (int i = 1; i <= 2_000; i++) // a state of several chunks
        {
            final Command deal = TestCluster.deal(i);
            deal.sequence = ++sequence;
            engine.apply(deal, (event, buffer, offset, length) -> {});
        }
        SnapshotTransfer.write(engine, engine.lastSequence(), publication, new BusySpinIdleStrategy());
        final SnapshotTransfer.Loaded loaded = SnapshotTransfer.read(image(), new EngineConfig(), new BusySpinIdleStrategy());
        assertEquals(engine.stateHash(), loaded.engine().stateHash());
        assertEquals(engine.lastSequence(), loaded.engine().lastSequence());
        assertEquals(engine.lastSequence(), loaded.commandsJournaled());
    }

    @Test
    void shouldReadBackWhoseTheSessionsWantPushes() throws IOException
    {
        final SettlementEngine engine = new SettlementEngine();
        final PushWants wants = new PushWants();
        wants.put(5, new long[] {2, 1, 2});
        wants.put(3, new long[0]);
        SnapshotTransfer.write(engine, 0, wants, publication, new BusySpinIdleStrategy());
        final PushWants loaded = SnapshotTransfer.read(image(), new EngineConfig(), new BusySpinIdleStrategy()).wants();
        assertArrayEquals(new long[] {3, 5}, loaded.sessions());
        assertArrayEquals(new long[] {1, 2}, loaded.of(5));
        assertArrayEquals(new long[0], loaded.of(3));
        assertTrue(loaded.wants(5, 0, 2), "session 5 wants a push to participant 2");
        assertFalse(loaded.wants(3, 1, 2), "session 3 wants none");
        assertTrue(loaded.wants(9, 1, 2), "a session that said nothing wants every push");
    }

    @Test
    void shouldReadASnapshotOfTheFirstFormatAsWantingEveryPush() throws IOException
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
        buffer.putInt(0, SnapshotTransfer.HEADER, ClusterProtocol.ORDER);
        buffer.putLong(4, SnapshotTransfer.MAGIC, ClusterProtocol.ORDER);
        buffer.putInt(12, 1, ClusterProtocol.ORDER);
        buffer.putLong(16, 0, ClusterProtocol.ORDER);
        offer(buffer, 32);
        final java.io.ByteArrayOutputStream state = new java.io.ByteArrayOutputStream();
        io.settlement.engine.EngineSnapshot.write(new SettlementEngine(), state);
        final byte[] bytes = state.toByteArray();
        final java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        final UnsafeBuffer chunk = new UnsafeBuffer(new byte[4 + SnapshotTransfer.CHUNK_BYTES]);
        for (int at = 0; at < bytes.length; at += SnapshotTransfer.CHUNK_BYTES)
        {
            final int n = Math.min(SnapshotTransfer.CHUNK_BYTES, bytes.length - at);
            chunk.putInt(0, SnapshotTransfer.CHUNK, ClusterProtocol.ORDER);
            chunk.putBytes(4, bytes, at, n);
            crc.update(bytes, at, n);
            offer(chunk, 4 + n);
        }
        buffer.putInt(0, SnapshotTransfer.END, ClusterProtocol.ORDER);
        buffer.putLong(4, bytes.length, ClusterProtocol.ORDER);
        buffer.putInt(12, (int)crc.getValue(), ClusterProtocol.ORDER);
        offer(buffer, 16);
        final PushWants loaded = SnapshotTransfer.read(image(), new EngineConfig(), new BusySpinIdleStrategy()).wants();
        assertEquals(0, loaded.sessions().length);
        assertTrue(loaded.wants(1, 0, 2));
    }

    @Test
    void shouldRefuseASnapshotWhoseChecksumDisagrees()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
        buffer.putInt(0, SnapshotTransfer.HEADER, ClusterProtocol.ORDER);
        buffer.putLong(4, SnapshotTransfer.MAGIC, ClusterProtocol.ORDER);
        buffer.putInt(12, SnapshotTransfer.FORMAT, ClusterProtocol.ORDER);
        offer(buffer, 32);
        buffer.putInt(0, SnapshotTransfer.CHUNK, ClusterProtocol.ORDER);
        buffer.putLong(4, 0x1234_5678L, ClusterProtocol.ORDER);
        offer(buffer, 12);
        buffer.putInt(0, SnapshotTransfer.END, ClusterProtocol.ORDER);
        buffer.putLong(4, 8, ClusterProtocol.ORDER);
        buffer.putInt(12, 42, ClusterProtocol.ORDER); // not the CRC32C of those 8 bytes
        offer(buffer, 16);
        final IOException refused = assertThrows(IOException.class,
            () -> SnapshotTransfer.read(image(), new EngineConfig(), new BusySpinIdleStrategy()));
        assertTrue(refused.getMessage().contains("CRC32C mismatch over its 8 bytes"), refused.getMessage());
    }

    @Test
    void shouldRefuseSomethingElseThanASnapshot()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
        buffer.putInt(0, SnapshotTransfer.HEADER, ClusterProtocol.ORDER);
        buffer.putLong(4, 0x0102_0304L, ClusterProtocol.ORDER);
        offer(buffer, 32);
        final IOException refused = assertThrows(IOException.class,
            () -> SnapshotTransfer.read(image(), new EngineConfig(), new BusySpinIdleStrategy()));
        assertTrue(refused.getMessage().contains("not a settlement engine snapshot"), refused.getMessage());
    }

    private void offer(final UnsafeBuffer buffer, final int length)
    {
        while (publication.offer(buffer, 0, length) < 0)
        {
            Thread.onSpinWait();
        }
    }
}
