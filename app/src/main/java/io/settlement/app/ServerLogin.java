package io.settlement.app;

import io.settlement.gateway.GatewayConfig;
import picocli.CommandLine.Option;

/**
 * The options of a command that logs on to a running server's gateway ({@code limits}, {@code lockouts}):
 * where the server is and who logs on. A picocli mixin, so each command declares them once.
 */
final class ServerLogin
{
    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Server host (default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "" + GatewayConfig.PORT_DEFAULT, description = "Server port (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--as", required = true, description = "Your participant id (the role each command needs is in its description).")
    long as;

    @Option(names = "--secret", required = true, interactive = true, arity = "0..1",
        description = "Your secret (prompted for when given without a value).")
    String secret;

    /** {@code host:port}, for messages. */
    String where()
    {
        return host + ":" + port;
    }
}
