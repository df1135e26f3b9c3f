package io.settlement.app;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code gateway --cluster}: the members' endpoints as Aeron takes them; bad ones refused with the reason, before anything starts. */
class ClusterGatewayCommandTest
{
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(final String... args)
    {
        return SettlementCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void shouldNumberTheMembersInTheOrderGiven()
    {
        assertEquals("0=a:9001,1=b:9011,2=c:9021", ClusterGatewayCommand.ingressEndpoints("a:9001,b:9011,c:9021"));
        assertEquals("0=localhost:9001,1=localhost:9011", ClusterGatewayCommand.ingressEndpoints("0=localhost:9001,1=localhost:9011"));
    }

    @Test
    void shouldRefuseAnEntryThatIsNotHostAndPort()
    {
        assertEquals("entry 2 'b' is not HOST:PORT (a port of 1 to 65535)",
            assertThrows(IllegalArgumentException.class, () -> ClusterGatewayCommand.ingressEndpoints("a:9001,b,c:9021")).getMessage());
        assertEquals("entry 1 'a:99999' is not HOST:PORT (a port of 1 to 65535)",
            assertThrows(IllegalArgumentException.class, () -> ClusterGatewayCommand.ingressEndpoints("a:99999")).getMessage());
        assertEquals("entry 2 '2=b:9011' is not member 1 (members in id order)",
            assertThrows(IllegalArgumentException.class, () -> ClusterGatewayCommand.ingressEndpoints("0=a:9001,2=b:9011")).getMessage());
    }

    @Test
    void shouldRefuseBadEndpointsBeforeReadingTheConfiguration() throws Exception
    {
        final Path config = dir.resolve("server.conf");
        Files.writeString(config, "");
        assertEquals(2, run("gateway", "--config=" + config, "--cluster=localhost:9001,localhost"));
        assertTrue(err.toString().contains("--cluster localhost:9001,localhost: entry 2 'localhost' is not HOST:PORT"), err::toString);
    }

    @Test
    void shouldRefuseAConfigurationWhoseFirstSetUpLineDoesNotCreateAParticipantOrAnInstrument() throws Exception
    {
        final Path config = dir.resolve("server.conf");
        Files.writeString(config, "gateway port=7450\n\ndeposit participant=1 instrument=840 amount=100\n"
            + "participant id=1 role=MEMBER name=\"Northbank AG\" short=NORTHBANK\n"
            + "instrument id=840 kind=CURRENCY code=USD name=\"US dollar\" minor-units=2\n");
        assertEquals(2, run("gateway", "--config=" + config, "--cluster=localhost:9001"));
        assertTrue(err.toString().contains(config + ":3: 'deposit participant=1 instrument=840 amount=100': the first set-up line must "
            + "create a participant or an instrument for the gateway in front of a cluster"), err::toString);
    }

    @Test
    void shouldRefuseASetUpFromALineThatIsNotASetUpLine() throws Exception
    {
        final Path config = dir.resolve("server.conf");
        Files.writeString(config, "gateway port=7450\nparticipant id=1 role=MEMBER name=\"Northbank AG\" short=NORTHBANK\n");
        assertEquals(2, run("gateway", "--config=" + config, "--cluster=localhost:9001", "--set-up-from=1"));
        assertTrue(err.toString().contains("--set-up-from 1: line 1 of " + config + " is not a set-up line"), err::toString);
    }

    @Test
    void shouldRefuseChannelsWithoutJournalsToReadOrADirectoryOfTheirOwnBeforeConnecting() throws Exception
    {
        final Path config = dir.resolve("server.conf");
        Files.writeString(config, "gateway port=0\nhttp port=0\nparticipant id=1 role=MEMBER name=\"Northbank AG\" short=NORTHBANK\n");
        assertEquals(2, run("gateway", "--config=" + config, "--cluster=localhost:9001"));
        assertTrue(err.toString().contains("--read-from is needed for the HTTP API of " + config + ": name a cluster node's directory "
            + "on this machine"), err::toString);

        assertEquals(2, run("gateway", "--config=" + config, "--cluster=localhost:9001", "--read-from=" + dir));
        assertTrue(err.toString().contains("--dir is needed for the HTTP API of " + config), err::toString);

        final Path node = dir.resolve("node0");
        assertEquals(2, run("gateway", "--config=" + config, "--cluster=localhost:9001", "--read-from=" + node, "--dir=" + dir.resolve("gw")));
        assertTrue(err.toString().contains("--read-from " + node + ": no node's journals there (neither " + node.resolve("data")
            .resolve("commands") + " nor " + node.resolve("commands") + " is a directory)"), err::toString);
        assertTrue(Files.notExists(dir.resolve("gw")), "nothing made");

        Files.writeString(config, "gateway port=0\nfix port=0 comp-id=SETTLEMENT session=1:NORTHBANK\n"
            + "participant id=1 role=MEMBER name=\"Northbank AG\" short=NORTHBANK\n");
        assertEquals(2, run("gateway", "--config=" + config, "--cluster=localhost:9001", "--http-port=0"));
        assertTrue(err.toString().contains("--read-from is needed for the FIX channel and the HTTP API of " + config), err::toString);
    }

    @Test
    void shouldRefuseAChannelAnswerTimeOutNotLongerThanTheCommandTimeOutBeforeConnecting() throws Exception
    {
        final Path config = dir.resolve("server.conf");
        Files.writeString(config, "gateway port=0\nfix port=0 comp-id=SETTLEMENT session=1:NORTHBANK answer-timeout-ms=5000\n"
            + "participant id=1 role=MEMBER name=\"Northbank AG\" short=NORTHBANK\n");
        assertEquals(2, run("gateway", "--config=" + config, "--cluster=localhost:9001", "--read-from=" + dir, "--dir=" + dir.resolve("gw")));
        assertTrue(err.toString().contains("--command-timeout-ms 8000: the fix line's answer-timeout-ms (5000) must be longer"), err::toString);
        assertTrue(Files.notExists(dir.resolve("gw")), "nothing made");

        Files.writeString(config, "gateway port=0\nhttp port=0 answer-timeout-ms=20000\n"
            + "participant id=1 role=MEMBER name=\"Northbank AG\" short=NORTHBANK\n");
        assertEquals(2, run("gateway", "--config=" + config, "--cluster=localhost:9001", "--read-from=" + dir, "--dir=" + dir.resolve("gw"),
            "--command-timeout-ms=20000"));
        assertTrue(err.toString().contains("--command-timeout-ms 20000: the http line's answer-timeout-ms (20000) must be longer"),
            err::toString);
    }

    @Test
    void shouldFindANodesJournalsInItsDirectoryOrItsDataDirectory() throws Exception
    {
        final Path node = dir.resolve("node1");
        Files.createDirectories(node.resolve("data").resolve("commands"));
        Files.createDirectories(node.resolve("data").resolve("events"));
        assertEquals(node.resolve("data"), ClusterGatewayCommand.nodeJournals(node).root());
        assertEquals(node.resolve("data"), ClusterGatewayCommand.nodeJournals(node.resolve("data")).root());
        assertEquals(null, ClusterGatewayCommand.nodeJournals(dir.resolve("node2")));
    }

    @Test
    void shouldDescribeItselfInTheHelp()
    {
        assertEquals(0, run("gateway", "--help"));
        assertTrue(out.toString().contains("--cluster"), out::toString);
        assertTrue(out.toString().contains("--command-timeout-ms"), out::toString);
        assertTrue(out.toString().contains("--read-from"), out::toString);
    }
}
