package io.settlement.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.aeron.cluster.client.AeronCluster;
import io.aeron.security.CredentialsSupplier;
import org.agrona.SemanticVersion;

/**
 * This build's version, which nodes and clients of a cluster must share (docs/cluster.md, "Builds"): the
 * project's version as the build wrote it into {@code io/settlement/cluster/build.properties}. Its
 * {@code major.minor.patch} is Aeron Cluster's {@code appVersion} ({@link SemanticVersion}: a qualifier such as
 * {@code -SNAPSHOT} is not part of it, so builds that differ only there count as the same).
 *
 * <p>The system property {@value #PROPERTY} stands in for the resource: for tests of mixed builds, and for an
 * operator who must make a patched build pass for another (at their own risk).
 */
public final class BuildVersion
{
    /** The system property that overrides the build's version. */
    public static final String PROPERTY = "settlement.build.version";
    /** What a client's credentials start with, the version following. */
    static final String CREDENTIALS_PREFIX = "settlement-build ";

    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)([-.+].*)?");
    private static final String FROM_RESOURCE = load();

    private BuildVersion()
    {
    }

    /** This build's version, e.g. {@code 0.1.0-SNAPSHOT}. */
    public static String current()
    {
        return System.getProperty(PROPERTY, FROM_RESOURCE);
    }

    /** This build's version as Aeron Cluster's appVersion. */
    public static int currentAppVersion()
    {
        return appVersion(current());
    }

    /**
     * {@code major.minor.patch[qualifier]} as an appVersion.
     *
     * @throws IllegalArgumentException when {@code version} is not of that form or a part is past 255
     */
    public static int appVersion(final String version)
    {
        final Matcher matcher = VERSION.matcher(version);
        if (!matcher.matches())
        {
            throw new IllegalArgumentException("build version '" + version + "': expected major.minor.patch, e.g. 1.2.3 or 1.2.3-SNAPSHOT");
        }
        final int major = Integer.parseInt(matcher.group(1));
        final int minor = Integer.parseInt(matcher.group(2));
        final int patch = Integer.parseInt(matcher.group(3));
        if (major > 255 || minor > 255 || patch > 255)
        {
            throw new IllegalArgumentException("build version '" + version + "': each of major, minor and patch must be 0 to 255");
        }
        return SemanticVersion.compose(major, minor, patch);
    }

    /** An appVersion as {@code major.minor.patch}. */
    public static String describe(final int appVersion)
    {
        return SemanticVersion.toString(appVersion);
    }

    /** What a {@link ClusterClient} sends when it connects: its build's version, checked by {@link ClientVersionCheck}. */
    static CredentialsSupplier credentials(final String version)
    {
        final byte[] credentials = (CREDENTIALS_PREFIX + version).getBytes(StandardCharsets.US_ASCII);
        return new CredentialsSupplier()
        {
            @Override
            public byte[] encodedCredentials()
            {
                return credentials;
            }

            @Override
            public byte[] onChallenge(final byte[] encodedChallenge)
            {
                return credentials;
            }
        };
    }

    /** Sets {@link #credentials} of {@code version} on a client's context. */
    static AeronCluster.Context withCredentials(final AeronCluster.Context context, final String version)
    {
        return context.credentialsSupplier(credentials(version));
    }

    private static String load()
    {
        try (InputStream in = BuildVersion.class.getResourceAsStream("build.properties"))
        {
            if (in == null)
            {
                throw new IllegalStateException("io/settlement/cluster/build.properties is missing from the class path: not a build of the project");
            }
            final Properties properties = new Properties();
            properties.load(in);
            final String version = properties.getProperty("version", "");
            if (version.isEmpty() || version.startsWith("${"))
            {
                throw new IllegalStateException("io/settlement/cluster/build.properties holds no version ('" + version
                    + "'): the resource was not filtered by the build");
            }
            return version;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("reading io/settlement/cluster/build.properties: " + ex.getMessage(), ex);
        }
    }
}
