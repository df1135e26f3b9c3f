package io.settlement.engine.pipeline;

import com.lmax.disruptor.EventTranslatorOneArg;
import com.lmax.disruptor.RingBuffer;
import io.settlement.engine.api.Command;
import io.settlement.engine.api.CommandCodec;
import io.settlement.engine.api.CommandType;
import io.settlement.protocol.wire.Reason;
import org.agrona.DirectBuffer;

/**
 * A producer for one session: offers commands to the ring without ever blocking, each stamped with
 * the session so the router can send its outcomes back. {@link #tryPublish(Command)} is thread safe
 * (it holds nothing mutable); {@link #tryPublishWire} is for one caller at a time.
 */
public final class Publisher implements CommandPublisher, EventTranslatorOneArg<CommandSlot, Command>
{
    private final SettlementPipeline pipeline;
    private final RingBuffer<CommandSlot> ring;
    private final long sessionId;
    private final WireTranslator wire = new WireTranslator();

    Publisher(final SettlementPipeline pipeline, final RingBuffer<CommandSlot> ring, final long sessionId)
    {
        this.pipeline = pipeline;
        this.ring = ring;
        this.sessionId = sessionId;
    }

    @Override
    public long sessionId()
    {
        return sessionId;
    }

    /**
     * @return OK when queued (the command was encoded into a slot); BUSY when the ring is full
     * (nothing was queued: try later); UNAVAILABLE when the pipeline has stopped.
     */
    @Override
    public Reason tryPublish(final Command command)
    {
        if (command.type == null)
        {
            // checked before a slot is claimed: the ring publishes a claimed slot even if its translator throws
            throw new IllegalArgumentException("a command without a type");
        }
        if (!pipeline.isAccepting())
        {
            return Reason.UNAVAILABLE;
        }
        if (!ring.tryPublishEvent(this, command))
        {
            return Reason.BUSY;
        }
        pipeline.published();
        return Reason.OK;
    }

    /**
     * Queues a wire request as it came, its block copied once into the slot behind the command
     * header ({@link CommandCodec#fromWire}): nothing is decoded on the way to the journal. Not
     * thread safe: one caller at a time (a gateway session's event loop).
     *
     * @param block the request's block (after its SBE message header) in {@code buffer}
     * @return as {@link #tryPublish(Command)}.
     * @throws IllegalArgumentException when the template is not a command or the block not its length (this
     * build's, or the earlier layout {@link CommandCodec#legacyBlockLength} gives).
     */
    @Override
    public Reason tryPublishWire(
        final int templateId, final long submitterId, final DirectBuffer buffer, final int block, final int blockLength)
    {
        // checked before a slot is claimed: the ring publishes a claimed slot even if its translator throws
        final CommandType type = CommandPublisher.wireCommandType(templateId, blockLength);
        if (!pipeline.isAccepting())
        {
            return Reason.UNAVAILABLE;
        }
        wire.set(templateId, type.isQuery(), submitterId, buffer, block, blockLength);
        if (!ring.tryPublishEvent(wire, this))
        {
            return Reason.BUSY;
        }
        pipeline.published();
        return Reason.OK;
    }

    @Override
    public void translateTo(final CommandSlot slot, final long ringSequence, final Command command)
    {
        slot.encode(command, sessionId);
    }

    /** The wire request being published by one {@link Publisher}; its caller's thread only. */
    private static final class WireTranslator implements EventTranslatorOneArg<CommandSlot, Publisher>
    {
        private int templateId;
        private boolean query;
        private long submitterId;
        private DirectBuffer buffer;
        private int block;
        private int blockLength;

        void set(
            final int templateId, final boolean query, final long submitterId, final DirectBuffer buffer, final int block,
            final int blockLength)
        {
            this.templateId = templateId;
            this.query = query;
            this.submitterId = submitterId;
            this.buffer = buffer;
            this.block = block;
            this.blockLength = blockLength;
        }

        /** Cannot fail: the template and the block's length were checked before the slot was claimed. */
        @Override
        public void translateTo(final CommandSlot slot, final long ringSequence, final Publisher publisher)
        {
            slot.recordLength = CommandCodec.fromWire(slot.record, templateId, submitterId, buffer, block, blockLength);
            slot.query = query;
            slot.sessionId = publisher.sessionId;
        }
    }
}
