package io.settlement.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.settlement.gateway.SecurityEvents.Kind;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Repeats are summarised per (kind, key) so that a flood writes a bounded number of lines (issue 9 item 9). */
class SecurityEventsTest
{
    private final List<String> lines = new ArrayList<>();
    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final SecurityEvents events = new SecurityEvents(lines::add, new GatewayCounters(), clock::get, 10_000, 3);

    @Test
    void shouldWriteTheFirstEventOfAWindowAndSummariseTheRest()
    {
        for (int i = 0; i < 1_235; i++)
        {
            events.record(Kind.LOGON_FAILED, "for participant 7 from 10.0.0.5", ": BAD_CREDENTIALS");
        }
        events.record(Kind.LOGON_FAILED, "for participant 8 from 10.0.0.5", ": BAD_CREDENTIALS");
        events.record(Kind.PROTOCOL_REJECT, "for participant 7 from 10.0.0.5", ": UNKNOWN_TEMPLATE (template 99)");
        assertEquals(List.of(
            "failed logon for participant 7 from 10.0.0.5: BAD_CREDENTIALS",
            "failed logon for participant 8 from 10.0.0.5: BAD_CREDENTIALS",
            "protocol reject for participant 7 from 10.0.0.5: UNKNOWN_TEMPLATE (template 99)"), lines);

        clock.addAndGet(9_999);
        events.sweep();
        assertEquals(3, lines.size(), "the window is not over");
        clock.addAndGet(1);
        events.sweep();
        assertEquals(List.of("... and 1,234 more failed logons for participant 7 from 10.0.0.5 in the last 10 s"),
            lines.subList(3, lines.size()), "one summary, only where there were repeats");

        events.record(Kind.LOGON_FAILED, "for participant 7 from 10.0.0.5", ": BAD_CREDENTIALS");
        assertEquals("failed logon for participant 7 from 10.0.0.5: BAD_CREDENTIALS", lines.get(lines.size() - 1),
            "a new window starts with a full line");
    }

    @Test
    void shouldSummariseARepeatWhenItsWindowHasEndedEvenWithoutASweep()
    {
        events.record(Kind.IDLE_TIMEOUT, "from 10.0.0.5", "");
        events.record(Kind.IDLE_TIMEOUT, "from 10.0.0.5", "");
        clock.addAndGet(10_000);
        events.record(Kind.IDLE_TIMEOUT, "from 10.0.0.5", "");
        assertEquals(List.of("idle timeout from 10.0.0.5",
            "... and 1 more idle timeouts from 10.0.0.5 in the last 10 s",
            "idle timeout from 10.0.0.5"), lines);
    }

    @Test
    void shouldWriteEverySummaryWhenFlushedAtStop()
    {
        events.record(Kind.LOGON_FAILED, "for participant 7 from 10.0.0.5", ": BAD_CREDENTIALS");
        events.record(Kind.LOGON_FAILED, "for participant 7 from 10.0.0.5", ": BAD_CREDENTIALS");
        events.record(Kind.LOGON_OK, "for participant 8 from 10.0.0.6", "");
        clock.addAndGet(3_500);
        events.flush();
        assertEquals(List.of("failed logon for participant 7 from 10.0.0.5: BAD_CREDENTIALS", "logon for participant 8 from 10.0.0.6",
            "... and 1 more failed logons for participant 7 from 10.0.0.5 in the last 4 s"), lines);
    }

    @Test
    void shouldCountKeysBeyondTheBoundTogether()
    {
        for (int address = 1; address <= 1_000; address++)
        {
            events.record(Kind.LOGON_FAILED, "for participant 7 from 10.0.3." + address, ": BAD_CREDENTIALS");
        }
        assertEquals(3, lines.size(), "at most three keys are tracked (this instance's bound)");
        clock.addAndGet(10_000);
        events.sweep();
        assertEquals("... and 997 more failed logons for other participants and addresses in the last 10 s",
            lines.get(lines.size() - 1));
    }
}
