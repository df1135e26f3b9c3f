package io.settlement.engine.api;

import io.settlement.protocol.journal.InstructionAcceptedEventEncoder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * What a build of journal schema version 5 wrote for an INSTRUCTION_ACCEPTED that this build writes in
 * the version-6 layout (a repeat of an ended instruction, with its deal or why it ended): the same
 * record cut to the version-5 block (every field version 5 had, as this build wrote them), its header
 * saying that block length and version 5, its checksum over those bytes.
 *
 * <p>Recovery and the auditor accept a journaled version-5 record that equals it, and the running
 * event hash folds it in place of the version-6 record, so a journal written before version 6 verifies,
 * and hashes, on this build as on the build that wrote it (docs/journal-format.md). Allocation-free.
 */
public final class VersionFiveLayout
{
    private static final int TEMPLATE_ID = InstructionAcceptedEventEncoder.TEMPLATE_ID;
    private static final int BLOCK_LENGTH = InstructionAcceptedEventEncoder.dealIdEncodingOffset();

    private VersionFiveLayout()
    {
    }

    /**
     * Writes the version-5 layout of the whole, checked record at {@code offset} into {@code target}.
     *
     * @return its length, or -1 when the record is not an INSTRUCTION_ACCEPTED of the version-6 layout
     * (every other record is the same in both versions)
     */
    public static int of(
        final DirectBuffer record, final int offset, final int length, final MutableDirectBuffer target, final int targetOffset)
    {
        if (length < RecordFrame.BLOCK_OFFSET + BLOCK_LENGTH + RecordFrame.CHECKSUM_LENGTH
            || RecordFrame.templateId(record, offset) != TEMPLATE_ID
            || RecordFrame.version(record, offset) < InstructionAcceptedEventEncoder.dealIdSinceVersion()
            || RecordFrame.blockLength(record, offset) <= BLOCK_LENGTH)
        {
            return -1;
        }
        target.putBytes(targetOffset + RecordFrame.HEADER_OFFSET, record, offset + RecordFrame.HEADER_OFFSET,
            RecordFrame.BLOCK_OFFSET - RecordFrame.HEADER_OFFSET + BLOCK_LENGTH);
        final JournalFlyweights f = JournalFlyweights.get();
        f.header.wrap(target, targetOffset + RecordFrame.HEADER_OFFSET).blockLength(BLOCK_LENGTH);
        return RecordFrame.finish(target, targetOffset, BLOCK_LENGTH, InstructionAcceptedEventEncoder.headerSinceVersion(), f.crc);
    }
}
