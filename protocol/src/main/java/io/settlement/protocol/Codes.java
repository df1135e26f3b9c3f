package io.settlement.protocol;

import java.util.function.ToIntFunction;

import io.settlement.protocol.wire.CycleMode;
import io.settlement.protocol.wire.DayStatus;
import io.settlement.protocol.wire.DealStatus;
import io.settlement.protocol.wire.DealType;
import io.settlement.protocol.wire.InstructionStatus;
import io.settlement.protocol.wire.InstrumentKind;
import io.settlement.protocol.wire.LimitKind;
import io.settlement.protocol.wire.Reason;
import io.settlement.protocol.wire.Role;
import io.settlement.protocol.wire.Side;

/**
 * The schema's enums looked up by code without throwing: a command or a journal record may carry a
 * code nobody defined, and the engine refuses it (INVALID_FIELD) rather than failing. The generated
 * {@code get(short)} throws for an unknown code and answers {@code NULL_VAL} for the null value;
 * these answer null for both.
 */
public final class Codes
{
    /** Reasons from here up are the gateway's (about a session), never an engine outcome. */
    public static final int FIRST_SESSION_REASON = 30;
    /**
     * Reasons from here up (to 127: the journal carries a reason as an int8) are the engine's again:
     * the session reasons are 30-63, and the engine's new reasons continue here once 0-29 are taken.
     */
    public static final int SECOND_ENGINE_REASONS = 64;

    private static final Role[] ROLES = table(Role.values(), Role.NULL_VAL, Role::value, new Role[256]);
    private static final InstrumentKind[] INSTRUMENT_KINDS =
        table(InstrumentKind.values(), InstrumentKind.NULL_VAL, InstrumentKind::value, new InstrumentKind[256]);
    private static final DealType[] DEAL_TYPES = table(DealType.values(), DealType.NULL_VAL, DealType::value, new DealType[256]);
    private static final DealStatus[] DEAL_STATUSES = table(DealStatus.values(), DealStatus.NULL_VAL, DealStatus::value, new DealStatus[256]);
    private static final LimitKind[] LIMIT_KINDS = table(LimitKind.values(), LimitKind.NULL_VAL, LimitKind::value, new LimitKind[256]);
    private static final DayStatus[] DAY_STATUSES = table(DayStatus.values(), DayStatus.NULL_VAL, DayStatus::value, new DayStatus[256]);
    private static final InstructionStatus[] INSTRUCTION_STATUSES = table(
        InstructionStatus.values(), InstructionStatus.NULL_VAL, InstructionStatus::value, new InstructionStatus[256]);
    private static final Side[] SIDES = table(Side.values(), Side.NULL_VAL, Side::value, new Side[256]);
    private static final CycleMode[] CYCLE_MODES = table(CycleMode.values(), CycleMode.NULL_VAL, CycleMode::value, new CycleMode[256]);
    private static final Reason[] REASONS = table(Reason.values(), Reason.NULL_VAL, Reason::value, new Reason[256]);

    private Codes()
    {
    }

    /** @return the role for a code, or null when the code is not a defined role. */
    public static Role role(final int code)
    {
        return lookup(ROLES, code);
    }

    /** @return the instrument kind for a code, or null when the code is not a defined kind. */
    public static InstrumentKind instrumentKind(final int code)
    {
        return lookup(INSTRUMENT_KINDS, code);
    }

    /** @return the deal type for a code, or null when the code is not a defined type. */
    public static DealType dealType(final int code)
    {
        return lookup(DEAL_TYPES, code);
    }

    /** @return the deal status for a code, or null when the code is not a defined status. */
    public static DealStatus dealStatus(final int code)
    {
        return lookup(DEAL_STATUSES, code);
    }

    /** @return the limit kind for a code, or null when the code is not a defined kind. */
    public static LimitKind limitKind(final int code)
    {
        return lookup(LIMIT_KINDS, code);
    }

    /** @return the day status (of the business calendar) for a code, or null when the code is not a defined status. */
    public static DayStatus dayStatus(final int code)
    {
        return lookup(DAY_STATUSES, code);
    }

    /** @return the side of a deal for a code, or null when the code is not a defined side. */
    public static Side side(final int code)
    {
        return lookup(SIDES, code);
    }

    /** @return the settlement cycle mode for a code, or null when the code is not a defined mode. */
    public static CycleMode cycleMode(final int code)
    {
        return lookup(CYCLE_MODES, code);
    }

    /** @return the status of an instruction for a code, or null when the code is not a defined status. */
    public static InstructionStatus instructionStatus(final int code)
    {
        return lookup(INSTRUCTION_STATUSES, code);
    }

    /** @return the reason for a code, or null when the code is not a defined reason. */
    public static Reason reason(final int code)
    {
        return lookup(REASONS, code);
    }

    /**
     * @return the reason for a code the engine can give (below {@link #FIRST_SESSION_REASON}, or from
     * {@link #SECOND_ENGINE_REASONS} to 127), or null:
     * a session reason in an engine outcome is as wrong as an undefined code.
     */
    public static Reason engineReason(final int code)
    {
        return code < FIRST_SESSION_REASON || code >= SECOND_ENGINE_REASONS && code < 128 ? lookup(REASONS, code) : null;
    }

    private static <E> E lookup(final E[] table, final int code)
    {
        return code >= 0 && code < table.length ? table[code] : null;
    }

    private static <E> E[] table(final E[] values, final E nullValue, final ToIntFunction<E> code, final E[] table)
    {
        for (final E value : values)
        {
            if (value != nullValue)
            {
                table[code.applyAsInt(value)] = value;
            }
        }
        return table;
    }
}
