package io.settlement.app;

import java.nio.file.Path;

import picocli.CommandLine.Option;

/** The options of every {@code settlement admin} command: where the node's HTTP API is and who logs on. */
final class AdminLogin
{
    @Option(names = "--url", defaultValue = "http://127.0.0.1:7480",
        description = "The node's HTTP API (default ${DEFAULT-VALUE}; https://... when it runs TLS).")
    String url;

    @Option(names = "--as", required = true, description = "Your participant id (each command says the role it needs).")
    long as;

    @Option(names = "--secret", required = true, interactive = true, arity = "0..1",
        description = "Your secret (prompted for when given without a value).")
    String secret;

    @Option(names = "--truststore", description = "A PKCS#12 truststore with the node's certificate (TLS with a private CA).")
    Path truststore;

    @Option(names = "--truststore-password", description = "The truststore's password.")
    String truststorePassword;

    @Option(names = "--json", description = "Print the node's answer as JSON instead of lines.")
    boolean json;
}
