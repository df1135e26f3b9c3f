package io.settlement.app;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code settlement server} running on a thread (any free port), with its output; {@link #stop} stops it gracefully. */
final class RunningServer
{
    final ServerCommand command = new ServerCommand();
    final StringWriter out = new StringWriter();
    final Thread thread;
    volatile int exitCode = -1;

    RunningServer(final Path config, final Path data) throws InterruptedException
    {
        final CommandLine commandLine = new CommandLine(command).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(out, true));
        thread = new Thread(() -> exitCode = commandLine.execute(
            "--config", config.toString(), "--data", data.toString(), "--port", "0", "--http-port", "0"), "test-server");
        thread.start();
        assertTrue(command.started.await(30, TimeUnit.SECONDS), "server did not start: " + out);
    }

    int port()
    {
        return command.boundPort;
    }

    /** @return everything it printed. */
    String stop() throws InterruptedException
    {
        command.stop();
        thread.join(30_000);
        assertEquals(0, exitCode, out.toString());
        return out.toString();
    }
}
