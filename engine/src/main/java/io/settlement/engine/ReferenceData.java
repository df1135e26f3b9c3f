package io.settlement.engine;

import java.util.Arrays;

import io.settlement.engine.api.Command;
import io.settlement.protocol.wire.InstrumentKind;
import io.settlement.protocol.wire.Role;
import org.eclipse.collections.impl.map.mutable.primitive.IntIntHashMap;
import org.eclipse.collections.impl.map.mutable.primitive.LongIntHashMap;

/**
 * Participants and instruments, interned to dense indices in creation order. The rest of the
 * engine keys its state by these indices (32 bits each, so two fit one long key), which are
 * deterministic because creation order is. Index 0 of participants is the system submitter.
 */
final class ReferenceData
{
    static final int NONE = -1;
    static final int SYSTEM_INDEX = 0;

    /** Ids below this resolve through a plain array (one load); larger ids through a hash map. */
    static final int DIRECT_IDS = 1 << 16;

    private final int[] participantIndexByDirectId = filledWithNone(DIRECT_IDS);
    private final LongIntHashMap participantIndexById = new LongIntHashMap();
    private long[] participantIds = new long[16];
    private byte[] participantRoles = new byte[16];
    private int participantCount;
    /** Participant indices in participant-id order (the system submitter, id 0, first). */
    private int[] participantsInIdOrder = new int[16];

    private final int[] instrumentIndexByDirectId = filledWithNone(DIRECT_IDS);
    private final IntIntHashMap instrumentIndexById = new IntIntHashMap();
    private int[] instrumentIds = new int[16];
    private byte[] instrumentKinds = new byte[16];
    private byte[] instrumentCodes = new byte[16 * Command.CODE_LENGTH];
    private int instrumentCount;
    /** Instrument indices in instrument-id order. */
    private int[] instrumentsInIdOrder = new int[16];

    ReferenceData()
    {
        addParticipant(Command.SYSTEM_SUBMITTER, (byte)Role.OPERATOR.value());
    }

    private static int[] filledWithNone(final int length)
    {
        final int[] array = new int[length];
        Arrays.fill(array, NONE);
        return array;
    }

    int participantIndex(final long participantId)
    {
        if (participantId >= 0 && participantId < DIRECT_IDS)
        {
            return participantIndexByDirectId[(int)participantId];
        }
        return participantIndexById.getIfAbsent(participantId, NONE);
    }

    int participantCount()
    {
        return participantCount;
    }

    /** @return the index of the participant at {@code rank} in participant-id order (rank 0: the system). */
    int participantInIdOrder(final int rank)
    {
        return participantsInIdOrder[rank];
    }

    long participantId(final int index)
    {
        return participantIds[index];
    }

    byte role(final int index)
    {
        return participantRoles[index];
    }

    int addParticipant(final long participantId, final byte role)
    {
        if (participantCount == participantIds.length)
        {
            participantIds = Arrays.copyOf(participantIds, participantCount * 2);
            participantRoles = Arrays.copyOf(participantRoles, participantCount * 2);
            participantsInIdOrder = Arrays.copyOf(participantsInIdOrder, participantCount * 2);
        }
        final int index = participantCount++;
        participantIds[index] = participantId;
        participantRoles[index] = role;
        int at = index; // ids are mostly created in increasing order: walk back from the end
        while (at > 0 && participantIds[participantsInIdOrder[at - 1]] > participantId)
        {
            participantsInIdOrder[at] = participantsInIdOrder[at - 1];
            at--;
        }
        participantsInIdOrder[at] = index;
        if (participantId >= 0 && participantId < DIRECT_IDS)
        {
            participantIndexByDirectId[(int)participantId] = index;
        }
        else
        {
            participantIndexById.put(participantId, index);
        }
        return index;
    }

    int instrumentIndex(final int instrumentId)
    {
        if (instrumentId >= 0 && instrumentId < DIRECT_IDS)
        {
            return instrumentIndexByDirectId[instrumentId];
        }
        return instrumentIndexById.getIfAbsent(instrumentId, NONE);
    }

    int instrumentCount()
    {
        return instrumentCount;
    }

    /** @return the index of the instrument at {@code rank} in instrument-id order. */
    int instrumentInIdOrder(final int rank)
    {
        return instrumentsInIdOrder[rank];
    }

    int instrumentId(final int index)
    {
        return instrumentIds[index];
    }

    boolean isKind(final int index, final InstrumentKind kind)
    {
        return instrumentKinds[index] == kind.value();
    }

    byte instrumentKind(final int index)
    {
        return instrumentKinds[index];
    }

    /** Copies the instrument's code ({@link Command#CODE_LENGTH} bytes, zero padded) into {@code into}. */
    void copyCode(final int index, final byte[] into)
    {
        System.arraycopy(instrumentCodes, index * Command.CODE_LENGTH, into, 0, Command.CODE_LENGTH);
    }

    int addInstrument(final int instrumentId, final byte kind, final byte[] code)
    {
        if (instrumentCount == instrumentIds.length)
        {
            instrumentIds = Arrays.copyOf(instrumentIds, instrumentCount * 2);
            instrumentKinds = Arrays.copyOf(instrumentKinds, instrumentCount * 2);
            instrumentCodes = Arrays.copyOf(instrumentCodes, instrumentCount * 2 * Command.CODE_LENGTH);
            instrumentsInIdOrder = Arrays.copyOf(instrumentsInIdOrder, instrumentCount * 2);
        }
        final int index = instrumentCount++;
        instrumentIds[index] = instrumentId;
        instrumentKinds[index] = kind;
        System.arraycopy(code, 0, instrumentCodes, index * Command.CODE_LENGTH, Command.CODE_LENGTH);
        int at = index; // ids are mostly created in increasing order: walk back from the end
        while (at > 0 && instrumentIds[instrumentsInIdOrder[at - 1]] > instrumentId)
        {
            instrumentsInIdOrder[at] = instrumentsInIdOrder[at - 1];
            at--;
        }
        instrumentsInIdOrder[at] = index;
        if (instrumentId >= 0 && instrumentId < DIRECT_IDS)
        {
            instrumentIndexByDirectId[instrumentId] = index;
        }
        else
        {
            instrumentIndexById.put(instrumentId, index);
        }
        return index;
    }

    /** An instrument code is 1..12 printable ASCII characters, zero padded. */
    static boolean isValidCode(final byte[] code)
    {
        int length = 0;
        while (length < code.length && code[length] != 0)
        {
            if (code[length] < 0x21 || code[length] > 0x7E)
            {
                return false;
            }
            length++;
        }
        for (int i = length; i < code.length; i++)
        {
            if (code[i] != 0)
            {
                return false;
            }
        }
        return length > 0;
    }

    long stateHash()
    {
        long h = Hashing.combine(0x5EF5L, participantCount);
        for (int i = 0; i < participantCount; i++)
        {
            h = Hashing.combine(Hashing.combine(h, participantIds[i]), participantRoles[i]);
        }
        h = Hashing.combine(h, instrumentCount);
        for (int i = 0; i < instrumentCount; i++)
        {
            h = Hashing.combine(Hashing.combine(h, instrumentIds[i]), instrumentKinds[i]);
            for (int b = 0; b < Command.CODE_LENGTH; b++)
            {
                h = Hashing.combine(h, instrumentCodes[i * Command.CODE_LENGTH + b]);
            }
        }
        return h;
    }
}
