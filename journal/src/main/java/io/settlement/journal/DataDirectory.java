package io.settlement.journal;

import java.nio.file.Path;

/**
 * Where a node keeps its data:
 * <pre>
 *   DIR/LOCK        held by the node using the directory (DataDirectoryLock); names it: pid, host, since
 *   DIR/commands/   Chronicle Queue: one excerpt per batch of commands, framed journal-schema records (CommandCodec; source of truth)
 *   DIR/events/     Chronicle Queue: one excerpt per batch of outcomes, framed journal-schema records (EventCodec)
 *   DIR/snapshots/  snapshot-SEQUENCE.snap, the state after command SEQUENCE (EngineSnapshot format)
 * </pre>
 */
public record DataDirectory(Path root)
{
    public Path lockFile()
    {
        return root.resolve(DataDirectoryLock.FILE_NAME);
    }

    public Path commands()
    {
        return root.resolve("commands");
    }

    public Path events()
    {
        return root.resolve("events");
    }

    public Path snapshots()
    {
        return root.resolve("snapshots");
    }
}
