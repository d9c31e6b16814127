package be.belfort.model;

import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Ends waits that pass their deadline, so that a virtual thread waiting for a future can park without a timer.
 * <p>
 * A timed park of a virtual thread registers a timer with the scheduler and cancels it when woken; each wakes the
 * scheduler's timer thread. With one timed wait per request (a commit, a turn in the line), that came to an eighth
 * of the platform's processor time under partial updates (2 cores, 64 connections). Here a wait costs one queue
 * entry, and one thread looks at them all ten times a second: a deadline is kept to within about 100 ms, which is
 * plenty for waits of seconds.
 */
public final class WaitDeadlines {
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final ConcurrentLinkedQueue<Watched> WATCHED = new ConcurrentLinkedQueue<>();

    static {
        Thread.ofPlatform().name("belfort-wait-deadlines").daemon().start(WaitDeadlines::watch);
    }

    private WaitDeadlines() {
    }

    /**
     * Runs {@code onExpiry} once {@code deadline} ({@link System#nanoTime()}) has passed, unless the future is done
     * by then; {@code onExpiry} settles the future (with a failure, or an answer meaning "no").
     */
    public static void expire(CompletableFuture<?> future, long deadline, Runnable onExpiry) {
        WATCHED.add(new Watched(future, deadline, onExpiry));
    }

    private record Watched(CompletableFuture<?> future, long deadline, Runnable onExpiry) {
    }

    private static void watch() {
        while (true) {
            LockSupport.parkNanos(TICK_NANOS);
            long now = System.nanoTime();
            for (Iterator<Watched> it = WATCHED.iterator(); it.hasNext(); ) {
                Watched watched = it.next();
                if (watched.future.isDone()) {
                    it.remove();
                } else if (now - watched.deadline >= 0) {
                    it.remove();
                    expire(watched);
                }
            }
        }
    }

    private static void expire(Watched watched) {
        try {
            watched.onExpiry.run();
        } catch (RuntimeException e) {
            // The watcher serves every wait of the platform: one failing expiry must not stop it.
            System.getLogger(WaitDeadlines.class.getName()).log(System.Logger.Level.ERROR,
                    "Ending a wait past its deadline failed", e);
        }
    }
}
