package io.settlement.benchmarks;

import java.util.concurrent.TimeUnit;

import io.settlement.engine.api.Command;
import io.settlement.engine.api.CommandCodec;
import io.settlement.protocol.wire.DealType;
import io.settlement.protocol.wire.MessageHeaderDecoder;
import io.settlement.protocol.wire.MessageHeaderEncoder;
import io.settlement.protocol.wire.SubmitDealDecoder;
import io.settlement.protocol.wire.SubmitDealEncoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The codecs on the hot path: the wire (SBE SubmitDeal, generated) and the journal (the engine's
 * own CommandCodec), encode and decode, per message.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CodecBenchmark
{
    private final UnsafeBuffer wire = new UnsafeBuffer(new byte[128]);
    private final UnsafeBuffer journal = new UnsafeBuffer(new byte[CommandCodec.MAX_LENGTH]);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final SubmitDealEncoder sbeEncoder = new SubmitDealEncoder();
    private final SubmitDealDecoder sbeDecoder = new SubmitDealDecoder();
    private final Command command = new Command();
    private final Command decoded = new Command();
    private long clientDealId;

    @Setup
    public void setUp()
    {
        command.submitDeal(1, 7, 42, 1, 2, 101, 840, 100, 1_000_000, 20260105, DealType.DVP);
        command.sequence = 1;
        encodeSbe();
        CommandCodec.encode(command, journal, 0);
    }

    @Benchmark
    public int encodeSbe()
    {
        sbeEncoder.wrapAndApplyHeader(wire, 6, headerEncoder)
            .correlationId(++clientDealId).clientDealId(clientDealId).buyerId(1).sellerId(2).securityId(101)
            .currencyId(840).quantity(100).cashAmount(1_000_000).settlementDate(20260105)
            .dealType(io.settlement.protocol.wire.DealType.DVP);
        return sbeEncoder.encodedLength();
    }

    @Benchmark
    public long decodeSbeIntoCommand()
    {
        headerDecoder.wrap(wire, 6);
        sbeDecoder.wrap(wire, 6 + MessageHeaderDecoder.ENCODED_LENGTH, headerDecoder.blockLength(), headerDecoder.version());
        decoded.clientDealId = sbeDecoder.clientDealId();
        decoded.buyerId = sbeDecoder.buyerId();
        decoded.sellerId = sbeDecoder.sellerId();
        decoded.securityId = sbeDecoder.securityId();
        decoded.currencyId = sbeDecoder.currencyId();
        decoded.quantity = sbeDecoder.quantity();
        decoded.cashAmount = sbeDecoder.cashAmount();
        decoded.settlementDate = sbeDecoder.settlementDate();
        decoded.dealType = (byte)sbeDecoder.dealTypeRaw();
        return decoded.clientDealId + decoded.quantity;
    }

    @Benchmark
    public int encodeJournal()
    {
        command.sequence++;
        return CommandCodec.encode(command, journal, 0);
    }

    @Benchmark
    public boolean decodeJournal()
    {
        return CommandCodec.decode(journal, 0, CommandCodec.encodedLength(command.type), decoded);
    }

}
