package io.settlement.reports;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.Map;

/**
 * A scripted business day written into a read model through plain SQL, as the projector would
 * write it: three members (one in Cyrillic, one from before names), two currencies, two securities,
 * deals that register, settle, fail, are cancelled and are rejected, and the movements and postings
 * of the day. The tests' expected figures are worked out by hand from this script (see each test).
 *
 * <pre>
 * business days 2026-11-20, 23, 24, 25, 26, 27 (the day reported, D); the previous close is 26.
 * deal 1  (seq 10) P1 buys 100 ACME from P2 for 12500.50 USD, sd D,  registered 26, settled D 10:15
 * deal 2  (seq 20) P2 buys  50 ACME from P1 for  3000.00 RUB, sd D,  registered D 09:05, settled D 11:30
 * deal 3  (seq 21) P1 buys  10 OLD  from P3 for   500.00 USD, sd D,  registered D 09:10, failed twice D, pending
 * deal 4  (seq 22) P3 buys   5 ACME from P2 for   100.00 USD, sd 30, registered D 09:40, cancelled D 13:00
 * -       (seq 23) P1 buys ACME from P2, REJECTED CREDIT_LIMIT_EXCEEDED at D 10:05
 * -       (seq 24) P2 buys #99 from P1, REJECTED UNKNOWN_INSTRUMENT at D 14:20
 * deal 5  (seq 5)  P2 buys  20 ACME from P1 for  4000.00 USD, sd 23, registered 20, failed once on D, pending
 * deal 6  (seq 6)  P1 buys   1 ACME from P2 for    10.00 USD, sd 26, registered 25, settled 26
 * deal 7  (seq 7)  P1 buys   7 ACME from P2 for   700.00 RUB, sd 26, registered 26, pending
 * deal 8  (seq 25) P3 buys   2 ACME from P2 for    20.00 USD, sd 2026-12-01, registered D 15:00, pending
 * opening (close of 26): P1 20000.00 USD, 30 ACME; P2 5000.00 USD, 10000.00 RUB, 100 ACME; P3 0.00 USD;
 *         P4 (no close at all): 40.00 USD deposited before the first date, 10.00 USD and 1.00 RUB on the 23rd;
 *         on D it deposits 2.00 USD and 4 ACME
 * movements of D: P1 deposits 1000.00 USD at 09:00; deals 1 and 2 settle; P2 withdraws 2000.00 USD at 16:00
 * </pre>
 */
final class ScriptedDay
{
    static final int D = 20261127;
    static final int PREVIOUS = 20261126;
    static final int USD = 1;
    static final int RUB = 2;
    static final int ACME = 10;
    static final int OLD = 11;

    private final Connection connection;
    private final Map<String, Long> balances = new HashMap<>();
    private long movementId;
    private long postingId;

    private ScriptedDay(final Connection connection)
    {
        this.connection = connection;
    }

    /** Migrates the database and writes the script into it. */
    static ReadModelDatabase write(final ReadModelDatabase database) throws SQLException
    {
        database.migrate();
        try (Connection connection = database.connect())
        {
            new ScriptedDay(connection).script();
        }
        return database;
    }

    private void script() throws SQLException
    {
        sql("INSERT INTO participant VALUES (1, 'MEMBER', 'NORTHBANK', 'NB', 1, TIMESTAMP '2026-11-01 08:00:00')");
        sql("INSERT INTO participant VALUES (2, 'MEMBER', 'ООО \"Восток\"', 'VOSTOK', 2, TIMESTAMP '2026-11-01 08:00:00')");
        sql("INSERT INTO participant VALUES (3, 'MEMBER', NULL, NULL, 3, TIMESTAMP '2026-11-01 08:00:00')");
        sql("INSERT INTO participant VALUES (4, 'MEMBER', 'LATE', 'LATE', 9, TIMESTAMP '2026-11-01 08:00:00')");
        // nothing booked; its short code gives the same file name as participant 3's "P3" on a case-insensitive file system
        sql("INSERT INTO participant VALUES (5, 'MEMBER', 'Lower case', 'p3', 10, TIMESTAMP '2026-11-01 08:00:00')");
        sql("INSERT INTO participant VALUES (9, 'OPERATOR', 'Operations desk', 'OPS', 4, TIMESTAMP '2026-11-01 08:00:00')");
        sql("INSERT INTO instrument VALUES (1, 'CURRENCY', 'USD', NULL, 'US dollar', 2, 5, TIMESTAMP '2026-11-01 08:00:00')");
        sql("INSERT INTO instrument VALUES (2, 'CURRENCY', 'RUB', NULL, 'Российский рубль', 2, 6, TIMESTAMP '2026-11-01 08:00:00')");
        sql("INSERT INTO instrument VALUES (10, 'SECURITY', 'ACME', 'US0378331005', 'Acme Corp', 0, 7, TIMESTAMP '2026-11-01 08:00:00')");
        sql("INSERT INTO instrument VALUES (11, 'SECURITY', 'OLD', NULL, NULL, 0, 8, TIMESTAMP '2026-11-01 08:00:00')");
        sql("INSERT INTO account VALUES ('NB.CASH.USD', 'PARTICIPANT', 1, 1, 'NORTHBANK cash USD')");
        sql("INSERT INTO account VALUES ('NB.CASH.RUB', 'PARTICIPANT', 1, 2, 'NORTHBANK cash RUB')");
        sql("INSERT INTO account VALUES ('VOSTOK.CASH.USD', 'PARTICIPANT', 2, 1, 'Расчётный счёт Восток USD')");
        sql("INSERT INTO account VALUES ('VOSTOK.CASH.RUB', 'PARTICIPANT', 2, 2, 'Расчётный счёт Восток RUB')");
        sql("INSERT INTO account VALUES ('EXTERNAL.USD', 'EXTERNAL', NULL, 1, 'Внешний счёт USD')");
        sql("INSERT INTO account VALUES ('CLEARING.USD', 'CLEARING', NULL, 1, 'Клиринговый счёт USD')");
        for (final int day : new int[] {20261120, 20261123, 20261124, 20261125, 20261126, D})
        {
            sql("INSERT INTO business_day VALUES (" + day + ", " + day % 100 + ", TIMESTAMP '" + BusinessDates.iso(day) + " 08:00:00', NULL, NULL)");
        }
        // the close of the previous day
        eod(1, USD, 2_000_000);
        eod(1, ACME, 30);
        eod(2, USD, 500_000);
        eod(2, RUB, 1_000_000);
        eod(2, ACME, 100);
        eod(3, USD, 0);
        // an older close that must not be taken for the opening balance
        sql("INSERT INTO eod_position VALUES (20261125, 1, 1, 999999)");

        deal(10, 1L, 1, 2, ACME, USD, 100, 1_250_050, D, "SETTLED", null, "2026-11-26 12:00:00", PREVIOUS, 0, null, 30L, "2026-11-27 10:15:00", D);
        deal(20, 2L, 2, 1, ACME, RUB, 50, 300_000, D, "SETTLED", null, "2026-11-27 09:05:00", D, 0, null, 31L, "2026-11-27 11:30:00", D);
        deal(21, 3L, 1, 3, OLD, USD, 10, 50_000, D, "PENDING", null, "2026-11-27 09:10:00", D, 2, "INSUFFICIENT_BALANCE", null, null, null);
        deal(22, 4L, 3, 2, ACME, USD, 5, 10_000, 20261130, "CANCELLED", null, "2026-11-27 09:40:00", D, 0, null, 32L, "2026-11-27 13:00:00", D);
        deal(23, null, 1, 2, ACME, USD, 3, 30_000, D, "REJECTED", "CREDIT_LIMIT_EXCEEDED", "2026-11-27 10:05:00", D, 0, null, null, null, null);
        deal(24, null, 2, 1, 99, USD, 3, 30_000, D, "REJECTED", "UNKNOWN_INSTRUMENT", "2026-11-27 14:20:00", D, 0, null, null, null, null);
        deal(5, 5L, 2, 1, ACME, USD, 20, 400_000, 20261123, "PENDING", null, "2026-11-20 10:00:00", 20261120, 3, "INSUFFICIENT_BALANCE", null, null, null);
        deal(6, 6L, 1, 2, ACME, USD, 1, 1_000, PREVIOUS, "SETTLED", null, "2026-11-25 10:00:00", 20261125, 0, null, 9L, "2026-11-26 10:00:00", PREVIOUS);
        deal(7, 7L, 1, 2, ACME, RUB, 7, 70_000, PREVIOUS, "PENDING", null, "2026-11-26 10:00:00", PREVIOUS, 1, "INSUFFICIENT_BALANCE", null, null, null);
        deal(25, 8L, 3, 2, ACME, USD, 2, 2_000, 20261201, "PENDING", null, "2026-11-27 15:00:00", D, 0, null, null, null, null);

        event(10, 0, 10, 1L, "REGISTERED", null, "2026-11-26 12:00:00", PREVIOUS);
        event(30, 0, 10, 1L, "SETTLED", null, "2026-11-27 10:15:00", D);
        event(20, 0, 20, 2L, "REGISTERED", null, "2026-11-27 09:05:00", D);
        event(31, 0, 20, 2L, "SETTLED", null, "2026-11-27 11:30:00", D);
        event(21, 0, 21, 3L, "REGISTERED", null, "2026-11-27 09:10:00", D);
        event(30, 1, 21, 3L, "SETTLEMENT_FAILED", "INSUFFICIENT_BALANCE", "2026-11-27 10:15:00", D);
        event(31, 1, 21, 3L, "SETTLEMENT_FAILED", "INSUFFICIENT_BALANCE", "2026-11-27 11:30:00", D);
        event(30, 2, 5, 5L, "SETTLEMENT_FAILED", "INSUFFICIENT_BALANCE", "2026-11-27 10:15:00", D);
        event(8, 0, 5, 5L, "SETTLEMENT_FAILED", "INSUFFICIENT_BALANCE", "2026-11-26 10:00:00", PREVIOUS);
        event(9, 1, 7, 7L, "SETTLEMENT_FAILED", "INSUFFICIENT_BALANCE", "2026-11-26 10:00:00", PREVIOUS);
        event(22, 0, 22, 4L, "REGISTERED", null, "2026-11-27 09:40:00", D);
        event(32, 0, 22, 4L, "CANCELLED", null, "2026-11-27 13:00:00", D);
        event(23, 0, 23, null, "REJECTED", "CREDIT_LIMIT_EXCEEDED", "2026-11-27 10:05:00", D);
        event(24, 0, 24, null, "REJECTED", "UNKNOWN_INSTRUMENT", "2026-11-27 14:20:00", D);
        event(25, 0, 25, 8L, "REGISTERED", null, "2026-11-27 15:00:00", D);

        balances.put("1/" + USD, 2_000_000L);
        balances.put("1/" + ACME, 30L);
        balances.put("2/" + USD, 500_000L);
        balances.put("2/" + RUB, 1_000_000L);
        balances.put("2/" + ACME, 100L);
        move(26, "2026-11-27 09:00:00", 1, USD, 100_000, "DEPOSIT", null, null);
        move(30, "2026-11-27 10:15:00", 1, USD, -1_250_050, "PAYMENT", 1L, 2L);
        move(30, "2026-11-27 10:15:00", 2, USD, 1_250_050, "COLLECTION", 1L, 1L);
        move(30, "2026-11-27 10:15:00", 2, ACME, -100, "DELIVERY", 1L, 1L);
        move(30, "2026-11-27 10:15:00", 1, ACME, 100, "RECEIPT", 1L, 2L);
        move(31, "2026-11-27 11:30:00", 2, RUB, -300_000, "PAYMENT", 2L, 1L);
        move(31, "2026-11-27 11:30:00", 1, RUB, 300_000, "COLLECTION", 2L, 2L);
        move(31, "2026-11-27 11:30:00", 1, ACME, -50, "DELIVERY", 2L, 2L);
        move(31, "2026-11-27 11:30:00", 2, ACME, 50, "RECEIPT", 2L, 1L);
        move(33, "2026-11-27 16:00:00", 2, USD, -200_000, "WITHDRAWAL", null, null);
        // P4's funding, booked before any close of its own (a node funds before its first business date)
        sql("INSERT INTO movement VALUES (901, 3, 0, TIMESTAMP '2026-11-01 08:00:00', 4, 1, 4000, 4000, 'DEPOSIT', NULL, NULL)");
        sql("INSERT INTO movement VALUES (902, 4, 20261123, TIMESTAMP '2026-11-23 08:00:00', 4, 1, 1000, 5000, 'DEPOSIT', NULL, NULL)");
        sql("INSERT INTO movement VALUES (903, 4, 20261123, TIMESTAMP '2026-11-23 08:00:00', 4, 2, 100, 100, 'DEPOSIT', NULL, NULL)");
        // and on D (no posting: the postings file of D is P1's to P3's): 2.00 USD and 4 ACME, RUB unmoved between them
        sql("INSERT INTO movement VALUES (904, 40, " + D + ", TIMESTAMP '2026-11-27 17:00:00', 4, 1, 200, 5200, 'DEPOSIT', NULL, NULL)");
        sql("INSERT INTO movement VALUES (905, 41, " + D + ", TIMESTAMP '2026-11-27 17:05:00', 4, 10, 4, 4, 'DEPOSIT', NULL, NULL)");
        // a movement of the previous day, which must not appear on D
        sql("INSERT INTO movement VALUES (900, 9, " + PREVIOUS + ", TIMESTAMP '2026-11-26 10:00:00', 1, 1, -1000, 2000000, 'PAYMENT', 6, 2)");
        sql("INSERT INTO posting VALUES (900, 900, 9, " + PREVIOUS + ", TIMESTAMP '2026-11-26 10:00:00', 'NB.CASH.USD', 'CLEARING.USD', 1, 1000, 6, 'previous day')");
    }

    private void eod(final long participant, final int instrument, final long balance) throws SQLException
    {
        sql("INSERT INTO eod_position VALUES (" + PREVIOUS + ", " + participant + ", " + instrument + ", " + balance + ")");
    }

    private void deal(final long sequence, final Long dealId, final long buyer, final long seller, final int security, final int currency,
        final long quantity, final long cash, final int settlementDate, final String status, final String rejectReason,
        final String registeredAt, final int registeredDate, final int failedAttempts, final String lastFail, final Long finishedSequence,
        final String finishedAt, final Integer finishedDate) throws SQLException
    {
        try (PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO deal VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"))
        {
            insert.setLong(1, sequence);
            insert.setObject(2, dealId);
            insert.setLong(3, buyer);
            insert.setLong(4, 1000 + sequence);
            insert.setLong(5, buyer);
            insert.setLong(6, seller);
            insert.setInt(7, security);
            insert.setInt(8, currency);
            insert.setLong(9, quantity);
            insert.setLong(10, cash);
            insert.setInt(11, settlementDate);
            insert.setString(12, "DVP");
            insert.setString(13, status);
            insert.setString(14, rejectReason);
            insert.setObject(15, LocalDateTime.parse(registeredAt.replace(' ', 'T')));
            insert.setInt(16, registeredDate);
            insert.setInt(17, failedAttempts);
            insert.setObject(18, failedAttempts > 0 ? registeredDate : null);
            insert.setString(19, lastFail);
            insert.setObject(20, finishedSequence);
            insert.setObject(21, finishedAt == null ? null : LocalDateTime.parse(finishedAt.replace(' ', 'T')));
            insert.setObject(22, finishedDate);
            insert.executeUpdate();
        }
    }

    private void event(final long sequence, final int ordinal, final long registration, final Long dealId, final String kind,
        final String reason, final String at, final int businessDate) throws SQLException
    {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO deal_event VALUES (?, ?, ?, ?, ?, ?, ?, ?)"))
        {
            insert.setLong(1, sequence);
            insert.setInt(2, ordinal);
            insert.setLong(3, registration);
            insert.setObject(4, dealId);
            insert.setString(5, kind);
            insert.setString(6, reason);
            insert.setObject(7, LocalDateTime.parse(at.replace(' ', 'T')));
            insert.setInt(8, businessDate);
            insert.executeUpdate();
        }
    }

    /** A movement with its running balance, and its posting against the clearing (deals) or external (funding) account. */
    private void move(final long sequence, final String at, final long participant, final int instrument, final long amount,
        final String cause, final Long dealId, final Long counterparty) throws SQLException
    {
        final long after = balances.merge(participant + "/" + instrument, amount, Long::sum);
        movementId++;
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO movement VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"))
        {
            insert.setLong(1, movementId);
            insert.setLong(2, sequence);
            insert.setInt(3, D);
            insert.setObject(4, LocalDateTime.parse(at.replace(' ', 'T')));
            insert.setLong(5, participant);
            insert.setInt(6, instrument);
            insert.setLong(7, amount);
            insert.setLong(8, after);
            insert.setString(9, cause);
            insert.setObject(10, dealId);
            insert.setObject(11, counterparty);
            insert.executeUpdate();
        }
        final String own = "P" + participant + "." + instrument;
        final String other = dealId == null ? "EXTERNAL.USD" : "CLEARING.USD";
        postingId++;
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO posting VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"))
        {
            insert.setLong(1, postingId);
            insert.setLong(2, movementId);
            insert.setLong(3, sequence);
            insert.setInt(4, D);
            insert.setObject(5, LocalDateTime.parse(at.replace(' ', 'T')));
            insert.setString(6, amount < 0 ? own : other);
            insert.setString(7, amount < 0 ? other : own);
            insert.setInt(8, instrument);
            insert.setLong(9, Math.abs(amount));
            insert.setObject(10, dealId);
            insert.setString(11, "Проводка " + cause + " №" + movementId);
            insert.executeUpdate();
        }
    }

    private void sql(final String sql) throws SQLException
    {
        try (Statement statement = connection.createStatement())
        {
            statement.executeUpdate(sql);
        }
    }
}
