package io.settlement.engine.pipeline;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes the pipeline's threads, named by stage (the staged topology's three, or the single
 * topology's agent, which names its own), daemons all, and tells which of them have ended.
 */
final class StageThreads implements ThreadFactory
{
    private static final String[] NAMES = {"settlement-1-journal", "settlement-2-engine", "settlement-3-publish"};
    private final AtomicInteger next = new AtomicInteger();
    private final java.util.List<Thread> created = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public Thread newThread(final Runnable runnable)
    {
        final int i = next.getAndIncrement();
        final Thread thread = new Thread(runnable, i < NAMES.length ? NAMES[i] : "settlement-stage-" + i);
        thread.setDaemon(true);
        created.add(thread);
        return thread;
    }

    /** True when {@code thread} is one of the pipeline's own. */
    boolean isOwn(final Thread thread)
    {
        return created.contains(thread);
    }

    /** The threads made that have ended (started and finished, or never started). */
    java.util.List<String> stopped()
    {
        final java.util.List<String> names = new java.util.ArrayList<>();
        for (final Thread thread : created)
        {
            if (!thread.isAlive())
            {
                names.add(thread.getName());
            }
        }
        return names;
    }
}
