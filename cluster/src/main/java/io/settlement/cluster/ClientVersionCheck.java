package io.settlement.cluster;

import java.nio.charset.StandardCharsets;

import io.aeron.security.Authenticator;
import io.aeron.security.SessionProxy;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * The consensus module's check of a connecting client (docs/cluster.md, "Builds"): the client's credentials
 * name its build ({@link BuildVersion#credentials}); a client of another build (another
 * {@code major.minor.patch}), or one that names none, is refused, and the node's log says so naming both
 * versions. The client hears Aeron's "authentication rejected" ({@link ClusterClient} names its own version).
 * Runs on the consensus module's thread.
 */
final class ClientVersionCheck implements Authenticator
{
    private final int memberId;
    private final String version;
    private final int appVersion;
    /** Sessions to refuse, by cluster session id: the build they named. */
    private final Long2ObjectHashMap<String> refused = new Long2ObjectHashMap<>();

    ClientVersionCheck(final int memberId, final String version)
    {
        this.memberId = memberId;
        this.version = version;
        this.appVersion = BuildVersion.appVersion(version);
    }

    @Override
    public void onConnectRequest(final long sessionId, final byte[] encodedCredentials, final long nowMs)
    {
        check(sessionId, encodedCredentials);
    }

    @Override
    public void onChallengeResponse(final long sessionId, final byte[] encodedCredentials, final long nowMs)
    {
        check(sessionId, encodedCredentials);
    }

    @Override
    public void onConnectedSession(final SessionProxy sessionProxy, final long nowMs)
    {
        decide(sessionProxy);
    }

    @Override
    public void onChallengedSession(final SessionProxy sessionProxy, final long nowMs)
    {
        decide(sessionProxy);
    }

    private void check(final long sessionId, final byte[] encodedCredentials)
    {
        final String credentials = encodedCredentials == null ? "" : new String(encodedCredentials, StandardCharsets.US_ASCII);
        if (!credentials.startsWith(BuildVersion.CREDENTIALS_PREFIX))
        {
            refused.put(sessionId, "none named");
            return;
        }
        final String clientVersion = credentials.substring(BuildVersion.CREDENTIALS_PREFIX.length());
        try
        {
            if (BuildVersion.appVersion(clientVersion) == appVersion)
            {
                refused.remove(sessionId);
                return;
            }
        }
        catch (final IllegalArgumentException ex)
        {
            // not a version: refused below
        }
        refused.put(sessionId, clientVersion);
    }

    private void decide(final SessionProxy session)
    {
        final String clientVersion = refused.get(session.sessionId());
        if (clientVersion == null)
        {
            session.authenticate(null);
            return;
        }
        refused.remove(session.sessionId());
        System.err.println("node " + memberId + ": client session " + session.sessionId() + " refused: the client's build is "
            + clientVersion + ", this node's " + version + " (nodes and clients of a cluster must be of the same build)");
        session.reject();
    }
}
