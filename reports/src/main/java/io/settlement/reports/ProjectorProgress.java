package io.settlement.reports;

/**
 * Where a projector stands in the journals, as its {@code projector_progress} row holds it: the
 * position of each journal (a Chronicle excerpt index and how many records of that excerpt are
 * applied; -1/0 for the start), the last command applied and how many of its events, and the
 * counters the next rows continue from.
 *
 * @param commandIndex the command journal excerpt holding the command of {@code lastSequence}
 * @param commandRecord records of that excerpt before that command (so a resumed reader reads it again)
 * @param eventIndex the event journal excerpt of the last event applied
 * @param eventRecord records of that excerpt applied
 * @param lastSequence the sequence of the command the last event applied belongs to (0: none)
 * @param lastSequenceEvents events of that command applied
 * @param businessDate the business date after them (yyyymmdd, 0 before the first)
 * @param nextMovementId the id of the next movement
 * @param nextPostingId the id of the next posting
 */
public record ProjectorProgress(long commandIndex, int commandRecord, long eventIndex, int eventRecord, long lastSequence,
    int lastSequenceEvents, int businessDate, long nextMovementId, long nextPostingId)
{
    /** A projector that has applied nothing. */
    public static final ProjectorProgress START = new ProjectorProgress(-1, 0, -1, 0, 0, 0, 0, 1, 1);
}
