package io.settlement.app;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.netty.handler.codec.DecoderException;
import io.settlement.gateway.client.GatewayClient;
import io.settlement.gateway.client.GatewayClosedException;
import io.settlement.gateway.client.LockoutLine;
import io.settlement.gateway.client.RequestEncoder;
import io.settlement.gateway.client.Response;
import io.settlement.gateway.client.sbe.LockoutKind;
import io.settlement.gateway.client.sbe.Role;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code settlement lockouts}: the operator's view of logon lockouts (participant ids and remote
 * addresses refused after repeated failed logons), and {@code --lift} to end one. Connects to a running
 * server as an OPERATOR and sends QueryLockouts or LiftLockout, requests the gateway answers itself.
 */
@CommandLine.Command(name = "lockouts", mixinStandardHelpOptions = true,
    description = "Lists the logon lockouts of a running server, or lifts one (OPERATOR only).")
final class LockoutsCommand implements Callable<Integer>
{
    private static final long ANSWER_TIMEOUT_SECONDS = 10;

    @Option(names = "--lift", paramLabel = "ID|ADDRESS",
        description = "Lift the lockout of a participant id or of a remote IP address.")
    String lift;

    @CommandLine.Mixin
    ServerLogin login;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception
    {
        final PrintWriter print = spec.commandLine().getOut();
        if (login.secret == null || login.secret.length() > RequestEncoder.SECRET_LENGTH)
        {
            throw new IllegalArgumentException("a secret is 1-" + RequestEncoder.SECRET_LENGTH + " characters");
        }
        final boolean liftParticipant = lift != null && lift.matches("\\d{1,18}");
        if (lift != null && !liftParticipant &&
            (lift.length() > RequestEncoder.ADDRESS_LENGTH || !lift.chars().allMatch(ch -> ch > 32 && ch < 127)))
        {
            throw new IllegalArgumentException("--lift takes a participant id or an IP address, not '" + lift + "'");
        }
        final GatewayClient client;
        try
        {
            client = GatewayClient.connect(login.host, login.port, null);
        }
        catch (final RuntimeException ex)
        {
            throw new IllegalArgumentException("cannot reach a server at " + login.where());
        }
        try (client)
        {
            final Response accepted = answer(client.logon(login.as, login.secret), "logon refused for participant " + login.as + ": ");
            if (accepted.type() != Response.Type.LOGON_ACCEPTED)
            {
                throw new IllegalArgumentException("logon refused for participant " + login.as + ": " + accepted);
            }
            if (accepted.role() != Role.OPERATOR)
            {
                throw new IllegalArgumentException("participant " + login.as + " is " + accepted.role() +
                    "; lockouts are for an OPERATOR");
            }
            if (lift == null)
            {
                return list(client, print);
            }
            return liftParticipant ?
                lift(client.liftParticipantLockout(Long.parseLong(lift)), "participant " + lift, print) :
                lift(client.liftAddressLockout(lift), "address " + lift, print);
        }
    }

    private int list(final GatewayClient client, final PrintWriter print) throws InterruptedException
    {
        final Response report = answer(client.queryLockouts(), "lockouts refused: ");
        if (report.type() != Response.Type.LOCKOUTS_REPORT)
        {
            throw refusal("lockouts refused: ", report);
        }
        final long total = report.total();
        final int listed = report.lockouts().size();
        final long nowMs = System.currentTimeMillis();
        if (listed > 0)
        {
            print.printf("%-12s %-40s %8s  %-24s %s%n", "kind", "key", "failures", "locked until (UTC)", "remaining");
        }
        for (final LockoutLine line : report.lockouts())
        {
            final String key = line.kind() == LockoutKind.PARTICIPANT ? Long.toString(line.participantId()) : line.address();
            print.printf("%-12s %-40s %8d  %-24s %,d s%n", line.kind(), key, line.failures(),
                Instant.ofEpochMilli(line.lockedUntilMs()), Math.max(0, (line.lockedUntilMs() - nowMs + 999) / 1_000));
        }
        print.printf("%d lockout%s in force%s%n", total, total == 1 ? "" : "s",
            total > listed ? " (the " + listed + " ending last are listed)" : "");
        print.flush();
        return 0;
    }

    private int lift(final CompletableFuture<Response> request, final String key, final PrintWriter print)
        throws InterruptedException
    {
        final Response answer = answer(request, "lift refused: ");
        if (answer.type() != Response.Type.COMMAND_RESULT)
        {
            throw refusal("lift refused: ", answer);
        }
        switch (answer.result())
        {
            case OK:
                print.println("lifted: " + key);
                print.flush();
                return 0;
            case NO_SUCH_LOCKOUT:
                throw new IllegalArgumentException("no failed logons are recorded for " + key + ": nothing to lift");
            case INVALID_FIELD:
                throw new IllegalArgumentException("--lift takes a participant id or an IP address, not '" + lift + "'");
            default:
                throw new IllegalArgumentException("lift refused: " + answer.result());
        }
    }

    /**
     * The answer to a request. A session that ends first is a user error in one line: {@code refused} and the
     * SessionReject's reason, or why the connection closed.
     */
    private Response answer(final CompletableFuture<Response> request, final String refused) throws InterruptedException
    {
        try
        {
            return request.get(ANSWER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        catch (final TimeoutException ex)
        {
            throw new IllegalArgumentException("no answer from the server at " + login.where() + " within " +
                ANSWER_TIMEOUT_SECONDS + " s");
        }
        catch (final ExecutionException ex)
        {
            if (!(ex.getCause() instanceof GatewayClosedException closed))
            {
                throw new IllegalStateException(ex.getCause());
            }
            if (closed.reason() != null)
            {
                throw new IllegalArgumentException(refused + closed.reason());
            }
            if (closed.getCause() instanceof DecoderException notOurs)
            {
                throw new IllegalArgumentException("not a settlement gateway (" + notOurs.getMessage() + ")");
            }
            throw new IllegalArgumentException("the server closed the connection without an answer");
        }
    }

    /** An answer of the wrong kind: a CommandResult names its result, anything else is unexpected. */
    private static IllegalArgumentException refusal(final String refused, final Response answer)
    {
        return answer.type() == Response.Type.COMMAND_RESULT ?
            new IllegalArgumentException(refused + answer.result()) :
            new IllegalArgumentException("unexpected answer (template " + answer.templateId() + ")");
    }
}
