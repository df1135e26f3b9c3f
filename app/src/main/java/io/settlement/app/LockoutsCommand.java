package io.settlement.app;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.concurrent.Callable;

import io.settlement.gateway.sbe.CommandResultDecoder;
import io.settlement.gateway.sbe.LiftLockoutEncoder;
import io.settlement.gateway.sbe.LockoutKind;
import io.settlement.gateway.sbe.LockoutsReportDecoder;
import io.settlement.gateway.sbe.LogonAcceptedDecoder;
import io.settlement.gateway.sbe.LogonEncoder;
import io.settlement.gateway.sbe.MessageHeaderDecoder;
import io.settlement.gateway.sbe.MessageHeaderEncoder;
import io.settlement.gateway.sbe.QueryLockoutsEncoder;
import io.settlement.gateway.sbe.Reason;
import io.settlement.gateway.sbe.Role;
import io.settlement.gateway.sbe.SessionRejectDecoder;
import org.agrona.concurrent.UnsafeBuffer;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code settlement lockouts}: the operator's view of logon lockouts (participant ids and remote
 * addresses refused after repeated failed logons), and {@code --lift} to end one. Talks to the
 * gateway in raw SBE frames (QueryLockouts, LiftLockout: requests the gateway answers itself).
 */
@CommandLine.Command(name = "lockouts", mixinStandardHelpOptions = true,
    description = "Lists the logon lockouts of a running server, or lifts one (OPERATOR only).")
final class LockoutsCommand implements Callable<Integer>
{
    private static final int SOFH_LENGTH = 6;
    private static final int SBE_LITTLE_ENDIAN = 0xEB50;
    private static final int HEADER_LENGTH = SOFH_LENGTH + MessageHeaderEncoder.ENCODED_LENGTH;

    @Option(names = "--lift", paramLabel = "ID|ADDRESS",
        description = "Lift the lockout of a participant id or of a remote IP address.")
    String lift;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Server host (default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "7450", description = "Server port (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--as", required = true, description = "Your participant id (an OPERATOR).")
    long as;

    @Option(names = "--secret", required = true, interactive = true, arity = "0..1",
        description = "Your secret (prompted for when given without a value).")
    String secret;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final UnsafeBuffer out = new UnsafeBuffer(new byte[256]);
    private final MessageHeaderEncoder headerOut = new MessageHeaderEncoder();

    @Override
    public Integer call() throws Exception
    {
        final PrintWriter print = spec.commandLine().getOut();
        if (secret == null || secret.length() > LogonEncoder.secretLength())
        {
            throw new IllegalArgumentException("a secret is 1-" + LogonEncoder.secretLength() + " characters");
        }
        final Socket socket = new Socket();
        try
        {
            socket.connect(new InetSocketAddress(host, port), 5_000);
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("cannot reach a server at " + host + ":" + port);
        }
        try (socket)
        {
            socket.setSoTimeout(10_000);
            final DataInputStream in = new DataInputStream(socket.getInputStream());
            final OutputStream to = socket.getOutputStream();

            final LogonEncoder logon = new LogonEncoder().wrapAndApplyHeader(out, SOFH_LENGTH, headerOut)
                .correlationId(1).participantId(as).secret(secret);
            send(to, logon.encodedLength());
            final UnsafeBuffer accepted = next(in);
            if (templateId(accepted) != LogonAcceptedDecoder.TEMPLATE_ID)
            {
                throw new IllegalArgumentException("logon refused for participant " + as + ": " + reason(accepted));
            }
            final Role role = new LogonAcceptedDecoder().wrap(accepted, HEADER_LENGTH, LogonAcceptedDecoder.BLOCK_LENGTH, 1).role();
            if (role != Role.OPERATOR)
            {
                throw new IllegalArgumentException("participant " + as + " is " + role + "; lockouts are for an OPERATOR");
            }
            return lift != null ? lift(in, to, print) : list(in, to, print);
        }
    }

    private int list(final DataInputStream in, final OutputStream to, final PrintWriter print) throws IOException
    {
        send(to, new QueryLockoutsEncoder().wrapAndApplyHeader(out, SOFH_LENGTH, headerOut).correlationId(2).encodedLength());
        final UnsafeBuffer answer = next(in);
        if (templateId(answer) != LockoutsReportDecoder.TEMPLATE_ID)
        {
            throw new IllegalArgumentException("lockouts refused: " + reason(answer));
        }
        final LockoutsReportDecoder report = new LockoutsReportDecoder()
            .wrap(answer, HEADER_LENGTH, LockoutsReportDecoder.BLOCK_LENGTH, LockoutsReportDecoder.SCHEMA_VERSION);
        final long total = report.total();
        final LockoutsReportDecoder.LockoutsDecoder lockouts = report.lockouts();
        final long nowMs = System.currentTimeMillis();
        if (lockouts.count() > 0)
        {
            print.printf("%-12s %-40s %8s  %-24s %s%n", "kind", "key", "failures", "locked until (UTC)", "remaining");
        }
        for (final LockoutsReportDecoder.LockoutsDecoder line : lockouts)
        {
            final String key = line.kind() == LockoutKind.PARTICIPANT ? Long.toString(line.participantId()) : line.address();
            print.printf("%-12s %-40s %8d  %-24s %,d s%n", line.kind(), key, line.failures(),
                Instant.ofEpochMilli(line.lockedUntil()), Math.max(0, (line.lockedUntil() - nowMs + 999) / 1_000));
        }
        print.printf("%d lockout%s in force%s%n", total, total == 1 ? "" : "s",
            total > lockouts.count() ? " (the " + lockouts.count() + " ending last are listed)" : "");
        print.flush();
        return 0;
    }

    private int lift(final DataInputStream in, final OutputStream to, final PrintWriter print) throws IOException
    {
        final LiftLockoutEncoder request = new LiftLockoutEncoder().wrapAndApplyHeader(out, SOFH_LENGTH, headerOut).correlationId(3);
        final String key;
        if (lift.matches("\\d{1,18}"))
        {
            request.kind(LockoutKind.PARTICIPANT).participantId(Long.parseLong(lift)).address("");
            key = "participant " + lift;
        }
        else
        {
            if (lift.length() > LiftLockoutEncoder.addressLength() || !lift.chars().allMatch(ch -> ch > 32 && ch < 127))
            {
                throw new IllegalArgumentException("--lift takes a participant id or an IP address, not '" + lift + "'");
            }
            request.kind(LockoutKind.ADDRESS).participantId(0).address(lift);
            key = "address " + lift;
        }
        send(to, request.encodedLength());
        final UnsafeBuffer answer = next(in);
        final Reason result = reason(answer);
        switch (result)
        {
            case OK:
                spec.commandLine().getOut().println("lifted: " + key);
                print.flush();
                return 0;
            case NO_SUCH_LOCKOUT:
                throw new IllegalArgumentException("no failed logons are recorded for " + key + ": nothing to lift");
            case INVALID_FIELD:
                throw new IllegalArgumentException("--lift takes a participant id or an IP address, not '" + lift + "'");
            default:
                throw new IllegalArgumentException("lift refused: " + result);
        }
    }

    private void send(final OutputStream to, final int messageLength) throws IOException
    {
        final int frameLength = HEADER_LENGTH + messageLength;
        out.putInt(0, frameLength, ByteOrder.BIG_ENDIAN);
        out.putShort(4, (short)SBE_LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN);
        to.write(out.byteArray(), 0, frameLength);
        to.flush();
    }

    private static UnsafeBuffer next(final DataInputStream in) throws IOException
    {
        final int length;
        try
        {
            length = in.readInt();
        }
        catch (final java.io.EOFException ex)
        {
            throw new IllegalArgumentException("the server closed the connection without an answer");
        }
        if (length < HEADER_LENGTH || length > 65_536)
        {
            throw new IllegalArgumentException("not a settlement gateway (frame length " + length + ")");
        }
        final byte[] frame = new byte[length];
        in.readFully(frame, 4, length - 4);
        return new UnsafeBuffer(frame);
    }

    private static int templateId(final UnsafeBuffer frame)
    {
        return new MessageHeaderDecoder().wrap(frame, SOFH_LENGTH).templateId();
    }

    /** The reason of a SessionReject or the result of a CommandResult. */
    private static Reason reason(final UnsafeBuffer frame)
    {
        final int templateId = templateId(frame);
        if (templateId == SessionRejectDecoder.TEMPLATE_ID)
        {
            return new SessionRejectDecoder().wrap(frame, HEADER_LENGTH, SessionRejectDecoder.BLOCK_LENGTH, 1).reason();
        }
        if (templateId == CommandResultDecoder.TEMPLATE_ID)
        {
            return new CommandResultDecoder().wrap(frame, HEADER_LENGTH, CommandResultDecoder.BLOCK_LENGTH, 1).result();
        }
        throw new IllegalArgumentException("unexpected answer (template " + templateId + ")");
    }
}
