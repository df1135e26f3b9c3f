package io.settlement.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.settlement.engine.api.Command;
import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventType;
import io.settlement.protocol.wire.DealType;
import io.settlement.protocol.wire.Side;

/**
 * The two-sided matching part of a {@link RandomCommands} stream, when the stream has one: now and then a
 * SubmitInstruction (half of them the counterpart of a recent allegement, its cash a little off now and
 * then, so that matches within and just outside the tolerance happen; some repeats of a clientRef, some
 * bad fields, some late dates), a CancelInstruction (mostly by the owner), a QueryInstruction, and rarely
 * a SetMatchingTolerance or SetInstructionExpiry (short periods, so that expiry happens in a stream).
 * Drawn from a Random of its own, so that a stream without matching is the same as before, seed for seed.
 */
final class RandomMatchingCommands
{
    private final Random rnd;
    /** Instructions seen alleged (waiting), latest last: {id, owner, side, counterparty, security, currency, quantity, cash, date, type}. */
    private final List<long[]> alleged = new ArrayList<>();
    private long nextClientRef = 1;
    private long lastInstructionId;

    RandomMatchingCommands(final long seed)
    {
        rnd = new Random(Hashing.mix(seed ^ 0x3A7C4EDL));
    }

    /** @return true when the next command of the stream is a matching one (about 8 in 100). */
    boolean nextIsMatching()
    {
        return rnd.nextInt(100) < 8;
    }

    /** Fills {@code c} with the next matching command, given the business date (0 before the first). */
    void next(final Command c, final int businessDate, final long operator, final long[] members, final long risk, final long auditor)
    {
        final int r = rnd.nextInt(100);
        if (r < 4)
        {
            final long submitter = rnd.nextInt(6) == 0 ? members[0] : operator;
            c.setMatchingTolerance(submitter, 0, rnd.nextInt(8) == 0 ? RandomCommands.SECURITIES[0] : RandomCommands.CURRENCIES[rnd.nextInt(2)],
                rnd.nextInt(10) == 0 ? -1 : rnd.nextInt(4));
            return;
        }
        if (r < 7)
        {
            final long submitter = rnd.nextInt(6) == 0 ? risk : operator;
            c.setInstructionExpiry(submitter, 0, rnd.nextInt(10) == 0 ? 251 + rnd.nextInt(5) : rnd.nextInt(4));
            return;
        }
        if (r < 17)
        {
            final long id = lastInstructionId == 0 || rnd.nextInt(15) == 0 ? 1 + lastInstructionId + rnd.nextInt(3)
                : 1 + Math.floorMod(rnd.nextLong(), lastInstructionId);
            final long owner = ownerOf(id, members);
            final int who = rnd.nextInt(10);
            final long submitter = who < 7 ? owner : who < 8 ? members[rnd.nextInt(members.length)] : who < 9 ? operator : auditor;
            c.cancelInstruction(submitter, 0, id);
            return;
        }
        if (r < 24)
        {
            final long id = 1 + Math.floorMod(rnd.nextLong(), Math.max(1, lastInstructionId + 2));
            final int who = rnd.nextInt(4);
            c.queryInstruction(who == 0 ? auditor : who == 1 ? risk : members[rnd.nextInt(members.length)], 0, id);
            return;
        }
        if (!alleged.isEmpty() && rnd.nextInt(2) == 0)
        {
            // the counterpart of a recent allegement: same terms, the other side, the cash a little off now and then
            final long[] a = alleged.get(alleged.size() - 1 - rnd.nextInt(Math.min(alleged.size(), 8)));
            final long owner = a[3];
            final byte side = (byte)(3 - a[2]);
            final int off = rnd.nextInt(6);
            final long cash = a[9] == DealType.DVP.value() && off >= 3 ? Math.max(1, a[7] + (off - 4)) : a[7];
            c.submitInstruction(owner, 0, nextClientRef++, side, a[1], (int)a[4], (int)a[5], a[6], cash, (int)a[8],
                DealType.get((short)a[9]));
            terms(c);
            return;
        }
        final long owner = members[rnd.nextInt(3)];
        long counterparty = members[rnd.nextInt(3)];
        if (rnd.nextInt(30) == 0)
        {
            counterparty = rnd.nextBoolean() ? owner : operator;
        }
        final boolean fop = rnd.nextInt(6) == 0;
        final int day = businessDate == 0 ? RandomCommands.START_DATE : businessDate;
        final int date = Dates.plusDays(day, rnd.nextInt(10) == 0 ? -1 : rnd.nextInt(3));
        final long ref = rnd.nextInt(20) == 0 && nextClientRef > 1 ? 1 + Math.floorMod(rnd.nextLong(), nextClientRef - 1) : nextClientRef++;
        c.submitInstruction(owner == counterparty && rnd.nextInt(3) == 0 ? risk : owner, 0, ref,
            rnd.nextInt(40) == 0 ? (byte)0 : rnd.nextBoolean() ? (byte)Side.BUY.value() : (byte)Side.SELL.value(), counterparty,
            RandomCommands.SECURITIES[rnd.nextInt(2)], fop ? 0 : RandomCommands.CURRENCIES[rnd.nextInt(2)], 1 + rnd.nextInt(4) * 50L,
            fop ? 0 : 100 + rnd.nextInt(3) * 10L, date, fop ? DealType.FOP : DealType.DVP);
        terms(c);
    }

    /** Mostly none; a few link ids (so that matched deals join groups) and partial terms, rarely bad ones. */
    private void terms(final Command c)
    {
        final int r = rnd.nextInt(20);
        final long linkId = r < 3 ? 1 + rnd.nextInt(2) : 0;
        final int p = rnd.nextInt(20);
        if (p < 4)
        {
            c.settlementTerms(linkId, (byte)1, 1 + rnd.nextInt((int)Math.min(c.quantity <= 0 ? 1 : c.quantity, 60)));
        }
        else if (p == 4)
        {
            c.settlementTerms(linkId, (byte)0, 3); // MINIMUM_WITHOUT_PARTIAL
        }
        else
        {
            c.settlementTerms(linkId, (byte)0, 0);
        }
    }

    private long ownerOf(final long id, final long[] members)
    {
        for (final long[] a : alleged)
        {
            if (a[0] == id)
            {
                return a[1];
            }
        }
        return members[rnd.nextInt(3)];
    }

    /** Follows the instructions accepted and alleged: the allegements are the counterparts' targets. */
    void observe(final Event e)
    {
        if (e.type == EventType.INSTRUCTION_ACCEPTED && e.count == 0)
        {
            lastInstructionId = Math.max(lastInstructionId, e.instructionId);
        }
        if (e.type == EventType.INSTRUCTION_ALLEGED)
        {
            final long owner = e.side == Side.BUY.value() ? e.buyerId : e.sellerId;
            final long counterparty = e.side == Side.BUY.value() ? e.sellerId : e.buyerId;
            alleged.add(new long[] {e.instructionId, owner, e.side, counterparty, e.securityId, e.currencyId, e.quantity, e.cashAmount,
                e.settlementDate, e.dealType});
            if (alleged.size() > 64)
            {
                alleged.subList(0, 32).clear();
            }
        }
    }
}
