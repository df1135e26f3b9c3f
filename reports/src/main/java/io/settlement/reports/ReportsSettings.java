package io.settlement.reports;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The server configuration's {@code reports} line: where the node's projector keeps the read model.
 *
 * <pre>
 *   (no reports line)                                   the embedded H2 database in DATA/reports
 *   reports off                                         no projector
 *   reports database=jdbc:postgresql://HOST:PORT/DB user=USER password-env=VAR [batch-rows=N]
 *   reports batch-rows=N                                the embedded database, N rows per transaction
 * </pre>
 *
 * The password is never written in the file: {@code password-env} names the environment variable
 * that holds it.
 */
public final class ReportsSettings
{
    private final boolean enabled;
    private final String url;
    private final String user;
    private final String password;
    private final String passwordEnv;
    private final int batchRows;

    private ReportsSettings(final boolean enabled, final String url, final String user, final String password, final String passwordEnv,
        final int batchRows)
    {
        this.enabled = enabled;
        this.url = url;
        this.user = user;
        this.password = password;
        this.passwordEnv = passwordEnv;
        this.batchRows = batchRows;
    }

    /** The default: the embedded database in the data directory. */
    public static ReportsSettings embedded()
    {
        return new ReportsSettings(true, null, null, null, null, Projector.DEFAULT_BATCH_ROWS);
    }

    /**
     * Reads a {@code reports} line's words (after {@code reports}).
     *
     * @param environment the environment variables ({@code System::getenv})
     * @throws IllegalArgumentException naming the word at fault
     */
    public static ReportsSettings parse(final String[] words, final UnaryOperator<String> environment)
    {
        if (words.length == 1 && "off".equals(words[0]))
        {
            return new ReportsSettings(false, null, null, null, null, Projector.DEFAULT_BATCH_ROWS);
        }
        if (words.length == 0)
        {
            throw new IllegalArgumentException("expected 'reports off' or 'reports database=jdbc:... user=USER password-env=VAR'");
        }
        String url = null;
        String user = null;
        String passwordEnv = null;
        int batchRows = Projector.DEFAULT_BATCH_ROWS;
        final Set<String> seen = new HashSet<>();
        for (final String word : words)
        {
            final String[] kv = word.split("=", 2);
            if (kv.length != 2 || kv[1].isEmpty())
            {
                throw new IllegalArgumentException("reports: expected key=value (or 'reports off' alone), found '" + word + "'");
            }
            if (!seen.add(kv[0]))
            {
                throw new IllegalArgumentException("reports " + kv[0] + "= given twice");
            }
            switch (kv[0])
            {
                case "database" ->
                {
                    if (!kv[1].startsWith("jdbc:"))
                    {
                        throw new IllegalArgumentException("reports database=" + kv[1] + " is not a JDBC URL (jdbc:postgresql://HOST:PORT/DB)");
                    }
                    url = kv[1];
                }
                case "user" -> user = kv[1];
                case "password-env" -> passwordEnv = kv[1];
                case "batch-rows" ->
                {
                    try
                    {
                        batchRows = Integer.parseInt(kv[1]);
                    }
                    catch (final NumberFormatException ex)
                    {
                        batchRows = 0;
                    }
                    if (batchRows < 1 || batchRows > 1_000_000)
                    {
                        throw new IllegalArgumentException("reports batch-rows=" + kv[1] + " is out of range (1 to 1000000)");
                    }
                }
                default -> throw new IllegalArgumentException("'reports' does not take " + kv[0]
                    + " (database, user, password-env, batch-rows; or 'reports off')");
            }
        }
        if (url == null && (user != null || passwordEnv != null))
        {
            throw new IllegalArgumentException("reports: user= and password-env= go with database=jdbc:...");
        }
        String password = null;
        if (passwordEnv != null)
        {
            password = environment.apply(passwordEnv);
            if (password == null)
            {
                throw new IllegalArgumentException("reports password-env=" + passwordEnv + ": the environment has no " + passwordEnv);
            }
        }
        return new ReportsSettings(true, url, user, password, passwordEnv, batchRows);
    }

    /** Whether the node runs a projector. */
    public boolean enabled()
    {
        return enabled;
    }

    /** Rows per transaction. */
    public int batchRows()
    {
        return batchRows;
    }

    /** The read model's database for a node whose data directory is {@code dataDirectory}. */
    public ReadModelDatabase database(final Path dataDirectory)
    {
        return url == null ? ReadModelDatabase.embedded(dataDirectory) : new ReadModelDatabase(url, user, password);
    }

    @Override
    public String toString()
    {
        if (!enabled)
        {
            return "off";
        }
        return (url == null ? "embedded H2 in DATA/reports" : url + (user == null ? "" : " as " + user)
            + (passwordEnv == null ? "" : " (password from $" + passwordEnv + ")")) + ", " + batchRows + " rows per transaction";
    }
}
