package io.settlement.journal;

/**
 * What an acknowledgement promises ({@code settlement.node.durability}).
 */
public enum Durability
{
    /**
     * The default: group commit. At the end of each pipeline batch the command journal is msynced
     * before any command of the batch is applied, so before anything of it is answered; the event
     * journal is msynced at the end of each batch too, on a thread of its own while the pipeline goes
     * on, at most one batch behind (its events are regenerated from the command journal, so no answer
     * waits for them). An acknowledged command survives a power cut.
     */
    SYNCED,
    /**
     * No msync: a batch is in Chronicle's memory-mapped file when it is answered. It survives the
     * process being killed (kill -9), not a power cut or a kernel crash; the operating system
     * writes the pages out in its own time.
     */
    UNSYNCED
}
