package io.settlement.gateway;

import java.nio.ByteOrder;
import java.util.SplittableRandom;

import io.settlement.protocol.wire.LiftLockoutEncoder;
import io.settlement.protocol.wire.LockoutKind;
import io.settlement.protocol.wire.LogonEncoder;
import io.settlement.protocol.wire.MessageHeaderEncoder;
import io.settlement.protocol.wire.QueryLimitsEncoder;
import io.settlement.protocol.wire.QueryLockoutsEncoder;
import io.settlement.protocol.wire.QueryPositionEncoder;
import io.settlement.protocol.wire.SubmitDealEncoder;
import org.agrona.concurrent.UnsafeBuffer;

/** Raw SOFH + SBE frames for tests that talk to the server below the client library. */
final class FrameFactory
{
    private static final int[] REQUEST_TEMPLATES = {1, 2, 10, 11, 12, 13, 14, 20, 21, 22, 23, 24, 25, 26, 30, 31};

    private FrameFactory()
    {
    }

    static byte[] logon(final long participantId, final String secret)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[Frames.HEADER_LENGTH + LogonEncoder.BLOCK_LENGTH]);
        new LogonEncoder().wrapAndApplyHeader(buffer, Frames.SOFH_LENGTH, new MessageHeaderEncoder())
            .correlationId(1).participantId(participantId).secret(secret);
        ResponseEncoder.writeSofh(buffer, 0, buffer.capacity());
        return buffer.byteArray();
    }

    /** A Logon whose 32-byte secret field holds exactly {@code secretField} (zero padded after it). */
    static byte[] logon(final long participantId, final byte[] secretField)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[Frames.HEADER_LENGTH + LogonEncoder.BLOCK_LENGTH]);
        final byte[] field = java.util.Arrays.copyOf(secretField, LogonEncoder.secretLength());
        new LogonEncoder().wrapAndApplyHeader(buffer, Frames.SOFH_LENGTH, new MessageHeaderEncoder())
            .correlationId(1).participantId(participantId).putSecret(field, 0);
        ResponseEncoder.writeSofh(buffer, 0, buffer.capacity());
        return buffer.byteArray();
    }

    /** A DVP SubmitDeal of {@code quantity} ACME for {@code cash} USD. */
    static byte[] submitDeal(final long correlationId, final long clientDealId, final long buyerId, final long sellerId,
        final int securityId, final int currencyId, final long quantity, final long cash, final int settlementDate)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[Frames.HEADER_LENGTH + SubmitDealEncoder.BLOCK_LENGTH]);
        new SubmitDealEncoder().wrapAndApplyHeader(buffer, Frames.SOFH_LENGTH, new MessageHeaderEncoder())
            .correlationId(correlationId).clientDealId(clientDealId).buyerId(buyerId).sellerId(sellerId)
            .securityId(securityId).currencyId(currencyId).quantity(quantity).cashAmount(cash)
            .settlementDate(settlementDate).dealType(io.settlement.protocol.wire.DealType.DVP);
        ResponseEncoder.writeSofh(buffer, 0, buffer.capacity());
        return buffer.byteArray();
    }

    static byte[] queryPosition(final long correlationId, final long participantId, final int instrumentId)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[Frames.HEADER_LENGTH + QueryPositionEncoder.BLOCK_LENGTH]);
        new QueryPositionEncoder().wrapAndApplyHeader(buffer, Frames.SOFH_LENGTH, new MessageHeaderEncoder())
            .correlationId(correlationId).participantId(participantId).instrumentId(instrumentId);
        ResponseEncoder.writeSofh(buffer, 0, buffer.capacity());
        return buffer.byteArray();
    }

    static byte[] queryLockouts(final long correlationId)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[Frames.HEADER_LENGTH + QueryLockoutsEncoder.BLOCK_LENGTH]);
        new QueryLockoutsEncoder().wrapAndApplyHeader(buffer, Frames.SOFH_LENGTH, new MessageHeaderEncoder())
            .correlationId(correlationId);
        ResponseEncoder.writeSofh(buffer, 0, buffer.capacity());
        return buffer.byteArray();
    }

    static byte[] liftLockout(final long correlationId, final LockoutKind kind, final long participantId, final String address)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[Frames.HEADER_LENGTH + LiftLockoutEncoder.BLOCK_LENGTH]);
        new LiftLockoutEncoder().wrapAndApplyHeader(buffer, Frames.SOFH_LENGTH, new MessageHeaderEncoder())
            .correlationId(correlationId).kind(kind).participantId(participantId).address(address);
        ResponseEncoder.writeSofh(buffer, 0, buffer.capacity());
        return buffer.byteArray();
    }

    static byte[] queryLimits(final long correlationId, final long participantId)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[Frames.HEADER_LENGTH + QueryLimitsEncoder.BLOCK_LENGTH]);
        new QueryLimitsEncoder().wrapAndApplyHeader(buffer, Frames.SOFH_LENGTH, new MessageHeaderEncoder())
            .correlationId(correlationId).participantId(participantId);
        ResponseEncoder.writeSofh(buffer, 0, buffer.capacity());
        return buffer.byteArray();
    }

    /** A well-framed request of a random template whose block is random bytes. */
    static byte[] randomRequest(final SplittableRandom random)
    {
        final int templateId = REQUEST_TEMPLATES[random.nextInt(REQUEST_TEMPLATES.length)];
        final int blockLength = Frames.requestBlockLength(templateId);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[Frames.HEADER_LENGTH + blockLength]);
        ResponseEncoder.writeSofh(buffer, 0, buffer.capacity());
        new MessageHeaderEncoder().wrap(buffer, Frames.SOFH_LENGTH)
            .blockLength(blockLength).templateId(templateId).schemaId(1).version(1);
        for (int i = Frames.HEADER_LENGTH; i < buffer.capacity(); i++)
        {
            buffer.putByte(i, (byte)random.nextInt(256));
        }
        return buffer.byteArray();
    }

    /** A frame damaged in one of the ways a broken or hostile client damages frames. */
    static byte[] mutated(final SplittableRandom random)
    {
        final byte[] frame = randomRequest(random);
        final UnsafeBuffer buffer = new UnsafeBuffer(frame);
        switch (random.nextInt(8))
        {
            case 0: // a random byte anywhere
                frame[random.nextInt(frame.length)] = (byte)random.nextInt(256);
                return frame;
            case 1: // a SOFH length that lies
                buffer.putInt(0, random.nextInt(), ByteOrder.BIG_ENDIAN);
                return frame;
            case 2: // another encoding type
                buffer.putShort(4, (short)random.nextInt(65536), ByteOrder.BIG_ENDIAN);
                return frame;
            case 3: // an unknown or reply template
                buffer.putShort(Frames.SOFH_LENGTH + 2, (short)(32 + random.nextInt(200)), ByteOrder.LITTLE_ENDIAN);
                return frame;
            case 4: // another schema or version
                buffer.putShort(Frames.SOFH_LENGTH + 4 + 2 * random.nextInt(2), (short)(2 + random.nextInt(100)),
                    ByteOrder.LITTLE_ENDIAN);
                return frame;
            case 5: // a block length that is not the template's
                buffer.putShort(Frames.SOFH_LENGTH, (short)random.nextInt(200), ByteOrder.LITTLE_ENDIAN);
                return frame;
            case 6: // truncated, with its length still claiming the full frame
                return java.util.Arrays.copyOf(frame, 1 + random.nextInt(frame.length - 1));
            default: // noise
                final byte[] noise = new byte[1 + random.nextInt(64)];
                random.nextBytes(noise);
                return noise;
        }
    }
}
