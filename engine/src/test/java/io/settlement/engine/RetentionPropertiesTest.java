package io.settlement.engine;

import java.util.List;
import java.util.stream.LongStream;

import io.settlement.engine.api.Command;
import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventType;
import io.settlement.protocol.wire.DealType;
import io.settlement.protocol.wire.Reason;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Retention: with a short retention period (0..2 days), finished deals are purged when the
 * business date moves on, as the {@link ReferenceModel} predicts (which {@link CheckedRun} checks
 * command by command); a purged deal is then reported purged to queries and not pending to
 * cancels, and its (submitter, clientDealId) stays taken: never a second deal.
 *
 * <p>The seeds are fixed ({@link Seeds}); a failure names the seed (and, within the stream, the
 * command index).
 */
class RetentionPropertiesTest
{
    static LongStream seeds()
    {
        return Seeds.of("shortRetentionPurgesFinishedDeals", 10);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void shortRetentionPurgesFinishedDeals(final long seed)
    {
        final int retain = (int)Math.floorMod(seed, 3L);
        final CheckedRun run = new CheckedRun(seed, retain, false);
        for (int i = 0; i < 2_500; i++)
        {
            run.step(5);
        }
        final ReferenceModel model = run.model;
        final String where = "seed " + seed + ", retention " + retain + ": ";
        assertTrue(model.purgedTotal > 0, where + "purged nothing in 2500 commands");

        // a purged deal is gone, but known to have been: purged to queries, not pending to cancels
        final Command c = new Command();
        for (int i = 0; i < Math.min(20, model.purged.size()); i++)
        {
            final ReferenceModel.Deal purged = model.purged.get(model.purged.size() - 1 - i);
            final List<Event> query = run.apply(c.queryDeal(RandomCommands.OPERATOR, 1, purged.id));
            assertEquals(Reason.DEAL_PURGED, query.get(0).reason, () -> where + "query of purged deal " + purged.id + ": " + query);
            final List<Event> cancel = run.apply(c.cancelDeal(purged.buyer, 2, purged.id));
            assertEquals(Reason.DEAL_NOT_PENDING, cancel.get(0).reason, () -> where + "cancel of purged deal " + purged.id + ": " + cancel);
        }
        // and its (submitter, clientDealId) stays taken: never a new deal, whatever the content or date
        for (int i = 0; i < Math.min(20, model.purged.size()); i++)
        {
            final ReferenceModel.Deal old = model.purged.get(model.purged.size() - 1 - i);
            final List<Event> again = run.apply(c.submitDeal(old.submitter, 3, old.clientDealId, RandomCommands.MEMBERS[0],
                RandomCommands.MEMBERS[1], RandomCommands.SECURITIES[0], 0, 1 + old.quantity, 0, model.businessDate, DealType.FOP));
            assertEquals(EventType.DEAL_REJECTED, again.get(0).type, () -> where + "resubmitted " + old + ": " + again);
            assertEquals(Reason.CLIENT_DEAL_ID_RETIRED, again.get(0).reason, () -> where + "resubmitted " + old + ": " + again);
        }
        run.finish();
    }
}
