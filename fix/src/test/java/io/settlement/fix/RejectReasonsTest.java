package io.settlement.fix;

import io.settlement.protocol.wire.Reason;
import org.junit.jupiter.api.Test;
import quickfix.field.TradeReportRejectReason;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The reasons of instruction retention have their own words in Text(58) (docs/fix.md, "Reason codes"). */
class RejectReasonsTest
{
    @Test
    void shouldSayThatARetiredTradeReportIdIsNotRegisteredAgain()
    {
        assertEquals("CLIENT_REF_RETIRED (86): this TradeReportID's instruction has ended and left memory after the"
            + " retention period; it is not registered again", RejectReasons.text(Reason.CLIENT_REF_RETIRED));
        assertEquals(TradeReportRejectReason.OTHER, RejectReasons.tradeReportRejectReason(Reason.CLIENT_REF_RETIRED));
    }

    @Test
    void shouldSayThatAPurgedInstructionsDetailsAreGone()
    {
        assertEquals("INSTRUCTION_PURGED (87): the instruction has ended and left memory after the retention period;"
            + " its details are gone", RejectReasons.text(Reason.INSTRUCTION_PURGED));
    }
}
