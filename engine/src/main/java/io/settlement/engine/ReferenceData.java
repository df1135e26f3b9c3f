package io.settlement.engine;

import java.util.Arrays;

import io.settlement.engine.api.Command;
import io.settlement.engine.api.ReferenceChecks;
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
    /** Per participant: whether it was created with a name and short code (journal schema version 4). */
    private boolean[] participantDetailed = new boolean[16];
    private byte[] participantNames = new byte[16 * Command.NAME_LENGTH];
    private byte[] participantShortCodes = new byte[16 * Command.CODE_LENGTH];
    /** Short codes taken, to refuse a second participant with one (looked up, never iterated). */
    private final java.util.HashMap<String, Integer> participantByShortCode = new java.util.HashMap<>();
    private int participantCount;
    /** Participant indices in participant-id order (the system submitter, id 0, first). */
    private int[] participantsInIdOrder = new int[16];

    private final int[] instrumentIndexByDirectId = filledWithNone(DIRECT_IDS);
    private final IntIntHashMap instrumentIndexById = new IntIntHashMap();
    private int[] instrumentIds = new int[16];
    private byte[] instrumentKinds = new byte[16];
    private byte[] instrumentCodes = new byte[16 * Command.CODE_LENGTH];
    /** Per instrument: whether it was created with an ISIN (a security's), name and minor units (version 4). */
    private boolean[] instrumentDetailed = new boolean[16];
    private byte[] instrumentIsins = new byte[16 * Command.CODE_LENGTH];
    private byte[] instrumentNames = new byte[16 * Command.NAME_LENGTH];
    private byte[] instrumentMinorUnits = new byte[16];
    /** ISINs taken by securities, to refuse a second security with one (looked up, never iterated). */
    private final java.util.HashMap<String, Integer> securityByIsin = new java.util.HashMap<>();
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

    /** @return whether the participant was created with a name and short code (else both read empty). */
    boolean hasDetails(final int participantIndex)
    {
        return participantDetailed[participantIndex];
    }

    /** Copies the participant's name ({@link Command#NAME_LENGTH} bytes, zero padded; zeros if none) into {@code into}. */
    void copyParticipantName(final int index, final byte[] into)
    {
        System.arraycopy(participantNames, index * Command.NAME_LENGTH, into, 0, Command.NAME_LENGTH);
    }

    /** Copies the participant's short code ({@link Command#CODE_LENGTH} bytes, zero padded; zeros if none) into {@code into}. */
    void copyShortCode(final int index, final byte[] into)
    {
        System.arraycopy(participantShortCodes, index * Command.CODE_LENGTH, into, 0, Command.CODE_LENGTH);
    }

    /** @return whether another participant has this short code (zero padded, valid). */
    boolean isShortCodeTaken(final byte[] shortCode)
    {
        return participantByShortCode.containsKey(key(shortCode));
    }

    private static String key(final byte[] shortCode)
    {
        return new String(shortCode, java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** Gives a participant created without details its name and short code (a snapshot being read). */
    void setParticipantDetails(final int index, final byte[] name, final byte[] shortCode)
    {
        participantDetailed[index] = true;
        System.arraycopy(name, 0, participantNames, index * Command.NAME_LENGTH, Command.NAME_LENGTH);
        System.arraycopy(shortCode, 0, participantShortCodes, index * Command.CODE_LENGTH, Command.CODE_LENGTH);
        participantByShortCode.put(key(shortCode), index);
    }

    /** @return whether a security has this ISIN (zero padded). */
    boolean isIsinTaken(final byte[] isin)
    {
        return securityByIsin.containsKey(key(isin));
    }

    /** Gives an instrument created without details its ISIN, name and minor units (a snapshot being read). */
    void setInstrumentDetails(final int index, final byte[] isin, final byte[] name, final int minorUnits)
    {
        instrumentDetailed[index] = true;
        if (!ReferenceChecks.isEmpty(isin))
        {
            securityByIsin.put(key(isin), index);
        }
        instrumentMinorUnits[index] = (byte)minorUnits;
        System.arraycopy(isin, 0, instrumentIsins, index * Command.CODE_LENGTH, Command.CODE_LENGTH);
        System.arraycopy(name, 0, instrumentNames, index * Command.NAME_LENGTH, Command.NAME_LENGTH);
    }

    /** A participant created without a name or short code (a record of journal schema version 1). */
    int addParticipant(final long participantId, final byte role)
    {
        return addParticipant(participantId, role, null, null);
    }

    /**
     * @param name the name ({@link Command#NAME_LENGTH} bytes, zero padded), or null for a participant
     *     created without one (then {@code shortCode} is null too)
     * @param shortCode its short code ({@link Command#CODE_LENGTH} bytes, zero padded, not taken)
     */
    int addParticipant(final long participantId, final byte role, final byte[] name, final byte[] shortCode)
    {
        if (participantCount == participantIds.length)
        {
            participantIds = Arrays.copyOf(participantIds, participantCount * 2);
            participantRoles = Arrays.copyOf(participantRoles, participantCount * 2);
            participantsInIdOrder = Arrays.copyOf(participantsInIdOrder, participantCount * 2);
            participantDetailed = Arrays.copyOf(participantDetailed, participantCount * 2);
            participantNames = Arrays.copyOf(participantNames, participantCount * 2 * Command.NAME_LENGTH);
            participantShortCodes = Arrays.copyOf(participantShortCodes, participantCount * 2 * Command.CODE_LENGTH);
        }
        final int index = participantCount++;
        participantIds[index] = participantId;
        participantRoles[index] = role;
        if (name != null)
        {
            participantDetailed[index] = true;
            System.arraycopy(name, 0, participantNames, index * Command.NAME_LENGTH, Command.NAME_LENGTH);
            System.arraycopy(shortCode, 0, participantShortCodes, index * Command.CODE_LENGTH, Command.CODE_LENGTH);
            participantByShortCode.put(key(shortCode), index);
        }
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

    /** @return whether the instrument was created with an ISIN (a security's), name and minor units. */
    boolean instrumentHasDetails(final int index)
    {
        return instrumentDetailed[index];
    }

    /** Copies the instrument's ISIN ({@link Command#CODE_LENGTH} bytes, zero padded; zeros if none) into {@code into}. */
    void copyIsin(final int index, final byte[] into)
    {
        System.arraycopy(instrumentIsins, index * Command.CODE_LENGTH, into, 0, Command.CODE_LENGTH);
    }

    /** Copies the instrument's name ({@link Command#NAME_LENGTH} bytes, zero padded; zeros if none) into {@code into}. */
    void copyInstrumentName(final int index, final byte[] into)
    {
        System.arraycopy(instrumentNames, index * Command.NAME_LENGTH, into, 0, Command.NAME_LENGTH);
    }

    /**
     * @return digits after the decimal point of the instrument's amounts: as created, or for an
     * instrument created without them (journal schema version 1) {@link ReferenceChecks#defaultMinorUnits}
     * of its kind and code (a currency's ISO 4217 minor units, 0 for a security).
     */
    byte minorUnits(final int index)
    {
        return instrumentMinorUnits[index];
    }

    /** An instrument created without ISIN, name or minor units (a record of journal schema version 1). */
    int addInstrument(final int instrumentId, final byte kind, final byte[] code)
    {
        return addInstrument(instrumentId, kind, code, null, null, ReferenceChecks.defaultMinorUnits(kind, code));
    }

    /**
     * @param isin the ISIN ({@link Command#CODE_LENGTH} bytes, zero padded; zeros for a currency), or null
     *     for an instrument created without details (then {@code name} is null too)
     * @param name its name ({@link Command#NAME_LENGTH} bytes, zero padded)
     */
    int addInstrument(final int instrumentId, final byte kind, final byte[] code, final byte[] isin, final byte[] name, final int minorUnits)
    {
        if (instrumentCount == instrumentIds.length)
        {
            instrumentIds = Arrays.copyOf(instrumentIds, instrumentCount * 2);
            instrumentKinds = Arrays.copyOf(instrumentKinds, instrumentCount * 2);
            instrumentCodes = Arrays.copyOf(instrumentCodes, instrumentCount * 2 * Command.CODE_LENGTH);
            instrumentsInIdOrder = Arrays.copyOf(instrumentsInIdOrder, instrumentCount * 2);
            instrumentDetailed = Arrays.copyOf(instrumentDetailed, instrumentCount * 2);
            instrumentIsins = Arrays.copyOf(instrumentIsins, instrumentCount * 2 * Command.CODE_LENGTH);
            instrumentNames = Arrays.copyOf(instrumentNames, instrumentCount * 2 * Command.NAME_LENGTH);
            instrumentMinorUnits = Arrays.copyOf(instrumentMinorUnits, instrumentCount * 2);
        }
        final int index = instrumentCount++;
        instrumentIds[index] = instrumentId;
        instrumentKinds[index] = kind;
        instrumentMinorUnits[index] = (byte)minorUnits;
        if (isin != null)
        {
            instrumentDetailed[index] = true;
            if (!ReferenceChecks.isEmpty(isin))
            {
                securityByIsin.put(key(isin), index);
            }
            System.arraycopy(isin, 0, instrumentIsins, index * Command.CODE_LENGTH, Command.CODE_LENGTH);
            System.arraycopy(name, 0, instrumentNames, index * Command.NAME_LENGTH, Command.NAME_LENGTH);
        }
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

    /** @return whether any participant or instrument was created with its details (names, codes, ISIN, minor units). */
    boolean anyDetails()
    {
        for (int i = 0; i < participantCount; i++)
        {
            if (participantDetailed[i])
            {
                return true;
            }
        }
        for (int i = 0; i < instrumentCount; i++)
        {
            if (instrumentDetailed[i])
            {
                return true;
            }
        }
        return false;
    }

    /**
     * The details (names, short codes, ISINs, minor units) enter the hash only for the participants and
     * instruments created with them: a state built from records of journal schema version 1 hashes as it
     * did before there were details (the minor units such an instrument has are the default of its kind and code).
     */
    long stateHash()
    {
        long h = Hashing.combine(0x5EF5L, participantCount);
        for (int i = 0; i < participantCount; i++)
        {
            h = Hashing.combine(Hashing.combine(h, participantIds[i]), participantRoles[i]);
            if (participantDetailed[i])
            {
                h = Hashing.combine(h, 0xDE7A11L);
                h = bytes(h, participantNames, i * Command.NAME_LENGTH, Command.NAME_LENGTH);
                h = bytes(h, participantShortCodes, i * Command.CODE_LENGTH, Command.CODE_LENGTH);
            }
        }
        h = Hashing.combine(h, instrumentCount);
        for (int i = 0; i < instrumentCount; i++)
        {
            h = Hashing.combine(Hashing.combine(h, instrumentIds[i]), instrumentKinds[i]);
            h = bytes(h, instrumentCodes, i * Command.CODE_LENGTH, Command.CODE_LENGTH);
            if (instrumentDetailed[i])
            {
                h = Hashing.combine(Hashing.combine(h, 0xDE7A11L), instrumentMinorUnits[i]);
                h = bytes(h, instrumentIsins, i * Command.CODE_LENGTH, Command.CODE_LENGTH);
                h = bytes(h, instrumentNames, i * Command.NAME_LENGTH, Command.NAME_LENGTH);
            }
        }
        return h;
    }

    private static long bytes(final long hash, final byte[] array, final int from, final int length)
    {
        long h = hash;
        for (int b = 0; b < length; b++)
        {
            h = Hashing.combine(h, array[from + b]);
        }
        return h;
    }
}
