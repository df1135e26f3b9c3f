package io.settlement.fix;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Each session's acknowledgements sent in the order of its reports, whatever order the engine's answers
 * complete in: a session's answers form a chain, each sent on {@code executor} once it and every earlier
 * one are done. A link that fails (its answer could not be made, or sending it threw) is reported to
 * {@code failures} and the chain goes on: one lost acknowledgement never holds back the session's later
 * ones.
 *
 * @param <S> the session's key
 * @param <M> an answer
 */
final class OrderedAnswers<S, M>
{
    private final Map<S, CompletableFuture<Void>> last = new ConcurrentHashMap<>();
    private final Executor executor;
    private final BiConsumer<M, S> send;
    private final Consumer<Throwable> failures;

    OrderedAnswers(final Executor executor, final BiConsumer<M, S> send, final Consumer<Throwable> failures)
    {
        this.executor = executor;
        this.send = send;
        this.failures = failures;
    }

    /** Queues {@code answer} behind the session's earlier ones. */
    void add(final S session, final CompletableFuture<M> answer)
    {
        last.compute(session, (key, previous) -> (previous == null ? CompletableFuture.<Void>completedFuture(null) : previous)
            .thenCombineAsync(answer, (ignored, message) ->
            {
                send.accept(message, key);
                return (Void)null;
            }, executor)
            .handle((ignored, failure) ->
            {
                if (failure != null)
                {
                    failures.accept(failure);
                }
                return null;
            }));
    }
}
