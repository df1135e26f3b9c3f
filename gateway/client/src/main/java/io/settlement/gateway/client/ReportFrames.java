package io.settlement.gateway.client;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Joins the frames of a report the gateway sends in several (ParticipantsReport, InstrumentsReport:
 * each frame says how many lines are still to come). Used on the client's event loop only.
 */
final class ReportFrames
{
    /** Lines of ParticipantsReports whose later frames have not arrived yet, by correlationId. */
    private final HashMap<Long, List<ParticipantLine>> participants = new HashMap<>();
    /** Lines of InstrumentsReports whose later frames have not arrived yet, by correlationId. */
    private final HashMap<Long, List<InstrumentLine>> instruments = new HashMap<>();

    /**
     * @return the whole report once its last frame is in, null while more frames are to come, and any
     * other message as it is.
     */
    Response join(final Response response)
    {
        return switch (response.type())
        {
            case PARTICIPANTS_REPORT -> join(response, participants, response.participants(), ResponseBuilder::participants);
            case INSTRUMENTS_REPORT -> join(response, instruments, response.instruments(), ResponseBuilder::instruments);
            default -> response;
        };
    }

    private static <L> Response join(final Response frame, final HashMap<Long, List<L>> partial,
        final List<L> frameLines, final BiFunction<ResponseBuilder, List<L>, ResponseBuilder> withLines)
    {
        final List<L> earlier = partial.get(frame.correlationId());
        if (frame.remaining() > 0)
        {
            final List<L> lines = earlier != null ? earlier : new ArrayList<>();
            lines.addAll(frameLines);
            partial.put(frame.correlationId(), lines);
            return null;
        }
        if (earlier == null)
        {
            return frame;
        }
        partial.remove(frame.correlationId());
        earlier.addAll(frameLines);
        return withLines.apply(Response.builder(frame.type()).correlationId(frame.correlationId()), earlier).build();
    }
}
