package io.settlement.app;

import java.util.ArrayList;
import java.util.List;

import io.settlement.engine.api.Command;
import io.settlement.protocol.wire.DayStatus;
import io.settlement.protocol.wire.InstrumentKind;
import io.settlement.protocol.wire.LimitKind;
import io.settlement.protocol.wire.Role;

/**
 * The demo's market: a handful of banks and brokers, several securities, two currencies. Funding
 * and limits are chosen so that every path shows: most deals settle; limits refuse some at
 * registration; some fail settlement for lack of cash or securities and recycle until the
 * operations desk tops the short participant up.
 */
final class DemoMarket
{
    static final long OPERATIONS = 900;
    static final String[] MEMBER_NAMES = {"NORTHBANK", "EASTBANK", "SOUTHBANK", "WESTBANK", "HARBOUR BROKERS", "SUMMIT SECURITIES"};
    static final int[] SECURITIES = {101, 102, 103, 104, 105};
    static final String[] SECURITY_CODES = {"ACME", "GLOBX", "BOND10Y", "OILCO", "TECHX"};
    /** Names and short codes people read: the members', in member order. */
    static final String[] MEMBER_FULL_NAMES = {
        "Northbank AG", "Eastbank Ltd", "Южный банк АО", "Westbank N.V.", "Harbour Brokers LLP", "Summit Securities SA"};
    static final String[] MEMBER_SHORT_CODES = {"NORTHBANK", "EASTBANK", "SOUTHBANK", "WESTBANK", "HARBOUR", "SUMMIT"};
    /** The securities' names and ISINs (fictitious issuers; the check digits are ISO 6166's), in SECURITIES order. */
    static final String[] SECURITY_NAMES = {
        "Acme Industries plc", "Globex Corporation", "Federal Bond 4% 2036", "Nordic Oil Company ASA", "TechX AG"};
    static final String[] SECURITY_ISINS = {"GB00ACME0019", "US37950X1017", "XS2100000012", "NO0010OIL017", "DE000TECHX03"};
    /** The minor units of both currencies of the market (USD and EUR have 2: amounts are cents). */
    static final int CURRENCY_MINOR_UNITS = 2;
    static final int USD = 840;
    static final int EUR = 978;
    static final int FIRST_DATE = 20260105;
    /** Members 5 and 6 (the brokers) start short: their cash buys and deliveries fail until topped up. */
    static final long SHORT_OF_CASH = 5;
    static final long SHORT_OF_SECURITIES = 6;

    private DemoMarket()
    {
    }

    static long memberId(final int index)
    {
        return index + 1;
    }

    static int members()
    {
        return MEMBER_NAMES.length;
    }

    static String secret(final long participantId)
    {
        return "demo-secret-" + participantId;
    }

    /** Which part of the market stages a refusal (every refusal the demo shows should have one). */
    static String explain(final io.settlement.gateway.client.sbe.Reason reason)
    {
        return switch (reason)
        {
            case CREDIT_LIMIT_EXCEEDED -> "member 3's USD credit line: its unsettled buys";
            case COUNTERPARTY_LIMIT_EXCEEDED -> "member 1's cap on open deals with member 2";
            case DELIVERY_LIMIT_EXCEEDED -> "member 4's cap on ACME to deliver";
            default -> "not staged by the demo's market";
        };
    }

    /** Reference data, funding and limits, as commands from the system submitter. */
    static List<Command> setUp()
    {
        final List<Command> commands = new ArrayList<>();
        commands.add(new Command().createParticipant(0, 0, OPERATIONS, Role.OPERATOR, "Settlement operations", "OPS"));
        for (int i = 0; i < SECURITIES.length; i++)
        {
            commands.add(new Command().createInstrument(0, 0, SECURITIES[i], InstrumentKind.SECURITY, SECURITY_CODES[i],
                SECURITY_ISINS[i], SECURITY_NAMES[i], 0));
        }
        commands.add(new Command().createInstrument(0, 0, USD, InstrumentKind.CURRENCY, "USD", "", "US dollar", CURRENCY_MINOR_UNITS));
        commands.add(new Command().createInstrument(0, 0, EUR, InstrumentKind.CURRENCY, "EUR", "", "Euro", CURRENCY_MINOR_UNITS));
        for (int m = 0; m < members(); m++)
        {
            final long id = memberId(m);
            commands.add(new Command().createParticipant(0, 0, id, Role.MEMBER, MEMBER_FULL_NAMES[m], MEMBER_SHORT_CODES[m]));
            final long cash = id == SHORT_OF_CASH ? 50_000_00L : 5_000_000_000_00L;
            commands.add(new Command().deposit(0, 0, id, USD, cash));
            commands.add(new Command().deposit(0, 0, id, EUR, cash));
            for (final int security : SECURITIES)
            {
                commands.add(new Command().deposit(0, 0, id, security, id == SHORT_OF_SECURITIES ? 500 : 50_000_000L));
            }
        }
        // a cautious credit line, a delivery cap and a counterparty cap: some deals are refused
        commands.add(new Command().setLimit(0, 0, 3, LimitKind.CREDIT, USD, 1_000_000_000_00L));
        commands.add(new Command().setLimit(0, 0, 4, LimitKind.DELIVERY, SECURITIES[0], 5_000_000));
        commands.add(new Command().setLimit(0, 0, 1, LimitKind.COUNTERPARTY, 2, 600_000_000_00L));
        // Saturdays and Sundays are not business days: the scheduler's roll skips them
        commands.add(new Command().setCalendar(0, 0, DayStatus.CLOSED));
        commands.add(new Command().advanceBusinessDate(0, 0, FIRST_DATE));
        return commands;
    }
}
