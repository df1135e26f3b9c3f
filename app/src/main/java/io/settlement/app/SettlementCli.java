package io.settlement.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code settlement}: the command line of the settlement engine. Subcommands: {@code demo},
 * {@code server}, {@code script}, {@code replay}, {@code limits}, {@code lockouts}, {@code admin}, {@code report}, {@code hash-secret},
 * {@code cluster}, {@code cluster-node}.
 */
@Command(
    name = "settlement",
    mixinStandardHelpOptions = true,
    version = "settlement 0.1.0",
    description = "In-memory settlement engine: registers deals, checks risk limits, settles DvP/FoP.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:done; nothing to report",
        "1:an error (one line says what)",
        "2:bad usage (an unknown or malformed flag)",
        "3:replay --verify found mismatches",
        "4:script: an expect= did not hold",
        "5:limits: a limit is in breach",
        "6:admin: the node refused the request (the line says why)",
        "7:admin: the node could not be reached or could not take the request now",
        "8:report: unknown participant",
        "9:report: unknown business date",
        "10:report: unknown deal",
        "11:report: no read model in that data directory or database",
        "12:report: the database cannot be reached",
        "13:report: the file cannot be written",
        "14:cluster: a node failed to start, or too few nodes were left for a majority (the error output says which and why)",
        "130, 143:demo or server stopped by Ctrl-C or SIGTERM"},
    subcommands = {DemoCommand.class, ServerCommand.class, ScriptCommand.class, ReplayCommand.class,
        LimitsCommand.class, LockoutsCommand.class, AdminCommand.class, ReportCommand.class, HashSecretCommand.class,
        io.settlement.cluster.ClusterCommand.class, io.settlement.cluster.ClusterNodeCommand.class, ClusterGatewayCommand.class,
        CommandLine.HelpCommand.class})
public final class SettlementCli implements Runnable
{
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(final String[] args)
    {
        // before any Chronicle class loads: no usage analytics, no banner (also in the JVM flag list)
        System.setProperty("chronicle.analytics.disable", "true");
        System.setProperty("chronicle.announcer.disable", "true");
        // Chronicle reports routine file mapping at INFO: keep the console for the command's own output
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.exit(run(args));
    }

    /**
     * Runs a command line and returns its exit code: 0 on success, 1 on a user error, 2 on bad usage,
     * 3 replay mismatches ({@link ReplayCommand#MISMATCHES_FOUND}), 4 a failed script expectation
     * ({@link ScriptCommand#EXPECTATION_FAILED}), 5 a limit in breach ({@link LimitsCommand#BREACH_FOUND}).
     */
    static int run(final String... args)
    {
        return run(new java.io.PrintWriter(System.out, true), new java.io.PrintWriter(System.err, true), args);
    }

    static int run(final java.io.PrintWriter out, final java.io.PrintWriter err, final String... args)
    {
        final CommandLine commandLine = new CommandLine(new SettlementCli()).setOut(out).setErr(err);
        commandLine.setExecutionExceptionHandler((ex, cmd, parsed) ->
        {
            // a user error is one clear line, never a stack trace
            cmd.getErr().println("settlement: " + (ex.getMessage() != null ? ex.getMessage() : ex.toString()));
            return 1;
        });
        return commandLine.execute(args);
    }

    @Override
    public void run()
    {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
