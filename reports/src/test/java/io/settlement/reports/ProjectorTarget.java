package io.settlement.reports;

import java.nio.file.Path;

/** The child JVM of {@link ProjectorKillTest}: projects a data directory's journals into a database until killed. */
public final class ProjectorTarget
{
    private ProjectorTarget()
    {
    }

    /** Arguments: JDBC URL, data directory, rows per transaction. */
    public static void main(final String[] args)
    {
        final ReadModelDatabase database = new ReadModelDatabase(args[0], "h2".equals(args[3]) ? "sa" : null,
            "h2".equals(args[3]) ? "" : null);
        try (Projector projector = Projector.open(database, Path.of(args[1]), Integer.parseInt(args[2])))
        {
            projector.onCommit(sequence -> System.out.println("COMMITTED " + sequence));
            projector.projectToEnd();
            System.out.println("DONE " + projector.appliedSequence());
        }
    }
}
