package io.settlement.engine;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.List;

import io.settlement.engine.api.Command;
import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventType;
import io.settlement.protocol.wire.DealType;
import io.settlement.protocol.wire.Side;
import org.junit.jupiter.api.Test;

import static io.settlement.engine.EngineFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Holds together with linked and partial terms (docs/rules.md): a linked group with one held member
 * waits whole (not attempted, no event, not counted); a held partial-allowed deal settles no part; a
 * snapshot is written in the lowest format that holds the state (5 with holds only, 6 with terms,
 * carrying the holds too) and restores both.
 */
class HeldLinkedPartialTest
{
    private final EngineFixture f = new EngineFixture();
    private long nextClientId = 500;

    private long deal(final long buyer, final long seller, final long quantity, final long cash, final long linkId,
        final int partial, final long minimum)
    {
        final Command c = f.command.submitDeal(buyer, 0, nextClientId++, buyer, seller, ACME, USD, quantity, cash, TODAY, DealType.DVP)
            .settlementTerms(linkId, (byte)partial, minimum);
        final Event e = f.one(c);
        assertEquals(EventType.DEAL_ACCEPTED, e.type, e::toString);
        return e.dealId;
    }

    private Event report(final EngineFixture on, final long dealId)
    {
        return on.one(on.command.queryDeal(AUDIT, 0, dealId));
    }

    private static int formatOf(final byte[] snapshot) throws IOException
    {
        final DataInputStream in = new DataInputStream(new ChecksummedChunks.In(new ByteArrayInputStream(snapshot)));
        in.readLong(); // magic
        return in.readInt();
    }

    @Test
    void aLinkedGroupWithOneHeldMemberWaitsWholeAndSettlesOnceReleased()
    {
        f.deposit(BANK_A, USD, 300);
        f.deposit(BANK_B, ACME, 30);
        final long first = deal(BANK_A, BANK_B, 10, 100, 7, 0, 0);
        final long second = deal(BANK_A, BANK_B, 20, 200, 7, 0, 0);
        assertEquals(EventType.DEAL_HELD, f.one(f.command.holdDeal(BANK_B, 0, second, Side.SELL)).type);

        final List<Event> held = f.cycle();
        assertEquals(List.of(EventType.CYCLE_COMPLETED), held.stream().map(e -> e.type).toList(), held::toString);
        assertEquals(0, last(held).attempted, "the unheld member is not attempted either");
        assertEquals(0, last(held).failed);
        assertEquals(0, report(f, first).settledQuantity);

        f.ok(f.command.releaseDeal(OPS, 0, second, Side.SELL));
        final List<Event> released = f.cycle();
        assertEquals(2, last(released).settled, released::toString);
        assertEquals(List.of(), f.engine.checkInvariants());
    }

    @Test
    void aHeldPartialDealSettlesNoPart()
    {
        f.deposit(BANK_A, USD, 1_000);
        f.deposit(BANK_B, ACME, 4);
        final long partial = deal(BANK_A, BANK_B, 10, 1_000, 0, 1, 2);
        f.ok(f.command.holdDeal(BANK_A, 0, partial, Side.BUY));
        final List<Event> held = f.cycle();
        assertEquals(0, last(held).attempted, held::toString);
        assertEquals(0, ofType(held, EventType.DEAL_PARTIALLY_SETTLED).size());

        f.ok(f.command.releaseDeal(BANK_A, 0, partial, Side.BUY));
        final List<Event> released = f.cycle();
        final Event part = ofType(released, EventType.DEAL_PARTIALLY_SETTLED).get(0);
        assertEquals(4, part.partQuantity);
        assertEquals(400, part.partCash);
    }

    @Test
    void aSnapshotIsWrittenInTheLowestFormatThatHoldsItsHoldsAndTerms() throws IOException
    {
        f.deposit(BANK_A, USD, 1_000);
        final long plain = deal(BANK_A, BANK_B, 10, 100, 0, 0, 0);
        f.ok(f.command.holdDeal(BANK_A, 0, plain, Side.BUY));
        assertEquals(5, formatOf(SnapshotPropertiesTest.snapshot(f.engine)), "holds, no terms");

        final long linked = deal(BANK_A, BANK_B, 5, 50, 3, 0, 0);
        byte[] snapshot = SnapshotPropertiesTest.snapshot(f.engine);
        assertEquals(6, formatOf(snapshot), "holds and terms");
        SettlementEngine restored = EngineSnapshot.read(new ByteArrayInputStream(snapshot), new EngineConfig());
        assertEquals(f.engine.stateHash(), restored.stateHash());
        final EngineFixture again = EngineFixture.over(restored);
        assertEquals(Event.BUY_HELD, report(again, plain).heldSides);
        assertEquals(3, report(again, linked).linkId);
        assertEquals(List.of(), restored.checkInvariants());

        f.ok(f.command.releaseDeal(OPS, 0, plain, Side.BUY));
        snapshot = SnapshotPropertiesTest.snapshot(f.engine);
        assertEquals(6, formatOf(snapshot), "terms, no holds: the held section is empty");
        restored = EngineSnapshot.read(new ByteArrayInputStream(snapshot), new EngineConfig());
        assertEquals(f.engine.stateHash(), restored.stateHash());
        assertEquals(0, report(EngineFixture.over(restored), plain).heldSides);
    }
}
