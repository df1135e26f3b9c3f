package io.settlement.engine;

import io.settlement.engine.api.Command;
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
 */
final class ReferenceDataHandler
{
    private final ReferenceData ref;
    private final EventEmitter out;
    /** The code of the instrument being created, copied out of its record to be checked and stored. */
    private final byte[] code = new byte[Command.CODE_LENGTH];

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
            if (c.participantId() <= 0 || Codes.role(c.role()) == null)
            {
                r = Reason.INVALID_FIELD;
            }
            else if (ref.participantIndex(c.participantId()) != ReferenceData.NONE)
            {
                r = Reason.ALREADY_EXISTS;
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
            if (c.instrumentId() <= 0 || Codes.instrumentKind(c.instrumentKind()) == null
                || !ReferenceData.isValidCode(code))
            {
                r = Reason.INVALID_FIELD;
            }
            else if (ref.instrumentIndex(c.instrumentId()) != ReferenceData.NONE)
            {
                r = Reason.ALREADY_EXISTS;
            }
            else
            {
                ref.addInstrument(c.instrumentId(), c.instrumentKind(), code);
            }
        }
        out.result(r);
    }
}
