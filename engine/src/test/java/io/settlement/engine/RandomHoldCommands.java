package io.settlement.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.settlement.engine.api.Command;
import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventType;
import io.settlement.protocol.wire.Side;

/**
 * The hold / release part of a {@link RandomCommands} stream, when the stream has one: now and then a
 * HoldDeal or ReleaseDeal aimed at one of the latest deals it saw accepted (most still pending), mostly from the side's
 * party or an operator, sometimes from the other party, a member that is not a party, a risk officer or
 * auditor, with a bad side code or an unknown deal. Drawn from a Random of its own, so that a stream
 * without holds is the same as before holds existed, seed for seed.
 */
final class RandomHoldCommands
{
    private final Random rnd;
    /** Deals seen accepted: dealId to {buyer, seller}. */
    private final Map<Long, long[]> parties = new HashMap<>();
    /** The latest deals seen accepted (some may have finished since: a hold of those is refused). */
    private final List<Long> recent = new ArrayList<>();

    RandomHoldCommands(final long seed)
    {
        rnd = new Random(Hashing.mix(seed ^ 0x401D_DEA1L));
    }

    /** @return true when the next command of the stream is to be a hold or a release (about 5 in 100). */
    boolean nextIsHold()
    {
        return rnd.nextInt(100) < 5;
    }

    /** Fills {@code c} with a HoldDeal (a little more often) or a ReleaseDeal. */
    void next(final Command c, final long operator, final long[] members, final long risk, final long auditor)
    {
        final boolean hold = rnd.nextInt(100) < 55;
        long dealId = 999_999;
        long buyer = members[0];
        long seller = members[1];
        if (!recent.isEmpty() && rnd.nextInt(20) != 0)
        {
            // mostly the latest deals, which are the ones still pending when the stream cycles often
            dealId = recent.get(recent.size() - 1 - rnd.nextInt(Math.min(recent.size(), 12)));
            final long[] both = parties.get(dealId);
            buyer = both[0];
            seller = both[1];
        }
        final Side side = rnd.nextBoolean() ? Side.BUY : Side.SELL;
        final long own = side == Side.BUY ? buyer : seller;
        final long other = side == Side.BUY ? seller : buyer;
        final int r = rnd.nextInt(100);
        final long submitter = r < 45 ? own : r < 75 ? operator : r < 85 ? other
            : r < 92 ? members[rnd.nextInt(members.length)] : rnd.nextBoolean() ? risk : auditor;
        if (hold)
        {
            c.holdDeal(submitter, 0, dealId, side);
        }
        else
        {
            c.releaseDeal(submitter, 0, dealId, side);
        }
        if (rnd.nextInt(40) == 0)
        {
            c.side = (byte)(rnd.nextBoolean() ? 0 : 3 + rnd.nextInt(100));
        }
    }

    /** Follows the deals accepted: the latest are the targets. */
    void observe(final Event e)
    {
        if (e.type == EventType.DEAL_ACCEPTED && e.count == 0)
        {
            parties.put(e.dealId, new long[] {e.buyerId, e.sellerId});
            recent.add(e.dealId);
            if (recent.size() > 64)
            {
                recent.subList(0, 32).clear();
            }
        }
    }
}
