package io.settlement.app;

import java.nio.file.Path;

import io.settlement.reports.ReadModelDatabase;
import io.settlement.reports.ReadModelReader;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * Where {@code settlement report} reads: the embedded read model of a node's data directory
 * ({@code --data DIR}, readable while the node runs), or a database by JDBC URL ({@code --db URL
 * --user U --password-env VAR}: the password comes from an environment variable, never the command
 * line). A picocli mixin, declared once for every report.
 */
final class ReadModelOptions
{
    @Option(names = "--data", description = "The node's data directory: reads its embedded read model (DATA/reports).")
    Path data;

    @Option(names = "--db", description = "The read model's JDBC URL instead, e.g. jdbc:postgresql://host:5432/settlement.")
    String url;

    @Option(names = "--user", description = "The database user (with --db).")
    String user;

    @Option(names = "--password-env", paramLabel = "VAR",
        description = "The environment variable holding the database password (with --db; none if not given).")
    String passwordVariable;

    /** Opens the read model, or throws a usage error when the options do not name exactly one. */
    ReadModelReader open(final CommandLine commandLine)
    {
        if ((data == null) == (url == null))
        {
            throw new CommandLine.ParameterException(commandLine, "name the read model with either --data DIR or --db URL");
        }
        if (data != null)
        {
            if (user != null || passwordVariable != null)
            {
                throw new CommandLine.ParameterException(commandLine, "--user and --password-env go with --db, not --data");
            }
            return ReadModelReader.openEmbedded(data);
        }
        String password = "";
        if (passwordVariable != null)
        {
            password = System.getenv(passwordVariable);
            if (password == null)
            {
                throw new CommandLine.ParameterException(commandLine,
                    "--password-env " + passwordVariable + ": no such environment variable is set");
            }
        }
        return ReadModelReader.open(new ReadModelDatabase(url, user == null ? "" : user, password));
    }
}
