package io.settlement.engine;

import io.settlement.protocol.wire.Reason;
import io.settlement.protocol.wire.Role;

/**
 * Settlement: RUN_SETTLEMENT_CYCLE, the operator's. Owns nothing itself: it checks who asks, then runs
 * the engine's {@link SettlementCycle} at the current business date, which settles deals through the
 * ledger and the deal store. A refusal is one COMMAND_RESULT and changes nothing.
 */
final class SettlementCycleHandler
{
    private final EngineState state;
    private final SettlementCycle cycle;
    private final EventEmitter out;

    SettlementCycleHandler(final EngineState state, final SettlementCycle cycle, final EventEmitter out)
    {
        this.state = state;
        this.cycle = cycle;
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
        cycle.run(state.businessDate());
    }
}
