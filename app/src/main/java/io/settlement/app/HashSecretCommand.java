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
    @Parameters(index = "0", paramLabel = "SECRET", description = "At most 32 ASCII characters.")
    String secret;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call()
    {
        if (secret.length() > 32 || !secret.chars().allMatch(ch -> ch > 32 && ch < 127))
        {
            throw new IllegalArgumentException("a secret is 1-32 printable ASCII characters, no spaces");
        }
        spec.commandLine().getOut().println(Credentials.hash(secret));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
