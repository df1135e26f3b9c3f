package io.settlement.reports;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The projector's rows on their way to the database: one prepared statement per kind of row, rows
 * added to JDBC batches ({@link PreparedStatement#addBatch}) and sent by {@link #commit}, which
 * runs every batch, then the progress row, in one transaction. Plain INSERT and UPDATE only: the
 * projector knows whether a row exists (it keeps the balances and accounts it has written), so no
 * MERGE or upsert dialect is needed, and the same statements run on H2, PostgreSQL and Oracle.
 *
 * <p>Statements run in the order they are declared here, inserts before the updates that may
 * touch the rows just inserted in the same transaction.
 */
final class ReadModelWriter implements AutoCloseable
{
    /** One prepared statement and the rows added to its batch since the last commit. */
    final class Batch
    {
        private final PreparedStatement statement;
        private int rows;

        private Batch(final String sql) throws SQLException
        {
            this.statement = connection.prepareStatement(sql);
            batches.add(this);
        }

        /** Sets the parameters of the next row, then {@link #add}. */
        PreparedStatement row()
        {
            return statement;
        }

        void add() throws SQLException
        {
            statement.addBatch();
            rows++;
            pendingRows++;
        }

        private void execute() throws SQLException
        {
            if (rows > 0)
            {
                statement.executeBatch();
                rows = 0;
            }
        }
    }

    private final Connection connection;
    private final List<Batch> batches = new ArrayList<>();
    private long pendingRows;
    private long writtenRows;

    final Batch participant;
    final Batch instrument;
    final Batch account;
    final Batch deal;
    final Batch dealFinished;
    final Batch dealFailed;
    final Batch dealEvent;
    final Batch movement;
    final Batch posting;
    final Batch limitHistory;
    final Batch businessDayOpened;
    final Batch businessDayClosed;
    final Batch eodPosition;
    final Batch settlementCycle;
    final Batch cycleValue;
    final Batch balanceInsert;
    final Batch balanceUpdate;
    final Batch instruction;
    final Batch instructionEnded;
    private final PreparedStatement progressUpdate;
    private final PreparedStatement progressInsert;

    ReadModelWriter(final Connection connection) throws SQLException
    {
        this.connection = connection;
        connection.setAutoCommit(false);
        participant = new Batch("INSERT INTO participant (participant_id, role, name, short_code, created_sequence, created_at)"
            + " VALUES (?, ?, ?, ?, ?, ?)");
        instrument = new Batch("INSERT INTO instrument (instrument_id, kind, code, isin, name, minor_units, created_sequence,"
            + " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        account = new Batch("INSERT INTO account (account_code, account_class, participant_id, instrument_id, name)"
            + " VALUES (?, ?, ?, ?, ?)");
        deal = new Batch("INSERT INTO deal (registration_sequence, deal_id, submitter_id, client_deal_id, buyer_id, seller_id,"
            + " security_id, currency_id, quantity, cash_amount, settlement_date, deal_type, status, reject_reason, registered_at,"
            + " registered_business_date, failed_attempts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)");
        dealFinished = new Batch("UPDATE deal SET status = ?, finished_sequence = ?, finished_at = ?, finished_business_date = ?"
            + " WHERE deal_id = ?");
        dealFailed = new Batch("UPDATE deal SET failed_attempts = failed_attempts + 1,"
            + " first_failed_business_date = COALESCE(first_failed_business_date, ?), last_fail_reason = ? WHERE deal_id = ?");
        dealEvent = new Batch("INSERT INTO deal_event (sequence, ordinal, registration_sequence, deal_id, kind, reason, occurred_at,"
            + " business_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        movement = new Batch("INSERT INTO movement (movement_id, sequence, business_date, occurred_at, participant_id,"
            + " instrument_id, amount, balance_after, cause, deal_id, counterparty_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        posting = new Batch("INSERT INTO posting (posting_id, movement_id, sequence, business_date, occurred_at, debit_account,"
            + " credit_account, instrument_id, amount, deal_id, narrative) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        limitHistory = new Batch("INSERT INTO limit_history (sequence, participant_id, limit_kind, limit_key, amount, utilised,"
            + " occurred_at, business_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        businessDayOpened = new Batch("INSERT INTO business_day (business_date, opened_sequence, opened_at) VALUES (?, ?, ?)");
        businessDayClosed = new Batch("UPDATE business_day SET closed_sequence = ?, closed_at = ? WHERE business_date = ?");
        eodPosition = new Batch("INSERT INTO eod_position (business_date, participant_id, instrument_id, balance)"
            + " VALUES (?, ?, ?, ?)");
        settlementCycle = new Batch("INSERT INTO settlement_cycle (sequence, business_date, occurred_at, attempted, settled, failed)"
            + " VALUES (?, ?, ?, ?, ?, ?)");
        cycleValue = new Batch("INSERT INTO cycle_value (sequence, currency_id, settled_value, settled_count) VALUES (?, ?, ?, ?)");
        balanceInsert = new Batch("INSERT INTO balance (participant_id, instrument_id, balance) VALUES (?, ?, ?)");
        balanceUpdate = new Batch("UPDATE balance SET balance = ? WHERE participant_id = ? AND instrument_id = ?");
        instruction = new Batch("INSERT INTO instruction (instruction_id, registration_sequence, owner_id, client_ref, side, buyer_id,"
            + " seller_id, security_id, currency_id, quantity, cash_amount, settlement_date, deal_type, link_id, partial_allowed,"
            + " minimum_quantity, status, registered_at, registered_business_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
            + " 'UNMATCHED', ?, ?)");
        instructionEnded = new Batch("UPDATE instruction SET status = ?, end_reason = ?, deal_id = ?, ended_sequence = ?,"
            + " ended_ordinal = ?, ended_at = ?, ended_business_date = ? WHERE instruction_id = ?");
        progressUpdate = connection.prepareStatement("UPDATE projector_progress SET command_index = ?, command_record = ?,"
            + " event_index = ?, event_record = ?, last_sequence = ?, last_sequence_events = ?, business_date = ?,"
            + " next_movement_id = ?, next_posting_id = ?, updated_at = ? WHERE projector = ?");
        progressInsert = connection.prepareStatement("INSERT INTO projector_progress (command_index, command_record, event_index,"
            + " event_record, last_sequence, last_sequence_events, business_date, next_movement_id, next_posting_id, updated_at,"
            + " projector) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    }

    /** Rows added since the last commit. */
    long pendingRows()
    {
        return pendingRows;
    }

    /** Rows committed since this writer was opened (the progress rows not counted). */
    long writtenRows()
    {
        return writtenRows;
    }

    /** Runs every batch, writes {@code progress}, and commits them as one transaction; rolls back on failure. */
    void commit(final String projector, final ProjectorProgress progress) throws SQLException
    {
        try
        {
            for (final Batch batch : batches)
            {
                batch.execute();
            }
            if (bindProgress(progressUpdate, projector, progress).executeUpdate() == 0)
            {
                bindProgress(progressInsert, projector, progress).executeUpdate();
            }
            connection.commit();
        }
        catch (final SQLException | RuntimeException ex)
        {
            try
            {
                connection.rollback();
            }
            catch (final SQLException suppressed)
            {
                ex.addSuppressed(suppressed);
            }
            throw ex;
        }
        writtenRows += pendingRows;
        pendingRows = 0;
    }

    private static PreparedStatement bindProgress(final PreparedStatement s, final String projector, final ProjectorProgress p)
        throws SQLException
    {
        s.setLong(1, p.commandIndex());
        s.setInt(2, p.commandRecord());
        s.setLong(3, p.eventIndex());
        s.setInt(4, p.eventRecord());
        s.setLong(5, p.lastSequence());
        s.setInt(6, p.lastSequenceEvents());
        s.setInt(7, p.businessDate());
        s.setLong(8, p.nextMovementId());
        s.setLong(9, p.nextPostingId());
        s.setObject(10, LocalDateTime.now(ZoneOffset.UTC));
        s.setString(11, projector);
        return s;
    }

    /** A journal timestamp (epoch nanoseconds) as the UTC time a TIMESTAMP column holds. */
    static LocalDateTime utc(final long epochNs)
    {
        return LocalDateTime.ofEpochSecond(Math.floorDiv(epochNs, 1_000_000_000L), (int)Math.floorMod(epochNs, 1_000_000_000L),
            ZoneOffset.UTC);
    }

    static void setNullableLong(final PreparedStatement s, final int index, final long value, final boolean isNull)
        throws SQLException
    {
        if (isNull)
        {
            s.setNull(index, Types.BIGINT);
        }
        else
        {
            s.setLong(index, value);
        }
    }

    static void setNullableInt(final PreparedStatement s, final int index, final int value) throws SQLException
    {
        if (value == 0)
        {
            s.setNull(index, Types.INTEGER);
        }
        else
        {
            s.setInt(index, value);
        }
    }

    static BigDecimal decimal(final java.math.BigInteger value)
    {
        return new BigDecimal(value);
    }

    @Override
    public void close() throws SQLException
    {
        try
        {
            for (final Batch batch : batches)
            {
                batch.statement.close();
            }
            progressUpdate.close();
            progressInsert.close();
        }
        finally
        {
            connection.close();
        }
    }
}
