package io.settlement.app;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code cluster} and {@code cluster-node}: bad settings are refused with the reason, before anything starts. */
class ClusterCommandsTest
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
    void shouldRefuseAMemberIdThatIsNotOneOfTheHosts()
    {
        final Path node = dir.resolve("node");
        assertEquals(1, run("cluster-node", "--id=3", "--hosts=a,b,c", "--dir=" + node));
        assertTrue(err.toString().contains("member id 3 is not one of the 3 members (0 to 2)"), err::toString);
        assertFalse(Files.exists(node), "nothing created");
    }

    @Test
    void shouldRefuseAHeartbeatTimeoutNotLongerThanItsInterval()
    {
        assertEquals(1, run("cluster-node", "--id=0", "--dir=" + dir.resolve("node"), "--heartbeat-interval-ms=500",
            "--heartbeat-timeout-ms=500"));
        assertTrue(err.toString().contains("heartbeat timeout (500 ms) longer than the heartbeat interval (500 ms)"), err::toString);
    }

    @Test
    void shouldRefuseAClusterOfNoNodes()
    {
        assertEquals(1, run("cluster", "--nodes=0", "--dir=" + dir.resolve("cluster")));
        assertTrue(err.toString().contains("--nodes 0: 1 to 9"), err::toString);
    }

    @Test
    void shouldDescribeBothCommandsInTheHelp()
    {
        assertEquals(0, run("cluster", "--help"));
        assertTrue(out.toString().contains("--nodes"), out::toString);
        assertEquals(0, run("cluster-node", "--help"));
        assertTrue(out.toString().contains("--hosts"), out::toString);
    }
}
