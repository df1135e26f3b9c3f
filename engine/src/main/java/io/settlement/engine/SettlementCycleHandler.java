package io.settlement.engine;

import io.settlement.protocol.Codes;
import io.settlement.protocol.journal.RunSettlementCycleCommandDecoder;
import io.settlement.protocol.wire.CycleMode;
import io.settlement.protocol.wire.Reason;
import io.settlement.protocol.wire.Role;

/**
 * Settlement: RUN_SETTLEMENT_CYCLE, the operator's. Owns nothing itself: it checks who asks and the
 * mode, then runs the engine's {@link SettlementCycle} of that mode at the current business date,
 * which settles deals through the ledger and the deal store. A record without a mode (journal schema
 * version 1-4, a wire session of version 1 or 2) runs GROSS; a mode that is not a CycleMode is
 * INVALID_MODE. A refusal is one COMMAND_RESULT and changes nothing.
 */
final class SettlementCycleHandler
{
    private final EngineState state;
    private final SettlementCycle gross;
    private final SettlementCycle netted;
    private final EventEmitter out;

    SettlementCycleHandler(final EngineState state, final SettlementCycle gross, final SettlementCycle netted,
        final EventEmitter out)
    {
        this.state = state;
        this.gross = gross;
        this.netted = netted;
        this.out = out;
    }

    void runSettlementCycle(final CommandRecord command)
    {
        final Reason r = Access.authorise(state.referenceData(), command.submitterId(), Role.OPERATOR, Role.OPERATOR);
        if (r != Reason.OK)
        {
            out.result(r);
            return;
        }
        final RunSettlementCycleCommandDecoder m = command.runSettlementCycle();
        final CycleMode mode = m.actingVersion() < RunSettlementCycleCommandDecoder.modeSinceVersion()
            ? CycleMode.GROSS : Codes.cycleMode(m.mode());
        if (mode == CycleMode.GROSS)
        {
            gross.run(state.businessDate());
        }
        else if (mode == CycleMode.NETTED)
        {
            netted.run(state.businessDate());
        }
        else
        {
            out.result(Reason.INVALID_MODE);
        }
    }
}
