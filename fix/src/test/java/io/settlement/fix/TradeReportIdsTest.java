package io.settlement.fix;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The TradeReportID map read back after a restart, and after a crash that cut its last line short. */
class TradeReportIdsTest
{
    @TempDir
    Path dir;

    @Test
    void shouldGiveTheSameClientDealIdAfterARestartAndNewOnesAfterTheLast() throws Exception
    {
        final Path file = dir.resolve("trade-report-ids");
        final long first;
        final long second;
        try (TradeReportIds ids = new TradeReportIds(file))
        {
            first = ids.clientDealId(1, "T 1").clientDealId();
            second = ids.clientDealId(2, "T 1").clientDealId();
            ids.awaitDurable(ids.clientDealId(2, "T 1").write());
            assertEquals(TradeReportIds.FIRST_CLIENT_DEAL_ID, first);
            assertNotEquals(first, second, "one key per participant");
            assertEquals(first, ids.clientDealId(1, "T 1").clientDealId());
        }
        try (TradeReportIds ids = new TradeReportIds(file))
        {
            assertEquals(first, ids.clientDealId(1, "T 1").clientDealId(), "read back: a TradeReportID with a space in it too");
            assertEquals(second, ids.clientDealId(2, "T 1").clientDealId());
            assertEquals(new TradeReportIds.Entry(2, "T 1"), ids.reportOf(second));
            assertNull(ids.reportOf(42));
            assertEquals(second + 1, ids.clientDealId(1, "T 2").clientDealId(), "the counter goes on after the last");
        }
    }

    @Test
    void shouldKeepAnInstructionsClientRefAndItsKindAcrossARestartFromTheSameCounter() throws Exception
    {
        final Path file = dir.resolve("trade-report-ids");
        try (TradeReportIds ids = new TradeReportIds(file))
        {
            assertEquals(TradeReportIds.FIRST_CLIENT_DEAL_ID, ids.clientDealId(1, "D").clientDealId());
            final TradeReportIds.Assigned instruction = ids.clientRef(1, "I");
            assertEquals(TradeReportIds.FIRST_CLIENT_DEAL_ID + 1, instruction.clientDealId(), "the same counter");
            assertTrue(instruction.instruction());
            ids.awaitDurable(instruction.write());
        }
        assertEquals(TradeReportIds.FIRST_CLIENT_DEAL_ID + " 1 D\nI" + (TradeReportIds.FIRST_CLIENT_DEAL_ID + 1) + " 1 I\n",
            Files.readString(file, StandardCharsets.US_ASCII));
        try (TradeReportIds ids = new TradeReportIds(file))
        {
            final TradeReportIds.Assigned instruction = ids.clientRef(1, "I");
            assertEquals(TradeReportIds.FIRST_CLIENT_DEAL_ID + 1, instruction.clientDealId());
            assertTrue(instruction.instruction(), "read back as an instruction's");
            assertEquals(new TradeReportIds.Entry(1, "I"), ids.reportOfInstruction(TradeReportIds.FIRST_CLIENT_DEAL_ID + 1));
            assertNull(ids.reportOf(TradeReportIds.FIRST_CLIENT_DEAL_ID + 1), "not a deal's");
            final TradeReportIds.Assigned deal = ids.clientRef(1, "D");
            assertEquals(TradeReportIds.FIRST_CLIENT_DEAL_ID, deal.clientDealId());
            assertTrue(!deal.instruction(), "a deal's TradeReportID stays a deal's: the caller refuses it for an instruction");
        }
    }

    @Test
    void shouldIgnoreALastLineCutShortAndRefuseADamagedOneBeforeIt() throws Exception
    {
        final Path file = dir.resolve("trade-report-ids");
        try (TradeReportIds ids = new TradeReportIds(file))
        {
            ids.clientDealId(1, "A");
        }
        Files.writeString(file, "46116860184", StandardCharsets.US_ASCII, StandardOpenOption.APPEND); // a crash while writing
        try (TradeReportIds ids = new TradeReportIds(file))
        {
            assertEquals(TradeReportIds.FIRST_CLIENT_DEAL_ID, ids.clientDealId(1, "A").clientDealId());
            ids.clientDealId(1, "B"); // written where the cut line was, not after it
            ids.clientDealId(1, "C");
        }
        try (TradeReportIds ids = new TradeReportIds(file))
        {
            assertEquals(TradeReportIds.FIRST_CLIENT_DEAL_ID + 1, ids.clientDealId(1, "B").clientDealId());
            assertEquals(TradeReportIds.FIRST_CLIENT_DEAL_ID + 2, ids.clientDealId(1, "C").clientDealId());
        }

        Files.writeString(file, "garbage\n" + TradeReportIds.FIRST_CLIENT_DEAL_ID + " 1 A\n", StandardCharsets.US_ASCII);
        final IllegalStateException refused = assertThrows(IllegalStateException.class, () -> new TradeReportIds(file));
        assertTrue(refused.getMessage().contains("line 1 is not 'clientDealId participantId tradeReportId'"), refused.getMessage());
    }
}
