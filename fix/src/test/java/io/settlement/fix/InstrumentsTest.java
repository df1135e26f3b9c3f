package io.settlement.fix;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.settlement.engine.api.Command;
import io.settlement.engine.pipeline.PipelineClient;
import io.settlement.gateway.ApiChannel;
import io.settlement.protocol.wire.InstrumentKind;
import io.settlement.protocol.wire.Reason;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The channel's table of instruments, for notices: an instrument the engine has is always named (asked
 * again past the refresh gap, never a notice without it); a channel stopping gives the notice up instead.
 */
class InstrumentsTest
{
    private static final int EUR = 978;

    @Test
    void shouldNameForANoticeAnInstrumentCreatedAfterTheTableWasReadAndGiveUpOnlyWhenStopping() throws Exception
    {
        try (FixFixture f = new FixFixture())
        {
            final ApiChannel channel = new ApiChannel(f.node.pipeline(), f.node.router());
            try
            {
                final Instruments instruments = new Instruments(channel, 10_000);
                assertEquals("ACME", instruments.byIdForNotice(FixFixture.ACME, () -> false).code()); // the table read now
                try (PipelineClient system = f.node.client(Command.SYSTEM_SUBMITTER))
                {
                    final PipelineClient.Outcome created = system.send(new Command().createInstrument(0, 0, EUR, InstrumentKind.CURRENCY,
                        "EUR", "", "Euro", 2)).get(10, TimeUnit.SECONDS);
                    assertEquals(Reason.OK, created.first().reason);
                }
                // created after the table was read, and asked for at once: within the refresh gap a lookup once found nothing
                final Instruments.Instrument euro = instruments.byIdForNotice(EUR, () -> false);
                assertEquals("EUR", euro.code());
                assertEquals(2, euro.minorUnits());

                final AtomicBoolean stopping = new AtomicBoolean(true);
                assertThrows(Instruments.Abandoned.class, () -> instruments.byIdForNotice(4242, stopping::get));
            }
            finally
            {
                channel.close();
            }
        }
    }
}
