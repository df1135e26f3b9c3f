package io.settlement.gateway;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.settlement.protocol.wire.LockoutKind;

/**
 * Failed logons counted per participant id (known or not, so that throttling does not tell which ids
 * exist) and per remote address. After {@code maxFailures} consecutive failures on a key, the key is
 * locked out for a backoff that doubles with each further failure, from {@code backoffMs} up to
 * {@code maxBackoffMs}; a logon naming a locked participant, or from a locked address, is refused
 * without checking its secret. A successful logon clears its participant and its address; an operator
 * may lift a key; a key without a failure for {@code forgetAfterMs} is forgotten. Each map keeps at
 * most {@code maxKeys} keys, dropping the least recently failed.
 *
 * <p>Thread-safe (event loops and the logon verifier call it); not on any hot path.
 */
final class LogonThrottle
{
    /** One key's record as the operator sees it. */
    record Lockout(LockoutKind kind, long participantId, String address, int failures, long lockedUntilMs)
    {
        String key()
        {
            return kind == LockoutKind.PARTICIPANT ? "participant " + participantId : "address " + address;
        }
    }

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(%[0-9A-Za-z_.-]+)?");

    private final int maxFailures;
    private final long backoffMs;
    private final long maxBackoffMs;
    private final long forgetAfterMs;
    private final Map<Long, Record> byParticipant;
    private final Map<String, Record> byAddress;

    private static final class Record
    {
        int failures;
        long lastFailureMs;
        long lockedUntilMs;
    }

    LogonThrottle(final int maxFailures, final long backoffMs, final long maxBackoffMs, final long forgetAfterMs, final int maxKeys)
    {
        this.maxFailures = maxFailures;
        this.backoffMs = backoffMs;
        this.maxBackoffMs = maxBackoffMs;
        this.forgetAfterMs = forgetAfterMs;
        byParticipant = bounded(maxKeys);
        byAddress = bounded(maxKeys);
    }

    private static <K> Map<K, Record> bounded(final int maxKeys)
    {
        return new LinkedHashMap<>(16, 0.75f, true)
        {
            @Override
            protected boolean removeEldestEntry(final Map.Entry<K, Record> eldest)
            {
                return size() > maxKeys;
            }
        };
    }

    /** @return the lockout that refuses a logon for this participant from this address now, or null. */
    synchronized Lockout refusal(final long participantId, final String address, final long nowMs)
    {
        final Record participant = live(byParticipant, participantId, nowMs);
        if (participant != null && participant.lockedUntilMs > nowMs)
        {
            return new Lockout(LockoutKind.PARTICIPANT, participantId, "", participant.failures, participant.lockedUntilMs);
        }
        final Record from = live(byAddress, address, nowMs);
        if (from != null && from.lockedUntilMs > nowMs)
        {
            return new Lockout(LockoutKind.ADDRESS, 0, address, from.failures, from.lockedUntilMs);
        }
        return null;
    }

    /** Counts a failed logon; @return the lockouts it starts (none, or one or both keys). */
    synchronized List<Lockout> failed(final long participantId, final String address, final long nowMs)
    {
        final List<Lockout> started = new ArrayList<>(2);
        final Record participant = fail(byParticipant.computeIfAbsent(participantId, k -> new Record()), nowMs);
        if (participant.lockedUntilMs > nowMs && participant.failures >= maxFailures)
        {
            started.add(new Lockout(LockoutKind.PARTICIPANT, participantId, "", participant.failures, participant.lockedUntilMs));
        }
        final Record from = fail(byAddress.computeIfAbsent(address, k -> new Record()), nowMs);
        if (from.lockedUntilMs > nowMs && from.failures >= maxFailures)
        {
            started.add(new Lockout(LockoutKind.ADDRESS, 0, address, from.failures, from.lockedUntilMs));
        }
        return started;
    }

    private Record fail(final Record record, final long nowMs)
    {
        if (nowMs - record.lastFailureMs >= forgetAfterMs && record.lockedUntilMs <= nowMs)
        {
            record.failures = 0;
        }
        record.failures++;
        record.lastFailureMs = nowMs;
        if (record.failures >= maxFailures)
        {
            final int doublings = Math.min(record.failures - maxFailures, 40);
            final long backoff = doublings >= 40 || backoffMs > (maxBackoffMs >> doublings) ? maxBackoffMs : backoffMs << doublings;
            record.lockedUntilMs = nowMs + backoff;
        }
        return record;
    }

    /** A successful logon: its participant and its address start again from no failures. */
    synchronized void succeeded(final long participantId, final String address)
    {
        byParticipant.remove(participantId);
        byAddress.remove(address);
    }

    /** @return the lockouts in force now, latest ending first. */
    synchronized List<Lockout> lockouts(final long nowMs)
    {
        final List<Lockout> locked = new ArrayList<>();
        byParticipant.forEach((id, r) ->
        {
            if (r.lockedUntilMs > nowMs)
            {
                locked.add(new Lockout(LockoutKind.PARTICIPANT, id, "", r.failures, r.lockedUntilMs));
            }
        });
        byAddress.forEach((address, r) ->
        {
            if (r.lockedUntilMs > nowMs)
            {
                locked.add(new Lockout(LockoutKind.ADDRESS, 0, address, r.failures, r.lockedUntilMs));
            }
        });
        locked.sort(Comparator.comparingLong(Lockout::lockedUntilMs).reversed()
            .thenComparing(Lockout::kind).thenComparingLong(Lockout::participantId).thenComparing(Lockout::address));
        return locked;
    }

    /** Forgets a participant's failures (and lifts its lockout); @return false when none were recorded. */
    synchronized boolean liftParticipant(final long participantId)
    {
        return byParticipant.remove(participantId) != null;
    }

    /** Forgets an address's failures (and lifts its lockout); @return false when none were recorded. */
    synchronized boolean liftAddress(final String address)
    {
        return byAddress.remove(address) != null;
    }

    private <K> Record live(final Map<K, Record> records, final K key, final long nowMs)
    {
        final Record record = records.get(key);
        if (record != null && record.lockedUntilMs <= nowMs && nowMs - record.lastFailureMs >= forgetAfterMs)
        {
            records.remove(key);
            return null;
        }
        return record;
    }

    /**
     * The canonical text of an IP address literal (as the server records remote addresses), without
     * any name lookup.
     *
     * @return null when {@code text} is not an IPv4 or IPv6 address literal.
     */
    static String canonicalAddress(final String text)
    {
        if (text == null || !(IPV4.matcher(text).matches() || IPV6.matcher(text).matches()))
        {
            return null;
        }
        if (IPV4.matcher(text).matches())
        {
            for (final String octet : text.split("\\."))
            {
                if (Integer.parseInt(octet) > 255)
                {
                    return null; // not a literal: InetAddress would look it up as a name
                }
            }
        }
        try
        {
            return InetAddress.getByName(text).getHostAddress(); // a literal: parsed, never looked up
        }
        catch (final UnknownHostException ex)
        {
            return null;
        }
    }
}
