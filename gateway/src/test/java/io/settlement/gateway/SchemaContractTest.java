package io.settlement.gateway;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

import io.settlement.engine.api.CommandType;
import io.settlement.gateway.sbe.DealStatus;
import io.settlement.gateway.sbe.DealType;
import io.settlement.gateway.sbe.InstrumentKind;
import io.settlement.gateway.sbe.LimitKind;
import io.settlement.gateway.sbe.LimitsReportDecoder;
import io.settlement.gateway.sbe.LimitsReportEncoder;
import io.settlement.gateway.sbe.MessageHeaderDecoder;
import io.settlement.gateway.sbe.MessageHeaderEncoder;
import io.settlement.gateway.sbe.ParticipantsReportDecoder;
import io.settlement.gateway.sbe.ParticipantsReportEncoder;
import io.settlement.gateway.sbe.QueryParticipantsDecoder;
import io.settlement.gateway.sbe.Reason;
import io.settlement.gateway.sbe.Role;
import io.settlement.gateway.sbe.SubmitDealDecoder;
import io.settlement.gateway.sbe.SubmitDealEncoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SBE schema (the public contract) and the engine agree: the same code means the same thing
 * on the wire and in the journal, and the layouts are those DESIGN.md section 5 publishes.
 */
class SchemaContractTest
{
    @Test
    void everyEngineReasonHasTheSameCodeOnTheWire()
    {
        for (final io.settlement.engine.api.Reason reason : io.settlement.engine.api.Reason.values())
        {
            final Reason wire = Reason.valueOf(reason.name());
            assertEquals(reason.code(), (byte)wire.value(), reason.name());
        }
        // session reasons live above the engine's range, so the two never collide
        final Set<String> engineNames = EnumSet.allOf(io.settlement.engine.api.Reason.class).stream()
            .map(Enum::name).collect(Collectors.toSet());
        for (final Reason wire : Reason.values())
        {
            if (wire != Reason.NULL_VAL && !engineNames.contains(wire.name()))
            {
                assertTrue(wire.value() >= 30, wire + " is a session reason below 30");
            }
        }
    }

    @Test
    void everyEngineEnumHasTheSameCodesOnTheWire()
    {
        for (final io.settlement.engine.api.Role role : io.settlement.engine.api.Role.values())
        {
            assertEquals(role.code(), (byte)Role.valueOf(role.name()).value());
        }
        for (final io.settlement.engine.api.InstrumentKind kind : io.settlement.engine.api.InstrumentKind.values())
        {
            assertEquals(kind.code(), (byte)InstrumentKind.valueOf(kind.name()).value());
        }
        for (final io.settlement.engine.api.DealType type : io.settlement.engine.api.DealType.values())
        {
            assertEquals(type.code(), (byte)DealType.valueOf(type.name()).value());
        }
        for (final io.settlement.engine.api.DealStatus status : io.settlement.engine.api.DealStatus.values())
        {
            assertEquals(status.code(), (byte)DealStatus.valueOf(status.name()).value());
        }
        for (final io.settlement.engine.api.LimitKind kind : io.settlement.engine.api.LimitKind.values())
        {
            assertEquals(kind.code(), (byte)LimitKind.valueOf(kind.name()).value());
        }
    }

    @Test
    void clientTemplateIdsAreTheEngineCommandTypeCodes() throws Exception
    {
        final String[] names = {
            "SubmitDeal", "CancelDeal", "QueryLimits", "QueryPosition", "QueryDeal", "QueryParticipants", "CreateParticipant",
            "CreateInstrument", "Deposit", "Withdraw", "SetLimit", "AdvanceBusinessDate", "RunSettlementCycle"};
        final CommandType[] types = {
            CommandType.SUBMIT_DEAL, CommandType.CANCEL_DEAL, CommandType.QUERY_LIMITS, CommandType.QUERY_POSITION,
            CommandType.QUERY_DEAL, CommandType.QUERY_PARTICIPANTS, CommandType.CREATE_PARTICIPANT, CommandType.CREATE_INSTRUMENT, CommandType.DEPOSIT,
            CommandType.WITHDRAW, CommandType.SET_LIMIT, CommandType.ADVANCE_BUSINESS_DATE, CommandType.RUN_SETTLEMENT_CYCLE};
        // every command on the wire has its template; engine-only (system) commands such as SET_RETENTION have none
        assertEquals(Arrays.stream(CommandType.values()).filter(CommandType::isOnTheWire).count(), types.length);
        for (final CommandType type : CommandType.values())
        {
            if (!type.isOnTheWire())
            {
                final String name = Arrays.stream(type.name().split("_"))
                    .map(word -> word.charAt(0) + word.substring(1).toLowerCase()).collect(Collectors.joining());
                assertThrows(ClassNotFoundException.class, () -> Class.forName("io.settlement.gateway.sbe." + name + "Decoder"),
                    type + " is engine-only but has a wire template");
            }
        }
        for (int i = 0; i < names.length; i++)
        {
            final Class<?> decoder = Class.forName("io.settlement.gateway.sbe." + names[i] + "Decoder");
            assertEquals(types[i].code(), decoder.getField("TEMPLATE_ID").getInt(null), names[i]);
        }
    }

    @Test
    void submitDealIsLaidOutAsPublished()
    {
        assertEquals(61, SubmitDealEncoder.BLOCK_LENGTH, "DESIGN.md section 5 field list");
        assertEquals(8, MessageHeaderEncoder.ENCODED_LENGTH);
        assertEquals(1, SubmitDealEncoder.SCHEMA_ID);
        assertEquals(1, SubmitDealEncoder.SCHEMA_VERSION);

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
        assertEquals(9, ParticipantsReportDecoder.ParticipantsDecoder.sbeBlockLength(), "participantId int64, role uint8");

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
}
