package io.settlement.app;

import java.util.concurrent.Callable;

import io.settlement.gateway.Credentials;
import picocli.CommandLine;
import picocli.CommandLine.Parameters;

/** {@code settlement hash-secret SECRET}: the salted hash to put on a participant line of the server configuration. */
@CommandLine.Command(name = "hash-secret", mixinStandardHelpOptions = true,
    description = "Prints a salted PBKDF2 hash of a secret, for the server configuration (hash=...).")
final class HashSecretCommand implements Callable<Integer>
{
    @Parameters(index = "0", paramLabel = "SECRET", description = "1-32 printable ASCII characters, no spaces.")
    String secret;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call()
    {
        final String problem = Credentials.secretProblem(secret);
        if (problem != null)
        {
            throw new IllegalArgumentException(problem);
        }
        if (secret.indexOf(' ') >= 0)
        {
            // the protocol keeps spaces (they are part of the secret); a configuration made here avoids them
            throw new IllegalArgumentException("a secret made with hash-secret has no spaces (they are easily lost in quoting)");
        }
        spec.commandLine().getOut().println(Credentials.hash(secret));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
