package io.settlement.app;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.settlement.protocol.wire.LogonEncoder;
import io.settlement.protocol.wire.MessageHeaderDecoder;
import io.settlement.protocol.wire.MessageHeaderEncoder;
import io.settlement.protocol.wire.Reason;
import io.settlement.protocol.wire.SessionRejectDecoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code settlement lockouts} against a server from the example configuration: failed logons from
 * another loopback address lock a participant and that address out; the operator lists and lifts
 * them; {@code hash-secret} refuses an empty secret.
 */
class LockoutsCommandTest
{
    private static final Path CONFIG = Path.of("..", "docs", "examples", "server.conf");

    @TempDir
    Path data;

    @TempDir
    Path configDirectory;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(final String... args)
    {
        return SettlementCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void shouldListAndLiftLockouts() throws Exception
    {
        final ServerCommand server = new ServerCommand();
        final StringWriter serverOut = new StringWriter();
        final CommandLine commandLine = new CommandLine(server).setOut(new PrintWriter(serverOut, true));
        final String config = config().toString();
        final Thread thread = new Thread(() -> commandLine.execute(
            "--config", config, "--data", data.toString(), "--port", "0", "--http-port", "0"), "test-server");
        thread.start();
        assertTrue(server.started.await(30, TimeUnit.SECONDS), "server did not start: " + serverOut);
        try
        {
            final String port = Integer.toString(server.boundPort);
            for (int i = 0; i < 5; i++)
            {
                assertEquals(Reason.BAD_CREDENTIALS, logon(server.boundPort, "127.0.0.2", 1, "wrong-" + i));
            }
            assertEquals(Reason.LOGON_THROTTLED, logon(server.boundPort, "127.0.0.3", 1, "northbank-secret"));

            assertEquals(0, run("lockouts", "--port", port, "--as", "91", "--secret", "ops-secret-91"), err.toString());
            final String table = out.toString();
            assertTrue(table.matches("(?s).*\\nPARTICIPANT\\s+1\\s+5\\s+\\S+Z\\s+\\d+ s\\n.*"), table);
            assertTrue(table.matches("(?s).*\\nADDRESS\\s+127\\.0\\.0\\.2\\s+5\\s+\\S+Z\\s+\\d+ s\\n.*"), table);
            assertTrue(table.contains("2 lockouts in force"), table);

            assertEquals(0, run("lockouts", "--port", port, "--as", "91", "--secret", "ops-secret-91", "--lift", "1"), err.toString());
            assertTrue(out.toString().contains("lifted: participant 1"), out.toString());
            assertEquals(Reason.OK, logon(server.boundPort, "127.0.0.3", 1, "northbank-secret"));
            assertEquals(0, run("lockouts", "--port", port, "--as", "91", "--secret", "ops-secret-91", "--lift", "127.0.0.2"),
                err.toString());
            assertTrue(out.toString().contains("lifted: address 127.0.0.2"), out.toString());

            assertEquals(1, run("lockouts", "--port", port, "--as", "91", "--secret", "ops-secret-91", "--lift", "1"));
            assertEquals("settlement: no failed logons are recorded for participant 1: nothing to lift", err.toString().trim());
            err.getBuffer().setLength(0);
            assertEquals(1, run("lockouts", "--port", port, "--as", "90", "--secret", "risk-secret-90"));
            assertEquals("settlement: participant 90 is RISK; lockouts are for an OPERATOR", err.toString().trim());
        }
        finally
        {
            server.stop();
            thread.join(30_000);
        }
    }

    @Test
    void shouldRefuseToHashAnEmptySecretInOneLine()
    {
        assertEquals(1, run("hash-secret", ""));
        assertEquals("settlement: a secret cannot be empty", err.toString().trim());
        assertEquals("", out.toString());
    }

    /**
     * The example configuration with first lockouts of two minutes, so that they are still in force when the
     * test lists them however slow the machine (the default first lockout, 1 s, ran out under load).
     */
    private Path config() throws IOException
    {
        final String example = Files.readString(CONFIG);
        final String gatewayLine = example.lines().filter(line -> line.startsWith("gateway ")).findFirst().orElseThrow();
        final Path config = configDirectory.resolve("server.conf");
        Files.writeString(config, example.replace(gatewayLine, gatewayLine + " logon-backoff-ms=120000"));
        return config;
    }

    /** One raw logon from {@code from}: OK, or the SessionReject's reason. */
    private static Reason logon(final int port, final String from, final long participantId, final String secret) throws Exception
    {
        try (Socket socket = new Socket())
        {
            socket.bind(new InetSocketAddress(from, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(10_000);
            final UnsafeBuffer frame = new UnsafeBuffer(new byte[14 + LogonEncoder.BLOCK_LENGTH]);
            new LogonEncoder().wrapAndApplyHeader(frame, 6, new MessageHeaderEncoder())
                .correlationId(1).participantId(participantId).secret(secret);
            frame.putInt(0, frame.capacity(), ByteOrder.BIG_ENDIAN);
            frame.putShort(4, (short)0xEB50, ByteOrder.BIG_ENDIAN);
            socket.getOutputStream().write(frame.byteArray());
            final DataInputStream in = new DataInputStream(socket.getInputStream());
            final byte[] answer = new byte[in.readInt()];
            in.readFully(answer, 4, answer.length - 4);
            final UnsafeBuffer reply = new UnsafeBuffer(answer);
            if (new MessageHeaderDecoder().wrap(reply, 6).templateId() != SessionRejectDecoder.TEMPLATE_ID)
            {
                return Reason.OK;
            }
            return new SessionRejectDecoder().wrap(reply, 14, SessionRejectDecoder.BLOCK_LENGTH, 1).reason();
        }
    }
}
