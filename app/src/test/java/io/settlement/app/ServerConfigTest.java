package io.settlement.app;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

import io.settlement.engine.pipeline.PipelineTopology;
import io.settlement.engine.pipeline.WaitStrategyKind;
import io.settlement.journal.Durability;
import io.settlement.journal.SettlementNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The server configuration refuses what could never work, naming the file and line. */
class ServerConfigTest
{
    @TempDir
    Path dir;

    @Test
    void shouldRefuseAHashOfTheEmptySecretNamingTheLine() throws Exception
    {
        final byte[] salt = "sixteen byte slt".getBytes(StandardCharsets.US_ASCII);
        final byte[] hash = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
            .generateSecret(new PBEKeySpec(new char[0], salt, 10_000, 256)).getEncoded();
        final Path file = dir.resolve("server.conf");
        Files.writeString(file, "# one participant\nparticipant id=1 role=MEMBER hash=pbkdf2-sha256$10000$"
            + Base64.getEncoder().encodeToString(salt) + "$" + Base64.getEncoder().encodeToString(hash) + "\n");

        final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> ServerConfig.read(file));
        assertEquals(file + ":2: the hash for participant 1 is the hash of an empty secret; secrets are 1-32 characters",
            refused.getMessage());
    }

    /** A port given as an option and refused is the option's fault, named as the option: the file did not set it. */
    @Test
    void shouldNameThePortOptionThatIsRefused() throws Exception
    {
        final Path file = dir.resolve("server.conf");
        Files.writeString(file, "gateway port=7001\nhttp port=7002\nfix port=7003 session=1:BANKA\n");
        assertNull(ServerConfig.read(file).overridePorts(null, null, null));
        assertNull(ServerConfig.read(file).overridePorts(8001, 8002, 8003));
        assertEquals("--port 70000 is out of range (0 to 65535)", ServerConfig.read(file).overridePorts(70000, null, null));
        assertEquals("--http-port 70001 is out of range (0 to 65535)", ServerConfig.read(file).overridePorts(null, 70001, null));
        assertEquals("--fix-port 70002 is out of range (0 to 65535)", ServerConfig.read(file).overridePorts(8001, 8002, 70002));
    }

    /** Set-up lines carry names in quotes (UTF-8, a '#' inside quotes is not a comment), short codes, ISINs and minor units. */
    @Test
    void shouldReadReferenceDetailsOnSetUpLines() throws Exception
    {
        final Path file = dir.resolve("server.conf");
        Files.writeString(file, "participant id=1 role=MEMBER name=\"Восточный банк #2\" short=EAST   # a member\n"
            + "instrument id=10 kind=SECURITY code=ACME isin=GB00ACME0019 name=\"Acme Industries plc\"\n"
            + "instrument id=840 kind=CURRENCY code=USD name=\"US dollar\" minor-units=2\n"
            + "instrument id=978 kind=CURRENCY code=EUR\n", StandardCharsets.UTF_8);
        final ServerConfig config = ServerConfig.read(file);
        assertEquals(4, config.setUp.size());
        assertEquals("Восточный банк #2", io.settlement.engine.api.Command.text(config.setUp.get(0).name, StandardCharsets.UTF_8));
        assertEquals("EAST", io.settlement.engine.api.Command.text(config.setUp.get(0).shortCode, StandardCharsets.US_ASCII));
        assertEquals("GB00ACME0019", io.settlement.engine.api.Command.text(config.setUp.get(1).isin, StandardCharsets.US_ASCII));
        assertEquals(2, config.setUp.get(2).minorUnits);
        assertEquals(true, config.setUp.get(3).legacyLayout, "no details: as before them");
        // what a restart compares with the journal: the line as the configuration's syntax writes it
        assertEquals("participant id=1 role=MEMBER name=\"Восточный банк #2\" short=EAST", ServerSetUp.describe(config.setUp.get(0)));
        assertEquals("instrument id=10 kind=SECURITY code=ACME isin=GB00ACME0019 name=\"Acme Industries plc\" minor-units=0",
            ServerSetUp.describe(config.setUp.get(1)));
        assertEquals("instrument id=978 kind=CURRENCY code=EUR", ServerSetUp.describe(config.setUp.get(3)));
    }

    @Test
    void shouldReadTheLogonThrottleSettings() throws Exception
    {
        final Path file = dir.resolve("server.conf");
        Files.writeString(file, "gateway port=7450 logon-max-failures=3 logon-backoff-ms=500 logon-max-backoff-ms=60000"
            + " logon-threads=2 logon-queue=16\ngateway logon-tries=3\n");
        final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> ServerConfig.read(file));
        assertEquals(file + ":2: 'gateway' does not take logon-tries", refused.getMessage(), "the first line was read");
    }

    @Test
    void shouldMapTheGatewayLineOntoTheGatewaysPropertiesOverridingSystemProperties() throws Exception
    {
        final Path file = dir.resolve("server.conf");
        Files.writeString(file, "gateway host=127.0.0.1 port=7451 max-frame=1_024 security-log-window-ms=2000"
            + " logon-forget-after-ms=60000\n");
        System.setProperty("settlement.gateway.port", "7452");
        System.setProperty("settlement.gateway.idle-timeout-ms", "5000");
        final ServerConfig config;
        try
        {
            config = ServerConfig.read(file);
        }
        finally
        {
            System.clearProperty("settlement.gateway.port");
            System.clearProperty("settlement.gateway.idle-timeout-ms");
        }
        assertEquals("127.0.0.1", config.gateway.host());
        assertEquals(7451, config.gateway.port(), "the file overrides the system property");
        assertEquals(1024, config.gateway.maxFrameBytes());
        assertEquals(2000, config.gateway.securityLogWindowMs());
        assertEquals(60_000, config.gateway.logonForgetAfterMs());
        assertEquals(5000, config.gateway.idleTimeoutMs(), "a system property the file does not set is read");
    }

    @Test
    void shouldReadTheHttpLineOnlyWhenGivenAndNameTheLineOfABadHttpSetting() throws Exception
    {
        final Path file = dir.resolve("server.conf");
        Files.writeString(file, "gateway port=7450\n");
        assertNull(ServerConfig.read(file).http, "no http line: no HTTP API");

        Files.writeString(file, "gateway port=7450\nhttp port=7481 page-max=50\n");
        assertEquals(7481, ServerConfig.read(file).http.port());

        Files.writeString(file, "http port=7481\nhttp colour=red\n");
        final IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> ServerConfig.read(file));
        assertTrue(unknown.getMessage().startsWith(file + ":2: 'http' does not take colour (it takes host, port,"), unknown.getMessage());

        Files.writeString(file, "http port=7481\n\nhttp max-body-bytes=10\n");
        final IllegalArgumentException small = assertThrows(IllegalArgumentException.class, () -> ServerConfig.read(file));
        assertEquals(file + ":3: http max-body-bytes=10 is out of range (1024 to 16777216)", small.getMessage());

        Files.writeString(file, "http port=7481 tls-keystore=/nonexistent/node.p12 tls-keystore-password=x\n");
        final IllegalArgumentException keystore = assertThrows(IllegalArgumentException.class, () -> ServerConfig.read(file));
        assertEquals(file + ":1: http tls-keystore=/nonexistent/node.p12 is not a readable file", keystore.getMessage());
    }

    @Test
    void shouldNameTheFileAndLineOfAGatewaySettingOutOfRange() throws Exception
    {
        final Path file = dir.resolve("server.conf");
        Files.writeString(file, "# settings\ngateway port=7450\ngateway max-frame=64\n");
        final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> ServerConfig.read(file));
        assertEquals(file + ":3: gateway max-frame=64 is out of range (128 to 16777216)", refused.getMessage());

        Files.writeString(file, "gateway port=7450\ngateway logon-backoff-ms=600000\n");
        final IllegalArgumentException crossed = assertThrows(IllegalArgumentException.class, () -> ServerConfig.read(file));
        assertEquals(file + ":2: gateway logon-max-backoff-ms=300000 is out of range (600000 to 604800000: at least"
            + " settlement.gateway.logon-backoff-ms)", crossed.getMessage(), "the line that set the setting it was checked against");

        Files.writeString(file, "gateway high-water-bytes=4096k\n");
        final IllegalArgumentException garbled = assertThrows(IllegalArgumentException.class, () -> ServerConfig.read(file));
        assertEquals(file + ":1: gateway high-water-bytes=4096k is not a whole number", garbled.getMessage());
    }

    @Test
    void shouldNameASystemPropertyOutOfRangeThatTheFileDoesNotSet() throws Exception
    {
        final Path file = dir.resolve("server.conf");
        Files.writeString(file, "gateway port=7450\n");
        System.setProperty("settlement.gateway.logon-threads", "100");
        try
        {
            final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> ServerConfig.read(file));
            assertEquals("settlement.gateway.logon-threads=100 is out of range (1 to 64)", refused.getMessage());
        }
        finally
        {
            System.clearProperty("settlement.gateway.logon-threads");
        }
    }

    @Test
    void shouldMapTheNodeLinesOntoTheNodesAndThePipelinesSettings() throws Exception
    {
        final Path file = dir.resolve("server.conf");
        Files.writeString(file, "node durability=unsynced topology=staged\nnode wait-strategy=blocking ring-size=4096 snapshots-kept=3\n");
        final SettlementNode.Config config = ServerConfig.read(file).node.config(dir.resolve("data")).conclude();
        assertEquals(Durability.UNSYNCED, config.durability());
        assertEquals(PipelineTopology.STAGED, config.pipeline().topology());
        assertEquals(WaitStrategyKind.BLOCKING, config.pipeline().waitStrategy());
        assertEquals(4096, config.pipeline().ringSize());
        assertEquals(3, config.snapshotsKept());

        Files.writeString(file, "gateway port=7450\n");
        final SettlementNode.Config defaults = ServerConfig.read(file).node.config(dir.resolve("data")).conclude();
        assertEquals(Durability.SYNCED, defaults.durability(), "acknowledged means msynced unless the file says otherwise");
    }

    @Test
    void shouldNameTheLineOfANodeSettingRefused() throws Exception
    {
        final Path file = dir.resolve("server.conf");
        Files.writeString(file, "# node\nnode durability=sometimes\n");
        assertEquals(file + ":2: node durability=sometimes is not one of [SYNCED, UNSYNCED]",
            assertThrows(IllegalArgumentException.class, () -> ServerConfig.read(file)).getMessage());

        Files.writeString(file, "node topology=single\nnode ring-size=1000\n");
        assertEquals(file + ":2: node ring-size=1000 is out of range (a power of two, 1 to 1073741824)",
            assertThrows(IllegalArgumentException.class, () -> ServerConfig.read(file)).getMessage());

        Files.writeString(file, "node sync-every-batch=true\n");
        assertEquals(file + ":1: node sync-every-batch=true is no longer read: set settlement.node.durability=synced (msync"
                + " per batch, the default now) or settlement.node.durability=unsynced",
            assertThrows(IllegalArgumentException.class, () -> ServerConfig.read(file)).getMessage());

        Files.writeString(file, "node port=7450\n");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ServerConfig.read(file)).getMessage()
            .startsWith(file + ":1: 'node' does not take port (it takes snapshots-kept, durability, snapshot-follower, ring-size, wait-strategy,"));
    }
}
