package io.settlement.gateway;

import java.util.Arrays;
import java.util.stream.Collectors;

import io.settlement.engine.api.CommandCodec;
import io.settlement.engine.api.CommandType;
import io.settlement.protocol.Codes;
import io.settlement.protocol.wire.DealStatus;
import io.settlement.protocol.wire.DealType;
import io.settlement.protocol.wire.InstrumentKind;
import io.settlement.protocol.wire.InstrumentsReportDecoder;
import io.settlement.protocol.wire.InstrumentsReportEncoder;
import io.settlement.protocol.wire.LimitKind;
import io.settlement.protocol.wire.LimitsReportDecoder;
import io.settlement.protocol.wire.LimitsReportEncoder;
import io.settlement.protocol.wire.MessageHeaderDecoder;
import io.settlement.protocol.wire.MessageHeaderEncoder;
import io.settlement.protocol.wire.ParticipantsReportDecoder;
import io.settlement.protocol.wire.ParticipantsReportEncoder;
import io.settlement.protocol.wire.QueryInstrumentsDecoder;
import io.settlement.protocol.wire.QueryParticipantsDecoder;
import io.settlement.protocol.wire.Reason;
import io.settlement.protocol.wire.Role;
import io.settlement.protocol.wire.SubmitDealDecoder;
import io.settlement.protocol.wire.SubmitDealEncoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SBE schema (the public contract) and the engine agree: the engine uses the schema's own enums,
 * its command codes are the wire's template ids, and the layouts are those DESIGN.md section 5 publishes.
 */
class SchemaContractTest
{
    @Test
    void engineReasonsStayBelowTheSessionReasons()
    {
        // the engine gives 0-27 and 64-75 today; 28-29 and 76-127 are free for it, 30-63 are the gateway's session reasons
        assertEquals(Reason.NOT_A_BUSINESS_DAY, Codes.engineReason(27));
        assertEquals(null, Codes.engineReason(28), "not defined");
        assertEquals(Reason.INVALID_ISIN, Codes.engineReason(64));
        assertEquals(Reason.DUPLICATE_SHORT_CODE, Codes.engineReason(69));
        assertEquals(Reason.DUPLICATE_ISIN, Codes.engineReason(70));
        assertEquals(Reason.INVALID_MODE, Codes.engineReason(71));
        assertEquals(Reason.LINKED_DEAL_FAILED, Codes.engineReason(72));
        assertEquals(Reason.NOT_YOUR_SIDE, Codes.engineReason(75));
        assertEquals(null, Codes.engineReason(76), "not defined");
        assertEquals(Reason.NOT_LOGGED_ON, Codes.reason(Codes.FIRST_SESSION_REASON));
        assertEquals(null, Codes.engineReason(Codes.FIRST_SESSION_REASON), "a session reason is never an engine outcome");
        for (final Reason reason : Reason.values())
        {
            if (reason != Reason.NULL_VAL && reason.value() >= Codes.FIRST_SESSION_REASON && reason.value() < Codes.SECOND_ENGINE_REASONS)
            {
                assertTrue(reason.name().matches("NOT_LOGGED_ON|BAD_.*|ALREADY_LOGGED_ON|UNKNOWN_TEMPLATE|WRONG_SCHEMA|IDLE_TIMEOUT"
                    + "|SLOW_CONSUMER|LOGON_.*|NO_SUCH_LOCKOUT"), reason + " is a session reason");
            }
        }
    }

    @Test
    void codesLookUpEveryDefinedValueAndNothingElse()
    {
        for (final Role role : Role.values())
        {
            assertEquals(role == Role.NULL_VAL ? null : role, Codes.role(role.value()), role.name());
        }
        for (final InstrumentKind kind : InstrumentKind.values())
        {
            assertEquals(kind == InstrumentKind.NULL_VAL ? null : kind, Codes.instrumentKind(kind.value()), kind.name());
        }
        for (final DealType type : DealType.values())
        {
            assertEquals(type == DealType.NULL_VAL ? null : type, Codes.dealType(type.value()), type.name());
        }
        for (final DealStatus status : DealStatus.values())
        {
            assertEquals(status == DealStatus.NULL_VAL ? null : status, Codes.dealStatus(status.value()), status.name());
        }
        for (final LimitKind kind : LimitKind.values())
        {
            assertEquals(kind == LimitKind.NULL_VAL ? null : kind, Codes.limitKind(kind.value()), kind.name());
        }
        for (final int undefined : new int[] {0, 5, 127, 254, -1, -128, 256, Integer.MAX_VALUE, Integer.MIN_VALUE})
        {
            assertEquals(null, Codes.role(undefined), "role " + undefined);
            assertEquals(null, Codes.dealType(undefined), "deal type " + undefined);
            assertEquals(null, Codes.limitKind(undefined), "limit kind " + undefined);
        }
        assertEquals(null, Codes.reason(-1), "a signed journal byte");
    }

    @Test
    void clientTemplateIdsAreTheEngineCommandTypeCodes() throws Exception
    {
        final String[] names = {
            "SubmitDeal", "CancelDeal", "QueryLimits", "QueryPosition", "QueryDeal", "QueryParticipants", "QueryInstruments",
            "CreateParticipant",
            "CreateInstrument", "Deposit", "Withdraw", "SetLimit", "AdvanceBusinessDate", "RunSettlementCycle", "SetCalendar",
            "SetHoliday", "HoldDeal", "ReleaseDeal", "SubmitInstruction", "CancelInstruction", "QueryInstruction",
            "SetMatchingTolerance", "SetInstructionExpiry"};
        final CommandType[] types = {
            CommandType.SUBMIT_DEAL, CommandType.CANCEL_DEAL, CommandType.QUERY_LIMITS, CommandType.QUERY_POSITION,
            CommandType.QUERY_DEAL, CommandType.QUERY_PARTICIPANTS, CommandType.QUERY_INSTRUMENTS,
            CommandType.CREATE_PARTICIPANT, CommandType.CREATE_INSTRUMENT, CommandType.DEPOSIT,
            CommandType.WITHDRAW, CommandType.SET_LIMIT, CommandType.ADVANCE_BUSINESS_DATE, CommandType.RUN_SETTLEMENT_CYCLE,
            CommandType.SET_CALENDAR, CommandType.SET_HOLIDAY, CommandType.HOLD_DEAL, CommandType.RELEASE_DEAL,
            CommandType.SUBMIT_INSTRUCTION, CommandType.CANCEL_INSTRUCTION, CommandType.QUERY_INSTRUCTION,
            CommandType.SET_MATCHING_TOLERANCE, CommandType.SET_INSTRUCTION_EXPIRY};
        // every command on the wire has its template; engine-only (system) commands such as SET_RETENTION have none
        assertEquals(Arrays.stream(CommandType.values()).filter(CommandType::isOnTheWire).count(), types.length);
        for (final CommandType type : CommandType.values())
        {
            if (!type.isOnTheWire())
            {
                final String name = Arrays.stream(type.name().split("_"))
                    .map(word -> word.charAt(0) + word.substring(1).toLowerCase()).collect(Collectors.joining());
                assertThrows(ClassNotFoundException.class, () -> Class.forName("io.settlement.protocol.wire." + name + "Decoder"),
                    type + " is engine-only but has a wire template");
            }
        }
        for (int i = 0; i < names.length; i++)
        {
            final Class<?> decoder = Class.forName("io.settlement.protocol.wire." + names[i] + "Decoder");
            assertEquals(types[i].code(), decoder.getField("TEMPLATE_ID").getInt(null), names[i]);
        }
    }

    /**
     * The gateway journals a request without decoding it ({@link CommandCodec#fromWire}): the journal
     * template of the same id must lay out its block as the command header's sequence, timestampNs and
     * submitterId, then the wire request's block field by field (same ids, same sizes, 24 bytes on).
     */
    @Test
    void everyCommandTemplateOfTheJournalIsTheCommandHeaderThenTheWireRequestsBlock() throws Exception
    {
        assertEquals(24, CommandCodec.WIRE_BLOCK_OFFSET);
        assertEquals(0, SubmitDealDecoder.correlationIdEncodingOffset(), "the wire block starts with the correlationId");
        assertEquals(CommandCodec.WIRE_BLOCK_OFFSET, io.settlement.protocol.journal.CommandHeaderDecoder.correlationIdEncodingOffset(),
            "the command header ends with it");
        int checked = 0;
        for (final CommandType type : CommandType.values())
        {
            if (!type.isOnTheWire())
            {
                continue;
            }
            final String name = Arrays.stream(type.name().split("_"))
                .map(word -> word.charAt(0) + word.substring(1).toLowerCase()).collect(Collectors.joining());
            final Class<?> wire = Class.forName("io.settlement.protocol.wire." + name + "Decoder");
            final Class<?> journal = Class.forName("io.settlement.protocol.journal." + name + "CommandDecoder");
            assertEquals(wire.getField("TEMPLATE_ID").getInt(null), journal.getField("TEMPLATE_ID").getInt(null), name);
            assertEquals(wire.getField("BLOCK_LENGTH").getInt(null) + CommandCodec.WIRE_BLOCK_OFFSET,
                journal.getField("BLOCK_LENGTH").getInt(null), name + " block length");
            assertEquals(wire.getField("BLOCK_LENGTH").getInt(null), Frames.requestBlockLength(wire.getField("TEMPLATE_ID").getInt(null)),
                name + ": the gateway checks the block length the wire schema gives");
            for (final String field : fieldsOf(wire))
            {
                final int id = (int)wire.getMethod(field + "Id").invoke(null);
                if (id == 1)
                {
                    assertEquals("correlationId", field, name);
                    continue;
                }
                final String journalField = fieldsOf(journal).stream()
                    .filter(f -> invokeInt(journal, f + "Id") == id).findFirst()
                    .orElseThrow(() -> new AssertionError(name + " has no journal field with id " + id + " (wire " + field + ")"));
                assertEquals(invokeInt(wire, field + "EncodingOffset") + CommandCodec.WIRE_BLOCK_OFFSET,
                    invokeInt(journal, journalField + "EncodingOffset"), name + "." + field + " offset");
                assertEquals(invokeInt(wire, field + "EncodingLength"), invokeInt(journal, journalField + "EncodingLength"),
                    name + "." + field + " size");
            }
            checked++;
        }
        assertEquals(23, checked, "every wire command template");
    }

    /** The fields of a generated decoder, by its static {@code <field>Id()} methods. */
    private static java.util.List<String> fieldsOf(final Class<?> decoder)
    {
        return Arrays.stream(decoder.getMethods())
            .filter(m -> java.lang.reflect.Modifier.isStatic(m.getModifiers()) && m.getParameterCount() == 0
                && m.getName().endsWith("Id") && !m.getName().startsWith("sbe") && m.getReturnType() == int.class)
            .map(m -> m.getName().substring(0, m.getName().length() - 2))
            .filter(f -> hasMethod(decoder, f + "EncodingOffset"))
            .collect(Collectors.toList());
    }

    private static boolean hasMethod(final Class<?> type, final String name)
    {
        try
        {
            type.getMethod(name);
            return true;
        }
        catch (final NoSuchMethodException ex)
        {
            return false;
        }
    }

    private static int invokeInt(final Class<?> type, final String method)
    {
        try
        {
            return (int)type.getMethod(method).invoke(null);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new AssertionError(type.getSimpleName() + "." + method + ": " + ex, ex);
        }
    }

    @Test
    void submitDealIsLaidOutAsPublished()
    {
        assertEquals(61 + 17, SubmitDealEncoder.BLOCK_LENGTH, "DESIGN.md section 5 field list, then version 3's linkId, partialAllowed, minimumQuantity");
        assertEquals(8, MessageHeaderEncoder.ENCODED_LENGTH);
        assertEquals(1, SubmitDealEncoder.SCHEMA_ID);
        assertEquals(4, SubmitDealEncoder.SCHEMA_VERSION, "version 3: hold / release, the linked and partial settlement terms appended,"
            + " the cycle's mode; version 4: a repeated instruction's deal and end reason");
        assertEquals(61, SubmitDealEncoder.linkIdEncodingOffset(), "version 1 and 2's block ends where version 3's fields start");

        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[128]);
        new SubmitDealEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .correlationId(7).clientDealId(42).buyerId(1).sellerId(2).securityId(10).currencyId(840)
            .quantity(5).cashAmount(500).settlementDate(20260105).dealType(DealType.DVP);
        final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(buffer, 0);
        assertEquals(SubmitDealDecoder.TEMPLATE_ID, header.templateId());
        final SubmitDealDecoder decoder = new SubmitDealDecoder()
            .wrap(buffer, MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
        assertEquals(42, decoder.clientDealId());
        assertEquals(840, decoder.currencyId());
        assertEquals(20260105, decoder.settlementDate());
        assertEquals(DealType.DVP, decoder.dealType());
        assertEquals(1, decoder.dealTypeRaw(), "the raw code, which the gateway passes on so the engine can refuse unknown ones");
        // little-endian, as the schema says: the correlation id's low byte comes first
        assertEquals(7, buffer.getByte(MessageHeaderEncoder.ENCODED_LENGTH));
    }

    @Test
    void limitsReportCarriesARepeatingGroup()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        final LimitsReportEncoder encoder = new LimitsReportEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder()).correlationId(3).participantId(1);
        final LimitsReportEncoder.LimitsEncoder limits = encoder.limitsCount(2);
        limits.next().limitKind(LimitKind.CREDIT).key(840).limit(1_000).utilised(600);
        limits.next().limitKind(LimitKind.COUNTERPARTY).key(2).limit(500).utilised(0);

        final LimitsReportDecoder decoder = new LimitsReportDecoder()
            .wrap(buffer, MessageHeaderDecoder.ENCODED_LENGTH, LimitsReportDecoder.BLOCK_LENGTH, LimitsReportDecoder.SCHEMA_VERSION);
        final LimitsReportDecoder.LimitsDecoder lines = decoder.limits();
        assertEquals(2, lines.count());
        assertEquals(LimitKind.CREDIT, lines.next().limitKind());
        assertEquals(600, lines.utilised());
        assertNotNull(lines.next());
        assertEquals(2, lines.key());
    }

    @Test
    void participantsReportIsTemplate119WithARemainingCountAndAGroupOfIdAndRole()
    {
        assertEquals(15, QueryParticipantsDecoder.TEMPLATE_ID);
        assertEquals(8, QueryParticipantsDecoder.BLOCK_LENGTH, "correlationId only");
        assertEquals(119, ParticipantsReportDecoder.TEMPLATE_ID);
        assertEquals(12, ParticipantsReportDecoder.BLOCK_LENGTH, "correlationId int64, remaining uint32");
        assertEquals(9 + 64 + 12, ParticipantsReportDecoder.ParticipantsDecoder.sbeBlockLength(),
            "participantId int64, role uint8; since version 2 name char[64], shortCode char[12]");
        assertEquals(9, ParticipantsReportDecoder.ParticipantsDecoder.nameEncodingOffset(), "a version-1 line ends where the name starts");

        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        final ParticipantsReportEncoder encoder = new ParticipantsReportEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder()).correlationId(3).remaining(400);
        final ParticipantsReportEncoder.ParticipantsEncoder lines = encoder.participantsCount(2);
        lines.next().participantId(1).role(Role.MEMBER);
        lines.next().participantId(90).role(Role.RISK);

        final ParticipantsReportDecoder decoder = new ParticipantsReportDecoder().wrap(buffer,
            MessageHeaderDecoder.ENCODED_LENGTH, ParticipantsReportDecoder.BLOCK_LENGTH, ParticipantsReportDecoder.SCHEMA_VERSION);
        assertEquals(400, decoder.remaining());
        final ParticipantsReportDecoder.ParticipantsDecoder decoded = decoder.participants();
        assertEquals(2, decoded.count());
        assertEquals(1, decoded.next().participantId());
        assertEquals(Role.MEMBER, decoded.role());
        assertEquals(90, decoded.next().participantId());
        assertEquals(Role.RISK, decoded.role());
    }

    @Test
    void instrumentsReportIsTemplate121WithARemainingCountAndAGroupOfIdKindAndCode()
    {
        assertEquals(16, QueryInstrumentsDecoder.TEMPLATE_ID);
        assertEquals(8, QueryInstrumentsDecoder.BLOCK_LENGTH, "correlationId only");
        assertEquals(0, QueryInstrumentsDecoder.correlationIdSinceVersion(), "a new template within version 1: clients of version 1 send it");
        assertEquals(121, InstrumentsReportDecoder.TEMPLATE_ID);
        assertEquals(12, InstrumentsReportDecoder.BLOCK_LENGTH, "correlationId int64, remaining uint32");
        assertEquals(17 + 12 + 64 + 1, InstrumentsReportDecoder.InstrumentsDecoder.sbeBlockLength(),
            "instrumentId int32, kind uint8, code char[12]; since version 2 isin char[12], name char[64], minorUnits int8");
        assertEquals(17, InstrumentsReportDecoder.InstrumentsDecoder.isinEncodingOffset(), "a version-1 line ends where the ISIN starts");

        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        final InstrumentsReportEncoder encoder = new InstrumentsReportEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder()).correlationId(3).remaining(200);
        final InstrumentsReportEncoder.InstrumentsEncoder lines = encoder.instrumentsCount(2);
        lines.next().instrumentId(10).kind(InstrumentKind.SECURITY).code("XS0123456789");
        lines.next().instrumentId(840).kind(InstrumentKind.CURRENCY).code("USD");
        assertEquals(12 + 4 + 2 * 94, encoder.encodedLength(), "block, group header, two entries");

        final InstrumentsReportDecoder decoder = new InstrumentsReportDecoder().wrap(buffer,
            MessageHeaderDecoder.ENCODED_LENGTH, InstrumentsReportDecoder.BLOCK_LENGTH, InstrumentsReportDecoder.SCHEMA_VERSION);
        assertEquals(3, decoder.correlationId());
        assertEquals(200, decoder.remaining());
        final InstrumentsReportDecoder.InstrumentsDecoder decoded = decoder.instruments();
        assertEquals(2, decoded.count());
        assertEquals(10, decoded.next().instrumentId());
        assertEquals(InstrumentKind.SECURITY, decoded.kind());
        assertEquals("XS0123456789", decoded.code());
        assertEquals(840, decoded.next().instrumentId());
        assertEquals(InstrumentKind.CURRENCY, decoded.kind());
        assertEquals("USD", decoded.code());
        // the code is zero padded on the wire
        assertEquals(0, buffer.getByte(MessageHeaderDecoder.ENCODED_LENGTH + 12 + 4 + 94 + 4 + 1 + 3));
    }
}
