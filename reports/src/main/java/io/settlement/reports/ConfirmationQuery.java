package io.settlement.reports;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/** Reads a deal's settlement confirmation from the read model. */
public final class ConfirmationQuery
{
    private static final String DEAL =
        "SELECT registration_sequence, deal_id, submitter_id, client_deal_id, buyer_id, seller_id, security_id, currency_id,"
            + " quantity, cash_amount, settlement_date, deal_type, status, registered_at, registered_business_date,"
            + " failed_attempts, last_fail_reason, finished_sequence, finished_at, finished_business_date"
            + " FROM deal WHERE deal_id = ?";

    private static final String EVENTS =
        "SELECT sequence, ordinal, kind, reason, occurred_at, business_date FROM deal_event"
            + " WHERE registration_sequence = ? ORDER BY sequence, ordinal";

    private final ReadModelReader reader;

    public ConfirmationQuery(final ReadModelReader reader)
    {
        this.reader = reader;
    }

    /**
     * The confirmation of a registered deal.
     *
     * @throws ReportException UNKNOWN_DEAL when the read model has no deal with that id
     */
    public Confirmation confirmation(final long dealId) throws SQLException
    {
        final ReferenceData reference = reader.reference();
        try (PreparedStatement statement = reader.connection().prepareStatement(DEAL))
        {
            statement.setLong(1, dealId);
            try (ResultSet rows = statement.executeQuery())
            {
                if (!rows.next())
                {
                    throw new ReportException(ReportException.Kind.UNKNOWN_DEAL,
                        "unknown deal " + dealId + ": the read model in " + reader.where() + " has no deal with that id");
                }
                final long registrationSequence = rows.getLong(1);
                final long finishedSequence = rows.getLong(18);
                final Long finished = rows.wasNull() ? null : finishedSequence;
                final int finishedDate = rows.getInt(20);
                final Integer finishedBusinessDate = rows.wasNull() ? null : finishedDate;
                return new Confirmation(dealId, registrationSequence, reference.party(rows.getLong(5)), reference.party(rows.getLong(6)),
                    reference.party(rows.getLong(3)), rows.getLong(4), reference.instrument(rows.getInt(7)), rows.getLong(9),
                    reference.instrument(rows.getInt(8)), rows.getLong(10), rows.getInt(11), rows.getString(12), rows.getString(13),
                    rows.getObject(14, LocalDateTime.class), rows.getInt(15), rows.getInt(16), rows.getString(17), finished,
                    rows.getObject(19, LocalDateTime.class), finishedBusinessDate, events(registrationSequence));
            }
        }
    }

    private List<Confirmation.Event> events(final long registrationSequence) throws SQLException
    {
        final List<Confirmation.Event> events = new ArrayList<>();
        try (PreparedStatement statement = reader.connection().prepareStatement(EVENTS))
        {
            statement.setLong(1, registrationSequence);
            try (ResultSet rows = statement.executeQuery())
            {
                while (rows.next())
                {
                    events.add(new Confirmation.Event(rows.getLong(1), rows.getInt(2), rows.getString(3), rows.getString(4),
                        rows.getObject(5, LocalDateTime.class), rows.getInt(6)));
                }
            }
        }
        return events;
    }
}
