package io.settlement.engine;

/**
 * One way of settling the pending deals due by a business date; {@link SettlementCycleHandler} runs
 * it for RUN_SETTLEMENT_CYCLE. {@link GrossSettlementCycle} settles deal by deal; a netted cycle
 * would be a sibling over the same state.
 *
 * <p>The contract every cycle keeps: it moves balances only between participants (supply never
 * changes) and only when both legs of a deal can move; a deal it settles leaves PENDING
 * ({@link DealStore#finish}) with its exposure released ({@link DealExposure#release}); a deal it
 * cannot settle records why ({@code DealStore.lastFailReason}) and stays PENDING. It emits
 * DEAL_SETTLED or DEAL_SETTLEMENT_FAILED per attempt, CYCLE_SETTLED_VALUE per currency settled, then
 * CYCLE_COMPLETED; deterministic and allocation-free in steady state.
 */
interface SettlementCycle
{
    /** Runs one cycle over every PENDING deal whose settlement date is on or before {@code businessDate}. */
    void run(int businessDate);
}
