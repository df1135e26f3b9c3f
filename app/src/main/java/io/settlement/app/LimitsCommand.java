package io.settlement.app;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.settlement.gateway.client.GatewayClient;
import io.settlement.gateway.client.GatewayClosedException;
import io.settlement.gateway.client.LimitLine;
import io.settlement.gateway.client.ParticipantLine;
import io.settlement.gateway.client.Response;
import io.settlement.gateway.client.sbe.Role;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code settlement limits}: the risk officer's view. Connects to a running server as a RISK (or
 * OPERATOR, or AUDITOR) user and prints the limits of the participants named, or with {@code --all} of
 * every member (from QueryParticipants): kind, key, limit, utilised, available and percentage used,
 * marking breaches (utilisation above a lowered limit). Exit 0 when no limit is in breach,
 * {@link #BREACH_FOUND} when any is, 1 on an error.
 */
@CommandLine.Command(name = "limits", mixinStandardHelpOptions = true,
    description = {"Prints limit utilisation from a running server, marking breaches.",
        "Exit code: 0 no breach, 5 at least one breach, 1 error (cannot connect, logon refused)."})
final class LimitsCommand implements Callable<Integer>
{
    /** Exit code when any limit is in breach (utilisation above the limit), so that a scheduler can raise an alert. */
    static final int BREACH_FOUND = 5;

    @CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    /** Whose limits: the participants named, or every member. */
    static final class Which
    {
        @Option(names = "--participant", required = true, split = ",", description = "Participant id(s), comma separated.")
        List<Long> participants;

        @Option(names = "--all", required = true,
            description = "Every MEMBER the server knows (the parties limits apply to), in id order.")
        boolean all;
    }

    @CommandLine.Mixin
    ServerLogin login;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception
    {
        final PrintWriter out = spec.commandLine().getOut();
        final String where = login.where();
        final GatewayClient client;
        try
        {
            client = GatewayClient.connect(login.host, login.port, null);
        }
        catch (final RuntimeException ex)
        {
            throw new IllegalArgumentException("cannot connect to " + where + ": " + rootReason(ex));
        }
        try (client)
        {
            logon(client, where);
            final List<Long> whose = participants(client);
            final InstrumentBook instruments = instruments(client);
            out.printf("%-12s %-13s %12s %24s %24s %24s %-12s %8s%n",
                "participant", "kind", "key", "limit", "utilised", "available", "unit", "% used");
            int breaches = 0;
            for (final long participant : whose)
            {
                final Response report = client.queryLimits(participant).get(10, TimeUnit.SECONDS);
                if (report.type() != Response.Type.LIMITS_REPORT)
                {
                    out.printf("%-12d refused: %s%n", participant, report.result());
                    continue;
                }
                if (report.limits().isEmpty())
                {
                    out.printf("%-12d (no limits set: unlimited)%n", participant);
                }
                for (final LimitLine line : report.limits())
                {
                    final boolean breach = line.utilised() > line.limit();
                    breaches += breach ? 1 : 0;
                    // CREDIT is keyed by a currency, DELIVERY by a security: decimals in that instrument's minor units;
                    // COUNTERPARTY sums the cash of deals in any currency: minor units as they are
                    final int instrument = line.limitKind() == io.settlement.gateway.client.sbe.LimitKind.COUNTERPARTY
                        || line.key() != (int)line.key() || !instruments.knows((int)line.key()) ? 0 : (int)line.key();
                    out.printf("%-12d %-13s %12s %24s %24s %24s %-12s %7.1f%%%s%n", participant, line.limitKind(),
                        instrument == 0 ? Long.toString(line.key()) : instruments.code(instrument),
                        instruments.grouped(instrument, line.limit()), instruments.grouped(instrument, line.utilised()),
                        instruments.grouped(instrument, line.limit() - line.utilised()),
                        instrument == 0 ? "minor units" : instruments.code(instrument),
                        line.limit() == 0 ? (line.utilised() == 0 ? 0.0 : 100.0) : 100.0 * line.utilised() / line.limit(),
                        breach ? "  BREACH" : "");
                }
            }
            out.printf("%d breach%s%n", breaches, breaches == 1 ? "" : "es");
            out.flush();
            return breaches > 0 ? BREACH_FOUND : 0;
        }
    }

    /** The server's instruments (codes and minor units), for the amounts as people read them. */
    private static InstrumentBook instruments(final GatewayClient client) throws Exception
    {
        final InstrumentBook book = new InstrumentBook();
        final Response list = client.queryInstruments().get(10, TimeUnit.SECONDS);
        for (final io.settlement.gateway.client.InstrumentLine line : list.instruments())
        {
            book.put(line.instrumentId(), line.code(), line.minorUnits());
        }
        return book;
    }

    /** The participants named, or with {@code --all} every MEMBER, from the server's reference data. */
    private List<Long> participants(final GatewayClient client) throws Exception
    {
        if (!which.all)
        {
            return which.participants;
        }
        final Response list = client.queryParticipants().get(10, TimeUnit.SECONDS);
        if (list.type() != Response.Type.PARTICIPANTS_REPORT)
        {
            throw new IllegalArgumentException("cannot list the participants: " + list.result() +
                " (--all needs a RISK, OPERATOR or AUDITOR user)");
        }
        return list.participants().stream().filter(p -> p.role() == Role.MEMBER).map(ParticipantLine::participantId)
            .toList();
    }

    /** Logs on, telling a refusal (the gateway's reason) from a peer that is not a settlement server. */
    private void logon(final GatewayClient client, final String where) throws InterruptedException
    {
        try
        {
            client.logon(login.as, login.secret).get(10, TimeUnit.SECONDS);
        }
        catch (final ExecutionException ex)
        {
            if (ex.getCause() instanceof GatewayClosedException closed && closed.reason() != null)
            {
                throw new IllegalArgumentException("logon refused for participant " + login.as + ": " + closed.reason());
            }
            throw new IllegalArgumentException(where + " closed the connection before answering the logon (is it a settlement server?)");
        }
        catch (final TimeoutException ex)
        {
            throw new IllegalArgumentException(where + " did not answer the logon within 10 s (is it a settlement server?)");
        }
    }

    /** The innermost cause's message, as the operating system said it ("Connection refused"). */
    static String rootReason(final Throwable ex)
    {
        Throwable cause = ex;
        while (cause.getCause() != null && cause.getCause() != cause)
        {
            cause = cause.getCause();
        }
        if (cause instanceof java.nio.channels.UnresolvedAddressException)
        {
            return "unknown host";
        }
        final String message = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
        // Netty's native transport prefixes the system call: "finishConnect(..) failed with error(-111): Connection refused"
        return message.replaceFirst("^.*failed[^:]*: ", "");
    }
}
