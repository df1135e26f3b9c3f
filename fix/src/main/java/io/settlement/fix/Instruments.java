package io.settlement.fix;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.settlement.engine.api.Command;
import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventType;
import io.settlement.gateway.ApiChannel;
import io.settlement.protocol.wire.InstrumentKind;
import io.settlement.protocol.wire.Reason;

/**
 * The engine's instruments as FIX names them: a security by its ISIN (SecurityIDSource 4) or its
 * instrument code (Symbol), a currency by its code (Currency), each with its minor units. Read from the
 * engine with QueryInstruments through the ring (every role may ask), again whenever a name is not
 * known (an instrument created since), so it is never stale for long. Thread-safe.
 */
final class Instruments
{
    /** One instrument. */
    record Instrument(int id, boolean security, String code, String isin, int minorUnits)
    {
    }

    private record Table(Map<Integer, Instrument> byId, Map<String, Instrument> securitiesByCode,
        Map<String, Instrument> securitiesByIsin, Map<String, Instrument> currenciesByCode)
    {
    }

    private final ApiChannel channel;
    private final long timeoutMs;
    private volatile Table table = new Table(Map.of(), Map.of(), Map.of(), Map.of());
    /** When the engine was last asked (System.nanoTime); names unknown to it are not asked again within {@link #REFRESH_GAP_NS}. */
    private long refreshedAtNs;
    private boolean refreshedOnce;
    private static final long REFRESH_GAP_NS = TimeUnit.MILLISECONDS.toNanos(100);

    Instruments(final ApiChannel channel, final long timeoutMs)
    {
        this.channel = channel;
        this.timeoutMs = timeoutMs;
    }

    Instrument byId(final int id)
    {
        final Instrument known = table.byId().get(id);
        return known != null ? known : refreshed().byId().get(id);
    }

    /**
     * The instrument with this id, for a notice. A deal names only instruments the engine has, so one not
     * known here means the engine's answer was not had (a timeout, a full ring): it is asked again after
     * each refresh gap until it answers, and a notice never goes out with a security or currency it could
     * not name (its amounts would be read in the wrong minor units).
     *
     * @throws Abandoned when {@code stopping} turns true first
     */
    Instrument byIdForNotice(final int id, final BooleanSupplier stopping)
    {
        Instrument known = byId(id);
        while (known == null)
        {
            if (stopping.getAsBoolean())
            {
                throw new Abandoned(id);
            }
            try
            {
                TimeUnit.NANOSECONDS.sleep(REFRESH_GAP_NS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new Abandoned(id);
            }
            known = byId(id);
        }
        return known;
    }

    /** A notice given up because the channel stopped before the engine named its instrument. */
    static final class Abandoned extends RuntimeException
    {
        Abandoned(final int instrumentId)
        {
            super("stopping before the engine named instrument " + instrumentId, null, false, false);
        }
    }

    Instrument securityByCode(final String code)
    {
        final Instrument known = table.securitiesByCode().get(code);
        return known != null ? known : refreshed().securitiesByCode().get(code);
    }

    Instrument securityByIsin(final String isin)
    {
        final Instrument known = table.securitiesByIsin().get(isin);
        return known != null ? known : refreshed().securitiesByIsin().get(isin);
    }

    Instrument currencyByCode(final String code)
    {
        final Instrument known = table.currenciesByCode().get(code);
        return known != null ? known : refreshed().currenciesByCode().get(code);
    }

    /** Asks the engine again; on no answer, keeps what it had. */
    private synchronized Table refreshed()
    {
        final long nowNs = System.nanoTime();
        if (refreshedOnce && nowNs - refreshedAtNs < REFRESH_GAP_NS)
        {
            return table; // a client naming unknown instruments does not make the channel query the engine for each
        }
        refreshedOnce = true;
        refreshedAtNs = nowNs;
        final ApiChannel.Reply outcome;
        try
        {
            outcome = channel.send(Command.SYSTEM_SUBMITTER, new Command().queryInstruments(0, 0)).get(timeoutMs, TimeUnit.MILLISECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return table;
        }
        catch (final Exception ex)
        {
            return table;
        }
        if (outcome.published() != Reason.OK)
        {
            return table;
        }
        final Map<Integer, Instrument> byId = new HashMap<>();
        final Map<String, Instrument> securitiesByCode = new HashMap<>();
        final Map<String, Instrument> securitiesByIsin = new HashMap<>();
        final Map<String, Instrument> currenciesByCode = new HashMap<>();
        for (final Event e : outcome.events())
        {
            if (e.type != EventType.INSTRUMENT_LINE)
            {
                continue;
            }
            final boolean security = e.instrumentKind == InstrumentKind.SECURITY.value();
            final Instrument instrument = new Instrument(e.instrumentId, security, e.codeAsString(), Command.text(e.isin, StandardCharsets.US_ASCII), e.minorUnits);
            byId.put(instrument.id(), instrument);
            if (security)
            {
                securitiesByCode.put(instrument.code(), instrument);
                if (!instrument.isin().isEmpty())
                {
                    securitiesByIsin.put(instrument.isin(), instrument);
                }
            }
            else
            {
                currenciesByCode.put(instrument.code(), instrument);
            }
        }
        table = new Table(Map.copyOf(byId), Map.copyOf(securitiesByCode), Map.copyOf(securitiesByIsin), Map.copyOf(currenciesByCode));
        return table;
    }
}
