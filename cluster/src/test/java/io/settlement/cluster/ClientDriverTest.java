package io.settlement.cluster;

import java.nio.file.Files;
import java.nio.file.Path;

import io.aeron.driver.MediaDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client process's media driver (a gateway's) never wipes the directory of a driver that is running: two gateways
 * given the same --aeron-dir deleted each other's live driver files before.
 */
class ClientDriverTest
{
    @TempDir
    Path dir;

    @Test
    void shouldRefuseADirectoryARunningDriverHoldsAndTakeItOnceThatDriverHasStopped()
    {
        final String aeron = dir.resolve("aeron").toString();
        try (MediaDriver first = ClusterClient.launchDriver(aeron))
        {
            final Path cnc = Path.of(first.aeronDirectoryName(), "cnc.dat");
            assertTrue(Files.exists(cnc));
            final IllegalStateException refused = assertThrows(IllegalStateException.class, () -> ClusterClient.launchDriver(aeron));
            assertTrue(refused.getMessage().contains("the media driver directory " + aeron + " is in use by a running driver"),
                refused.getMessage());
            assertTrue(Files.exists(cnc), "the running driver's files are left alone");
        }
        try (MediaDriver again = ClusterClient.launchDriver(aeron))
        {
            assertTrue(Files.exists(Path.of(again.aeronDirectoryName(), "cnc.dat")));
        }
    }
}
