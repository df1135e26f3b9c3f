package io.settlement.engine;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import io.settlement.engine.api.Command;
import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventType;
import io.settlement.protocol.Codes;
import io.settlement.protocol.wire.DayStatus;
import io.settlement.protocol.wire.InstrumentKind;
import io.settlement.protocol.wire.LimitKind;
import io.settlement.protocol.wire.Reason;
import io.settlement.protocol.wire.Role;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The second layer of the {@link ReferenceModel}: the rules of the commands that are not about
 * deals. Reference data (participants, instruments), funding (deposits, withdrawals), limits, and
 * the position and limits queries. Each method checks the engine's outcomes of one command
 * against the model and, when the command was accepted, updates the model.
 */
abstract class ModelAccountRules extends ModelState
{
    ModelAccountRules()
    {
    }

    // -------------------------------------------------------------- settings

    void setRetention(final Command c, final List<Event> outcomes)
    {
        final Reason auth = authorise(c.submitterId, Role.OPERATOR, Role.OPERATOR);
        if (auth != Reason.OK)
        {
            expectResult(c, outcomes, reasons(auth));
            return;
        }
        if (c.retainFinishedDays < 0 || c.retainFinishedDays > 3650)
        {
            expectResult(c, outcomes, reasons(Reason.INVALID_FIELD));
            return;
        }
        expectResult(c, outcomes, reasons(Reason.OK));
        retainDays = c.retainFinishedDays;
    }

    /** Weekends open or closed; closing them is refused while the business date is a Saturday or a Sunday. */
    void setCalendar(final Command c, final List<Event> outcomes)
    {
        final Reason auth = authorise(c.submitterId, Role.OPERATOR, Role.OPERATOR);
        if (auth != Reason.OK)
        {
            expectResult(c, outcomes, reasons(auth));
            return;
        }
        if (c.weekends != DayStatus.OPEN.value() && c.weekends != DayStatus.CLOSED.value())
        {
            expectResult(c, outcomes, reasons(Reason.INVALID_FIELD));
            return;
        }
        final boolean close = c.weekends == DayStatus.CLOSED.value();
        if (close && businessDate != 0 && RandomCalendarCommands.isWeekend(businessDate))
        {
            expectResult(c, outcomes, reasons(Reason.NOT_A_BUSINESS_DAY));
            return;
        }
        expectResult(c, outcomes, reasons(Reason.OK));
        weekendsClosed = close;
    }

    /** A day after the business date closed or opened; at most 2,048 holidays. */
    void setHoliday(final Command c, final List<Event> outcomes)
    {
        final Reason auth = authorise(c.submitterId, Role.OPERATOR, Role.OPERATOR);
        if (auth != Reason.OK)
        {
            expectResult(c, outcomes, reasons(auth));
            return;
        }
        if (c.dayStatus != DayStatus.OPEN.value() && c.dayStatus != DayStatus.CLOSED.value())
        {
            expectResult(c, outcomes, reasons(Reason.INVALID_FIELD));
            return;
        }
        if (!isRealDate(c.holidayDate) || c.holidayDate <= businessDate)
        {
            expectResult(c, outcomes, reasons(Reason.INVALID_DATE));
            return;
        }
        final boolean close = c.dayStatus == DayStatus.CLOSED.value();
        if (close && !holidays.contains(c.holidayDate) && holidays.size() == 2_048)
        {
            expectResult(c, outcomes, reasons(Reason.OVERFLOW));
            return;
        }
        expectResult(c, outcomes, reasons(Reason.OK));
        if (close)
        {
            holidays.add(c.holidayDate);
        }
        else
        {
            holidays.remove(c.holidayDate);
        }
    }

    // -------------------------------------------------------------- reference data

    void createParticipant(final Command c, final List<Event> outcomes)
    {
        final Reason auth = authorise(c.submitterId, Role.OPERATOR, Role.OPERATOR);
        final Set<Reason> problems = EnumSet.noneOf(Reason.class);
        if (auth != Reason.OK)
        {
            problems.add(auth);
        }
        else
        {
            if (c.participantId <= 0 || Codes.role(c.role) == null)
            {
                problems.add(Reason.INVALID_FIELD);
            }
            if (roles.containsKey(c.participantId))
            {
                problems.add(Reason.ALREADY_EXISTS);
            }
            if (!c.legacyLayout)
            {
                if (!isName(c.name))
                {
                    problems.add(Reason.INVALID_NAME);
                }
                if (!isValidCode(c.shortCode))
                {
                    problems.add(Reason.INVALID_SHORT_CODE);
                }
                else if (shortCodes.contains(new String(c.shortCode, StandardCharsets.US_ASCII).trim()))
                {
                    problems.add(Reason.DUPLICATE_SHORT_CODE);
                }
            }
        }
        if (!problems.isEmpty())
        {
            expectResult(c, outcomes, problems);
            return;
        }
        expectResult(c, outcomes, reasons(Reason.OK));
        roles.put(c.participantId, Codes.role(c.role));
        if (!c.legacyLayout)
        {
            shortCodes.add(new String(c.shortCode, StandardCharsets.US_ASCII).trim());
        }
    }

    /** Non-empty UTF-8 (a strict decoder), no ISO control character, then zero padding. */
    private static boolean isName(final byte[] field)
    {
        int length = 0;
        while (length < field.length && field[length] != 0)
        {
            length++;
        }
        for (int i = length; i < field.length; i++)
        {
            if (field[i] != 0)
            {
                return false;
            }
        }
        try
        {
            final String text = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                .decode(java.nio.ByteBuffer.wrap(field, 0, length)).toString();
            return !text.isEmpty() && text.codePoints().noneMatch(Character::isISOControl);
        }
        catch (final java.nio.charset.CharacterCodingException ex)
        {
            return false;
        }
    }

    /** ISO 6166: 2 letters, 9 letters or digits, then the check digit of the Luhn sum over the letters spelt as numbers. */
    private static boolean isIsin(final byte[] field)
    {
        final String isin = new String(field, StandardCharsets.ISO_8859_1);
        if (!isin.matches("[A-Z]{2}[A-Z0-9]{9}[0-9]"))
        {
            return false;
        }
        final StringBuilder digits = new StringBuilder();
        for (final char ch : isin.toCharArray())
        {
            digits.append(Character.digit(ch, 36)); // 0-9 as themselves, A=10 .. Z=35
        }
        int sum = 0;
        for (int i = 0; i < digits.length(); i++)
        {
            int d = digits.charAt(digits.length() - 1 - i) - '0';
            if (i % 2 == 1)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }
            sum += d;
        }
        return sum % 10 == 0;
    }

    /** 1..12 printable ASCII characters (no space), then zero padding. */
    private static boolean isValidCode(final byte[] code)
    {
        final String s = new String(code, StandardCharsets.ISO_8859_1);
        return s.matches("[\\x21-\\x7E]{1,12}\\x00*");
    }

    void createInstrument(final Command c, final List<Event> outcomes)
    {
        final Reason auth = authorise(c.submitterId, Role.OPERATOR, Role.OPERATOR);
        final Set<Reason> problems = EnumSet.noneOf(Reason.class);
        if (auth != Reason.OK)
        {
            problems.add(auth);
        }
        else
        {
            if (c.instrumentId <= 0 || Codes.instrumentKind(c.instrumentKind) == null || !isValidCode(c.code))
            {
                problems.add(Reason.INVALID_FIELD);
            }
            if (kinds.containsKey(c.instrumentId))
            {
                problems.add(Reason.ALREADY_EXISTS);
            }
            if (!c.legacyLayout)
            {
                if (!isName(c.name))
                {
                    problems.add(Reason.INVALID_NAME);
                }
                if (c.instrumentKind == InstrumentKind.SECURITY.value())
                {
                    if (!isIsin(c.isin))
                    {
                        problems.add(Reason.INVALID_ISIN);
                    }
                    if (c.minorUnits != 0)
                    {
                        problems.add(Reason.INVALID_MINOR_UNITS);
                    }
                }
                else
                {
                    if (!new String(c.code, StandardCharsets.ISO_8859_1).matches("[A-Z]{3}\\x00*")
                        || !new String(c.isin, StandardCharsets.ISO_8859_1).matches("\\x00*"))
                    {
                        problems.add(Reason.INVALID_CURRENCY);
                    }
                    if (c.minorUnits < 0 || c.minorUnits > 4)
                    {
                        problems.add(Reason.INVALID_MINOR_UNITS);
                    }
                }
            }
        }
        if (!problems.isEmpty())
        {
            expectResult(c, outcomes, problems);
            return;
        }
        expectResult(c, outcomes, reasons(Reason.OK));
        kinds.put(c.instrumentId, Codes.instrumentKind(c.instrumentKind));
    }

    // -------------------------------------------------------------- funding

    private Set<Reason> fundingProblems(final Command c)
    {
        final Reason auth = authorise(c.submitterId, Role.OPERATOR, Role.OPERATOR);
        if (auth != Reason.OK)
        {
            return reasons(auth);
        }
        final Set<Reason> problems = EnumSet.noneOf(Reason.class);
        if (!roles.containsKey(c.participantId))
        {
            problems.add(Reason.UNKNOWN_PARTICIPANT);
        }
        if (!kinds.containsKey(c.instrumentId))
        {
            problems.add(Reason.UNKNOWN_INSTRUMENT);
        }
        if (c.amount <= 0)
        {
            problems.add(Reason.INVALID_AMOUNT);
        }
        return problems;
    }

    void deposit(final Command c, final List<Event> outcomes)
    {
        final Set<Reason> problems = fundingProblems(c);
        if (problems.isEmpty() && Arith.addOverflows(supply.getOrDefault(c.instrumentId, 0L), c.amount))
        {
            problems.add(Reason.OVERFLOW);
        }
        if (!problems.isEmpty())
        {
            expectResult(c, outcomes, problems);
            return;
        }
        expectResult(c, outcomes, reasons(Reason.OK));
        supply.merge(c.instrumentId, c.amount, Math::addExact);
        addBalance(c.participantId, c.instrumentId, c.amount);
    }

    void withdraw(final Command c, final List<Event> outcomes)
    {
        final Set<Reason> problems = fundingProblems(c);
        if (problems.isEmpty() && balance(c.participantId, c.instrumentId) < c.amount)
        {
            problems.add(Reason.INSUFFICIENT_BALANCE);
        }
        if (!problems.isEmpty())
        {
            expectResult(c, outcomes, problems);
            return;
        }
        expectResult(c, outcomes, reasons(Reason.OK));
        supply.merge(c.instrumentId, -c.amount, Math::addExact);
        addBalance(c.participantId, c.instrumentId, -c.amount);
    }

    // -------------------------------------------------------------- limits

    void setLimit(final Command c, final List<Event> outcomes)
    {
        final Reason auth = authorise(c.submitterId, Role.RISK, Role.OPERATOR);
        if (auth != Reason.OK)
        {
            expectResult(c, outcomes, reasons(auth));
            return;
        }
        final Set<Reason> problems = EnumSet.noneOf(Reason.class);
        final LimitKind kind = Codes.limitKind(c.limitKind);
        if (kind == null)
        {
            problems.add(Reason.INVALID_FIELD);
        }
        if (!roles.containsKey(c.participantId))
        {
            problems.add(Reason.UNKNOWN_PARTICIPANT);
        }
        if (kind == LimitKind.COUNTERPARTY)
        {
            if (!roles.containsKey(c.limitKey))
            {
                problems.add(Reason.UNKNOWN_PARTICIPANT);
            }
            if (c.limitKey == c.participantId)
            {
                problems.add(Reason.SAME_BUYER_AND_SELLER);
            }
        }
        else if (kind != null)
        {
            if (c.limitKey != (int)c.limitKey)
            {
                problems.add(Reason.UNKNOWN_INSTRUMENT);
            }
            else
            {
                instrumentProblem((int)c.limitKey, kind == LimitKind.CREDIT ? InstrumentKind.CURRENCY : InstrumentKind.SECURITY,
                    problems);
            }
        }
        if (c.amount < 0)
        {
            problems.add(Reason.INVALID_AMOUNT);
        }
        if (!problems.isEmpty())
        {
            expectResult(c, outcomes, problems);
            return;
        }
        assertEquals(1, outcomes.size());
        final Event e = outcomes.get(0);
        assertEquals(EventType.LIMIT_SET, e.type, () -> "a valid limit is set, got " + e);
        final LimitKey key = new LimitKey(kind, c.participantId, c.limitKey);
        assertEquals(c.participantId, e.participantId);
        assertEquals((byte)kind.value(), e.limitKind);
        assertEquals(c.limitKey, e.limitKey);
        assertEquals(c.amount, e.amount, "the limit");
        assertEquals(utilised(key), e.utilised, "utilisation reported with the new limit");
        limits.put(key, c.amount);
    }

    // -------------------------------------------------------------- position and limits queries

    private Set<Reason> queryProblems(final Command c)
    {
        final Set<Reason> problems = EnumSet.noneOf(Reason.class);
        if (roles.get(c.submitterId) == Role.MEMBER && c.submitterId != c.participantId)
        {
            problems.add(Reason.NOT_AUTHORISED);
        }
        if (roles.get(c.participantId) == null)
        {
            problems.add(Reason.UNKNOWN_PARTICIPANT);
        }
        return problems;
    }

    void queryPosition(final Command c, final List<Event> outcomes)
    {
        if (roles.get(c.submitterId) == null)
        {
            expectResult(c, outcomes, reasons(Reason.UNKNOWN_PARTICIPANT));
            return;
        }
        final Set<Reason> problems = queryProblems(c);
        if (!kinds.containsKey(c.instrumentId))
        {
            problems.add(Reason.UNKNOWN_INSTRUMENT);
        }
        if (!problems.isEmpty())
        {
            expectResult(c, outcomes, problems);
            return;
        }
        assertEquals(1, outcomes.size());
        final Event e = outcomes.get(0);
        assertEquals(EventType.POSITION_REPORT, e.type);
        assertEquals(c.participantId, e.participantId);
        assertEquals(c.instrumentId, e.instrumentId);
        assertEquals(balance(c.participantId, c.instrumentId), e.amount, "reported balance");
    }

    void queryLimits(final Command c, final List<Event> outcomes)
    {
        if (roles.get(c.submitterId) == null)
        {
            expectResult(c, outcomes, reasons(Reason.UNKNOWN_PARTICIPANT));
            return;
        }
        final Set<Reason> problems = queryProblems(c);
        if (!problems.isEmpty())
        {
            expectResult(c, outcomes, problems);
            return;
        }
        final Set<String> expected = new TreeSet<>();
        limits.forEach((key, limit) ->
        {
            if (key.owner() == c.participantId)
            {
                expected.add(key.kind() + "/" + key.key() + " limit " + limit + " used " + utilised(key));
            }
        });
        final Event header = outcomes.get(0);
        assertEquals(EventType.LIMITS_REPORT, header.type);
        assertEquals(c.participantId, header.participantId);
        assertEquals(expected.size(), header.count, () -> "lines announced; expected " + expected);
        assertEquals(expected.size() + 1, outcomes.size(), "the header then its lines");
        final Set<String> actual = new TreeSet<>();
        for (final Event line : outcomes.subList(1, outcomes.size()))
        {
            assertEquals(EventType.LIMIT_LINE, line.type);
            assertEquals(c.participantId, line.participantId);
            actual.add(Codes.limitKind(line.limitKind) + "/" + line.limitKey + " limit " + line.amount + " used "
                + line.utilised);
        }
        assertEquals(expected, actual, "limit lines");
    }
}
