package io.settlement.engine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;

import io.settlement.engine.api.Command;
import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventType;
import io.settlement.protocol.Codes;
import io.settlement.protocol.wire.InstrumentKind;
import io.settlement.protocol.wire.Reason;
import org.junit.jupiter.api.Test;

import static io.settlement.engine.EngineFixture.AUDIT;
import static io.settlement.engine.EngineFixture.BANK_A;
import static io.settlement.engine.EngineFixture.BANK_B;
import static io.settlement.engine.EngineFixture.BROKER_C;
import static io.settlement.engine.EngineFixture.OPS;
import static io.settlement.engine.EngineFixture.RISK;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** QUERY_INSTRUMENTS: every instrument with its kind and code, in instrument-id order, for every role. */
class InstrumentsQueryTest
{
    /** The fixture's instruments, as created: 10 ACME, 11 UST10Y (securities), 840 USD, 978 EUR (currencies). */
    private static final String FIXTURE = "10 SECURITY ACME, 11 SECURITY UST10Y, 840 CURRENCY USD, 978 CURRENCY EUR";

    private final EngineFixture f = new EngineFixture();

    @Test
    void shouldListEveryInstrumentInIdOrderWithItsKindAndCodeWhateverTheOrderOfCreation()
    {
        // the fixture created 10, 11, 840, 978; add ids below, between and above them
        f.ok(f.command.createInstrument(OPS, 0, 392, InstrumentKind.CURRENCY, "JPY"));
        // beyond the direct-id range, with a code of the full 12 characters
        f.ok(f.command.createInstrument(OPS, 0, 2_000_000_011, InstrumentKind.SECURITY, "XS0123456789"));
        f.ok(f.command.createInstrument(OPS, 0, 1, InstrumentKind.SECURITY, "A"));

        final List<Event> report = f.apply(f.command.queryInstruments(BANK_A, 77));
        assertEquals(EventType.INSTRUMENTS_REPORT, report.get(0).type);
        assertEquals(77, report.get(0).correlationId);
        assertEquals(7, report.get(0).count);
        assertEquals("1 SECURITY A, 10 SECURITY ACME, 11 SECURITY UST10Y, 392 CURRENCY JPY, 840 CURRENCY USD, "
            + "978 CURRENCY EUR, 2000000011 SECURITY XS0123456789", lines(report));
        for (final Event line : report.subList(1, report.size()))
        {
            assertEquals(EventType.INSTRUMENT_LINE, line.type);
            assertEquals(77, line.correlationId);
            assertEquals(BANK_A, line.submitterId);
        }
    }

    @Test
    void shouldAnswerEveryRoleAndTheSystemButRefuseAnUnknownSubmitter()
    {
        for (final long allowed : new long[] {BANK_A, BANK_B, BROKER_C, RISK, OPS, AUDIT, Command.SYSTEM_SUBMITTER})
        {
            final List<Event> report = f.apply(f.command.queryInstruments(allowed, 0));
            assertEquals(EventType.INSTRUMENTS_REPORT, report.get(0).type, () -> "for " + allowed);
            assertEquals(4, report.get(0).count, () -> "for " + allowed);
            assertEquals(FIXTURE, lines(report), () -> "for " + allowed);
        }
        final Event refused = f.one(f.command.queryInstruments(4242, 0));
        assertEquals(EventType.COMMAND_RESULT, refused.type);
        assertEquals(Reason.UNKNOWN_PARTICIPANT, refused.reason);
    }

    @Test
    void shouldAnswerAnEngineWithoutInstrumentsWithAnEmptyReport()
    {
        final SettlementEngine empty = new SettlementEngine(new EngineConfig());
        final EventRecorder events = new EventRecorder(true);
        final Command query = new Command().queryInstruments(Command.SYSTEM_SUBMITTER, 9);
        query.sequence = 1;
        empty.apply(query, events);
        assertEquals(1, events.events.size(), events.events::toString);
        assertEquals(EventType.INSTRUMENTS_REPORT, events.events.get(0).type);
        assertEquals(0, events.events.get(0).count);
    }

    @Test
    void shouldChangeNothingWhenAnsweredAsAQuery()
    {
        final long stateHash = f.engine.stateHash();
        final long eventHash = f.engine.eventHash();
        final long eventCount = f.engine.eventCount();
        final long lastSequence = f.engine.lastSequence();
        final EventRecorder events = new EventRecorder(true);
        final Command query = new Command().queryInstruments(BANK_B, 5);
        query.sequence = lastSequence;
        f.engine.query(query, events);
        assertEquals(FIXTURE, lines(events.events));
        assertEquals(stateHash, f.engine.stateHash(), "state hash");
        assertEquals(eventHash, f.engine.eventHash(), "event hash");
        assertEquals(eventCount, f.engine.eventCount(), "event count");
        assertEquals(lastSequence, f.engine.lastSequence(), "last sequence");
    }

    @Test
    void shouldKeepTheOrderAfterASnapshotRestore() throws Exception
    {
        f.ok(f.command.createInstrument(OPS, 0, 5, InstrumentKind.CURRENCY, "CHF"));
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        EngineSnapshot.write(f.engine, bytes);
        final SettlementEngine restored = EngineSnapshot.read(new ByteArrayInputStream(bytes.toByteArray()), new EngineConfig());
        final EventRecorder events = new EventRecorder(true);
        final Command query = new Command().queryInstruments(AUDIT, 5);
        query.sequence = 1_000;
        restored.apply(query, events);
        assertEquals("5 CURRENCY CHF, " + FIXTURE, lines(events.events));
    }

    private static String lines(final List<Event> report)
    {
        final StringBuilder sb = new StringBuilder();
        for (final Event line : report.subList(1, report.size()))
        {
            sb.append(sb.length() == 0 ? "" : ", ").append(line.instrumentId).append(' ')
                .append(Codes.instrumentKind(line.instrumentKind)).append(' ').append(line.codeAsString());
        }
        return sb.toString();
    }
}
