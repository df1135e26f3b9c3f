package io.settlement.engine;

import io.settlement.engine.api.Command;
import io.settlement.engine.api.ReferenceChecks;
import io.settlement.protocol.Codes;
import io.settlement.protocol.journal.CreateInstrumentCommandDecoder;
import io.settlement.protocol.journal.CreateParticipantCommandDecoder;
import io.settlement.protocol.wire.InstrumentKind;
import io.settlement.protocol.wire.Reason;
import io.settlement.protocol.wire.Role;

/**
 * Reference data: CREATE_PARTICIPANT and CREATE_INSTRUMENT, both the operator's. Owns every write
 * to {@link ReferenceData}; nothing else adds a participant or an instrument (a snapshot being read
 * aside). Each command gets one COMMAND_RESULT; a refusal changes nothing.
 *
 * <p>A record of journal schema version 4 or later carries the details people read, checked here: a
 * participant's name and short code (unique among participants), a security's ISIN and name with 0
 * minor units (no other security may have its ISIN), a currency's ISO 4217-shaped code, name and
 * minor units (0-4). A record of an earlier
 * version (journals written before, clients of wire protocol version 1) carries none and is accepted
 * as before: no name, short code or ISIN, and the minor units of {@link
 * io.settlement.engine.api.ReferenceChecks#defaultMinorUnits} (a currency's ISO 4217 code's, 0 for a
 * security; docs/journal-format.md).
 */
final class ReferenceDataHandler
{
    private final ReferenceData ref;
    private final EventEmitter out;
    /** The code of the instrument being created, copied out of its record to be checked and stored. */
    private final byte[] code = new byte[Command.CODE_LENGTH];
    private final byte[] isin = new byte[Command.CODE_LENGTH];
    private final byte[] shortCode = new byte[Command.CODE_LENGTH];
    private final byte[] name = new byte[Command.NAME_LENGTH];

    ReferenceDataHandler(final EngineState state, final EventEmitter out)
    {
        this.ref = state.referenceData();
        this.out = out;
    }

    void createParticipant(final CommandRecord command)
    {
        final CreateParticipantCommandDecoder c = command.createParticipant();
        Reason r = Access.authorise(ref, command.submitterId(), Role.OPERATOR, Role.OPERATOR);
        if (r == Reason.OK)
        {
            final boolean detailed = c.actingVersion() >= CreateParticipantCommandDecoder.nameSinceVersion();
            if (detailed)
            {
                c.getName(name, 0);
                c.getShortCode(shortCode, 0);
            }
            if (c.participantId() <= 0 || Codes.role(c.role()) == null)
            {
                r = Reason.INVALID_FIELD;
            }
            else if (detailed && !ReferenceChecks.isValidName(name))
            {
                r = Reason.INVALID_NAME;
            }
            else if (detailed && !ReferenceData.isValidCode(shortCode))
            {
                r = Reason.INVALID_SHORT_CODE;
            }
            else if (ref.participantIndex(c.participantId()) != ReferenceData.NONE)
            {
                r = Reason.ALREADY_EXISTS;
            }
            else if (detailed && ref.isShortCodeTaken(shortCode))
            {
                r = Reason.DUPLICATE_SHORT_CODE;
            }
            else if (detailed)
            {
                ref.addParticipant(c.participantId(), c.role(), name, shortCode);
            }
            else
            {
                ref.addParticipant(c.participantId(), c.role());
            }
        }
        out.result(r);
    }

    void createInstrument(final CommandRecord command)
    {
        final CreateInstrumentCommandDecoder c = command.createInstrument();
        c.getCode(code, 0);
        Reason r = Access.authorise(ref, command.submitterId(), Role.OPERATOR, Role.OPERATOR);
        if (r == Reason.OK)
        {
            final boolean detailed = c.actingVersion() >= CreateInstrumentCommandDecoder.isinSinceVersion();
            if (c.instrumentId() <= 0 || Codes.instrumentKind(c.instrumentKind()) == null
                || !ReferenceData.isValidCode(code))
            {
                r = Reason.INVALID_FIELD;
            }
            else if (detailed)
            {
                c.getIsin(isin, 0);
                c.getName(name, 0);
                r = checkDetails(c.instrumentKind() == InstrumentKind.SECURITY.value(), c.minorUnits());
            }
            if (r == Reason.OK)
            {
                if (ref.instrumentIndex(c.instrumentId()) != ReferenceData.NONE)
                {
                    r = Reason.ALREADY_EXISTS;
                }
                else if (detailed && !ReferenceChecks.isEmpty(isin) && ref.isIsinTaken(isin))
                {
                    r = Reason.DUPLICATE_ISIN;
                }
                else if (detailed)
                {
                    ref.addInstrument(c.instrumentId(), c.instrumentKind(), code, isin, name, c.minorUnits());
                }
                else
                {
                    ref.addInstrument(c.instrumentId(), c.instrumentKind(), code);
                }
            }
        }
        out.result(r);
    }

    /** The details of a version-4 instrument (its code, ISIN and name copied out): OK or the first refusal. */
    private Reason checkDetails(final boolean security, final byte minorUnits)
    {
        if (!ReferenceChecks.isValidName(name))
        {
            return Reason.INVALID_NAME;
        }
        if (security)
        {
            if (!ReferenceChecks.isValidIsin(isin))
            {
                return Reason.INVALID_ISIN;
            }
            return minorUnits == 0 ? Reason.OK : Reason.INVALID_MINOR_UNITS;
        }
        if (!ReferenceChecks.isCurrencyCode(code) || !ReferenceChecks.isEmpty(isin))
        {
            return Reason.INVALID_CURRENCY;
        }
        return minorUnits >= 0 && minorUnits <= ReferenceChecks.MAX_MINOR_UNITS ? Reason.OK : Reason.INVALID_MINOR_UNITS;
    }
}
