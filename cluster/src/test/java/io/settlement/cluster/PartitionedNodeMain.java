package io.settlement.cluster;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import io.aeron.cluster.client.AeronCluster;
import io.aeron.driver.ext.DebugReceiveChannelEndpoint;
import io.aeron.driver.ext.DebugSendChannelEndpoint;
import io.aeron.driver.ext.LossGenerator;
import io.aeron.protocol.HeaderFlyweight;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A cluster node (as {@link ClusterNodeCommand} runs it) that a test can cut off from the other members: while the
 * file {@link #CUT_OFF_FILE} exists in the node's directory, its media driver drops every UDP frame it sends or
 * receives but a cluster client's (ingress and egress streams), in both directions: what a network partition between
 * this node and the others does, clients still reaching it. The driver's debug channel endpoints do the dropping
 * (Aeron's own loss generators); they are installed through {@link ClusterNode#testDriverSettings}, which only a main
 * class on the tests' class path sets.
 */
public final class PartitionedNodeMain
{
    static final String CUT_OFF_FILE = "cut-off";
    private static final long LOOK_EVERY_MS = 20;
    private static volatile boolean cutOff;

    private PartitionedNodeMain()
    {
    }

    public static void main(final String[] args)
    {
        Path dir = null;
        for (final String arg : args)
        {
            if (arg.startsWith("--dir="))
            {
                dir = Path.of(arg.substring("--dir=".length()));
            }
        }
        if (dir == null)
        {
            throw new IllegalArgumentException("no --dir=DIR among " + String.join(" ", args));
        }
        final Path cutOffFile = dir.resolve(CUT_OFF_FILE);
        final Thread watch = new Thread(() ->
        {
            while (true)
            {
                final boolean cut = Files.exists(cutOffFile);
                if (cut != cutOff)
                {
                    cutOff = cut;
                    System.out.println(cut ? "cut off from the other members" : "reconnected to the other members");
                }
                try
                {
                    Thread.sleep(LOOK_EVERY_MS);
                }
                catch (final InterruptedException ex)
                {
                    return;
                }
            }
        }, "cut-off-watch");
        watch.setDaemon(true);
        watch.start();
        final LossGenerator partition = PartitionedNodeMain::dropsFrame;
        ClusterNode.testDriverSettings = context -> context
            .sendChannelEndpointSupplier((channel, status, ctx) -> new DebugSendChannelEndpoint(channel, status, ctx, partition, partition))
            .receiveChannelEndpointSupplier((channel, dispatcher, status, ctx) ->
                new DebugReceiveChannelEndpoint(channel, dispatcher, status, ctx, partition, partition));
        ClusterNodeCommand.main(args);
    }

    /** While cut off: every frame but a client's (data, setup, status, NAK, RTT... of the ingress or egress stream). */
    static boolean dropsFrame(final InetSocketAddress address, final UnsafeBuffer buffer, final int length)
    {
        if (!cutOff)
        {
            return false;
        }
        if (length < HeaderFlyweight.MIN_HEADER_LENGTH)
        {
            return true;
        }
        final int type = buffer.getShort(HeaderFlyweight.TYPE_FIELD_OFFSET, java.nio.ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        // data, padding and setup frames carry the stream id at 16; status, NAK, RTT, error and response setup at 12
        final int streamIdOffset = type == HeaderFlyweight.HDR_TYPE_DATA || type == HeaderFlyweight.HDR_TYPE_PAD
            || type == HeaderFlyweight.HDR_TYPE_SETUP ? 16 : 12;
        if (length < streamIdOffset + 4)
        {
            return true;
        }
        final int streamId = buffer.getInt(streamIdOffset, java.nio.ByteOrder.LITTLE_ENDIAN);
        return streamId != AeronCluster.Configuration.INGRESS_STREAM_ID_DEFAULT
            && streamId != AeronCluster.Configuration.EGRESS_STREAM_ID_DEFAULT;
    }
}
