package io.settlement.fix;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A session's acknowledgements go out in the order of its reports, and one that fails does not stop the rest. */
class OrderedAnswersTest
{
    private final List<String> sent = new CopyOnWriteArrayList<>();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    // runs each link at once on the completing thread: the order is then the chain's, not a pool's
    private final OrderedAnswers<String, String> answers = new OrderedAnswers<>(Runnable::run,
        (message, session) ->
        {
            if (message.startsWith("unsendable"))
            {
                throw new IllegalStateException("cannot send " + message);
            }
            sent.add(session + ":" + message);
        },
        failure -> failures.add(failure.getCause() != null ? failure.getCause().getMessage() : failure.getMessage()));

    @Test
    void shouldSendInTheOrderOfTheReportsWhateverOrderTheAnswersComeIn()
    {
        final CompletableFuture<String> first = new CompletableFuture<>();
        final CompletableFuture<String> second = new CompletableFuture<>();
        answers.add("A", first);
        answers.add("A", second);
        answers.add("B", CompletableFuture.completedFuture("b1"));
        second.complete("a2");
        assertEquals(List.of("B:b1"), sent, "A's second waits for its first");
        first.complete("a1");
        assertEquals(List.of("B:b1", "A:a1", "A:a2"), sent);
    }

    @Test
    void shouldGoOnAfterAnAnswerThatCouldNotBeMadeOrSent()
    {
        answers.add("A", CompletableFuture.failedFuture(new IllegalStateException("no answer made")));
        answers.add("A", CompletableFuture.completedFuture("unsendable 2"));
        answers.add("A", CompletableFuture.completedFuture("a3"));
        assertEquals(List.of("A:a3"), sent, "the session's later acknowledgements still go out");
        assertEquals(List.of("no answer made", "cannot send unsendable 2"), failures);
    }
}
