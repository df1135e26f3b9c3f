package io.settlement.engine;

import io.settlement.protocol.wire.InstrumentKind;
import io.settlement.protocol.wire.Reason;
import io.settlement.protocol.wire.Role;

/** The checks several handlers share: who may submit a command, and whether an instrument is of the right kind. */
final class Access
{
    private Access()
    {
    }

    /** @return OK when the submitter exists and holds one of the two roles (pass the same role twice for one). */
    static Reason authorise(final ReferenceData ref, final long submitterId, final Role allowed, final Role alsoAllowed)
    {
        final int submitter = ref.participantIndex(submitterId);
        if (submitter == ReferenceData.NONE)
        {
            return Reason.UNKNOWN_PARTICIPANT;
        }
        final byte role = ref.role(submitter);
        return role == allowed.value() || role == alsoAllowed.value() ? Reason.OK : Reason.NOT_AUTHORISED;
    }

    /** @param index an instrument index as {@link ReferenceData#instrumentIndex} gave it (NONE: unknown). */
    static Reason checkInstrument(final ReferenceData ref, final int index, final InstrumentKind kind)
    {
        if (index == ReferenceData.NONE)
        {
            return Reason.UNKNOWN_INSTRUMENT;
        }
        return ref.isKind(index, kind) ? Reason.OK : Reason.WRONG_INSTRUMENT_KIND;
    }
}
