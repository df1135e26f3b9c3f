package io.settlement.gateway;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;

import io.settlement.gateway.client.ClientUsageExample;
import io.settlement.gateway.client.GatewayClient;
import org.junit.jupiter.api.Test;

import static io.settlement.gateway.GatewayFixture.ACME;
import static io.settlement.gateway.GatewayFixture.BANK_A;
import static io.settlement.gateway.GatewayFixture.BANK_B;
import static io.settlement.gateway.GatewayFixture.TODAY;
import static io.settlement.gateway.GatewayFixture.USD;
import static io.settlement.gateway.GatewayFixture.secret;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client artifact needs no JVM flag (issue 9 item 21): a JVM started with no option at all, and on its
 * class path only the packaged settlement-client jar, Netty and the usage example of docs/protocol.md, logs on
 * to a real gateway (in this process, started with the server's flags) and has a deal accepted.
 * <p>
 * Runs in the integration-test phase, after the reactor has packaged (and shaded) the client jar.
 */
class ClientJarWithoutJvmFlagsIT
{
    @Test
    void theClientJarAloneLogsOnAndHasADealAcceptedInAJvmWithoutFlags() throws Exception
    {
        final Path clientJar = codeSource(GatewayClient.class);
        assertTrue(clientJar.getFileName().toString().matches("settlement-client-.*\\.jar"),
            "the packaged client jar, not a class directory: " + clientJar);
        try (JarFile jar = new JarFile(clientJar.toFile()))
        {
            assertNotNull(jar.getEntry("io/settlement/gateway/client/shaded/agrona/concurrent/UnsafeBuffer.class"),
                "the client carries its own Agrona, relocated");
            assertFalse(jar.stream().anyMatch(e -> e.getName().startsWith("org/agrona/")),
                "no class of the org.agrona package in the client jar");
        }
        final List<String> classPath = new ArrayList<>();
        classPath.add(clientJar.toString());
        for (final String entry : System.getProperty("java.class.path").split(File.pathSeparator))
        {
            if (Path.of(entry).getFileName().toString().startsWith("netty-"))
            {
                classPath.add(entry);
            }
        }
        assertTrue(classPath.size() > 1, "Netty jars on the test class path");
        classPath.add(codeSource(ClientUsageExample.class).toString());

        try (GatewayFixture f = new GatewayFixture(new GatewayConfig()))
        {
            final ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", String.join(File.pathSeparator, classPath),
                ClientUsageExample.class.getName(),
                "127.0.0.1", String.valueOf(f.server.port()), String.valueOf(BANK_A), secret(BANK_A),
                String.valueOf(BANK_B), String.valueOf(ACME), String.valueOf(USD), String.valueOf(TODAY))
                .redirectErrorStream(true);
            builder.environment().remove("JAVA_TOOL_OPTIONS");
            builder.environment().remove("JDK_JAVA_OPTIONS");
            builder.environment().remove("_JAVA_OPTIONS");
            final Process child = builder.start();
            final boolean exited = child.waitFor(60, TimeUnit.SECONDS);
            if (!exited)
            {
                child.destroyForcibly();
            }
            final String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(exited, "the example ended within 60 s; it printed:\n" + output);
            assertEquals(0, child.exitValue(), output);
            assertTrue(output.contains("accepted deal 1 at sequence "), output);
            assertFalse(output.contains("IllegalAccessError"), output);
        }
    }

    private static Path codeSource(final Class<?> type) throws URISyntaxException, IOException
    {
        final Path path = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertTrue(Files.exists(path), path.toString());
        return path;
    }
}
