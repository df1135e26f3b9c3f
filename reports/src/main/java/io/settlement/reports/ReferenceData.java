package io.settlement.reports;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.Collections;
import java.util.TreeMap;

import io.settlement.engine.api.Decimals;

/**
 * The read model's participants and instruments, loaded once per report run (they are few), with
 * the names people read. Records created before reference data for people have no name: a
 * participant is then "participant N", an instrument its code.
 */
public final class ReferenceData
{
    /** A participant as reports name it. */
    public record Party(long id, String role, String name, String shortCode)
    {
        /** The name, or "participant N" when the record has none. */
        public String displayName()
        {
            return name != null && !name.isBlank() ? name : "participant " + id;
        }

        /** The short code, or "P" and the id when the record has none; used in file names. */
        public String code()
        {
            return shortCode != null && !shortCode.isBlank() ? shortCode : "P" + id;
        }
    }

    /** A security or a currency as reports name it. */
    public record Instrument(int id, String kind, String code, String isin, String name, int minorUnits)
    {
        public boolean isCurrency()
        {
            return "CURRENCY".equals(kind);
        }

        /** The name, or the code when the record has none. */
        public String displayName()
        {
            return name != null && !name.isBlank() ? name : code;
        }

        /** An amount in minor units as the decimal a person reads (scale = the minor units). */
        public BigDecimal decimal(final long amountMinor)
        {
            return BigDecimal.valueOf(amountMinor, minorUnits);
        }

        /** A sum of amounts in minor units as a decimal. */
        public BigDecimal decimal(final BigDecimal amountMinor)
        {
            return amountMinor.movePointLeft(minorUnits);
        }

        /** "1234.50 USD"; a security's quantity is "100 ABC". */
        public String format(final long amountMinor)
        {
            return Decimals.format(amountMinor, minorUnits) + " " + code;
        }
    }

    private final TreeMap<Long, Party> parties;
    private final TreeMap<Integer, Instrument> instruments;

    private ReferenceData(final TreeMap<Long, Party> parties, final TreeMap<Integer, Instrument> instruments)
    {
        this.parties = parties;
        this.instruments = instruments;
    }

    public static ReferenceData load(final Connection connection) throws SQLException
    {
        final TreeMap<Long, Party> parties = new TreeMap<>();
        final TreeMap<Integer, Instrument> instruments = new TreeMap<>();
        try (Statement statement = connection.createStatement())
        {
            try (ResultSet rows = statement.executeQuery("SELECT participant_id, role, name, short_code FROM participant"))
            {
                while (rows.next())
                {
                    final Party party = new Party(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getString(4));
                    parties.put(party.id(), party);
                }
            }
            try (ResultSet rows = statement.executeQuery("SELECT instrument_id, kind, code, isin, name, minor_units FROM instrument"))
            {
                while (rows.next())
                {
                    final Instrument instrument = new Instrument(rows.getInt(1), rows.getString(2), rows.getString(3),
                        rows.getString(4), rows.getString(5), rows.getInt(6));
                    instruments.put(instrument.id(), instrument);
                }
            }
        }
        return new ReferenceData(parties, instruments);
    }

    /** The participant, or a stand-in named "participant N" for an id the read model does not know (a rejected deal's). */
    public Party party(final long id)
    {
        final Party party = parties.get(id);
        return party != null ? party : new Party(id, "UNKNOWN", null, null);
    }

    public boolean knowsParty(final long id)
    {
        return parties.containsKey(id);
    }

    /** The instrument, or a stand-in whose code is "#N" (no decimals) for an id the read model does not know. */
    public Instrument instrument(final int id)
    {
        final Instrument instrument = instruments.get(id);
        return instrument != null ? instrument : new Instrument(id, "UNKNOWN", "#" + id, null, null, 0);
    }

    /** Every instrument (securities and currencies), in id order. */
    public Collection<Instrument> instruments()
    {
        return Collections.unmodifiableCollection(instruments.values());
    }

    /** Every participant, in id order. */
    public Collection<Party> parties()
    {
        return Collections.unmodifiableCollection(parties.values());
    }

    /**
     * Finds a participant by id or by short code (case-insensitive).
     *
     * @throws ReportException UNKNOWN_PARTICIPANT naming what was asked for
     */
    public Party resolveParty(final String idOrCode)
    {
        final String wanted = idOrCode.trim();
        if (wanted.matches("\\d{1,18}"))
        {
            final Party party = parties.get(Long.parseLong(wanted));
            if (party != null)
            {
                return party;
            }
        }
        for (final Party party : parties.values())
        {
            if (party.shortCode() != null && party.shortCode().equalsIgnoreCase(wanted))
            {
                return party;
            }
        }
        throw new ReportException(ReportException.Kind.UNKNOWN_PARTICIPANT,
            "unknown participant '" + idOrCode + "': the read model has " + parties.size() + " participants"
                + (parties.isEmpty() ? "" : " (ids " + parties.keySet().iterator().next() + " to "
                + parties.lastKey() + ")"));
    }
}
