package be.belfort.model;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Group commit: writes that arrive together are committed by one transaction. Callers hand in their writes and
 * wait; a committer takes whatever has queued up (up to the group size, waiting at most the linger time for more,
 * so a lone write with no linger goes at once), hands the group to the {@link Committer}, which writes it and
 * settles each write with its own result or failure, and the callers learn theirs. Two writes with the same key
 * (one entity) never share a group: the later waits for the next, which keeps each key's writes in arrival order.
 * Several lanes, each with its committer and its bounded queue, share the work so that one group's round trips
 * overlap another's; a key always takes the same lane. A full queue makes callers wait a little, then refuses
 * their write as {@link ServiceUnavailable}: memory stays bounded whatever the load.
 *
 * @param <W> a write
 * @param <R> what a committed write answers
 */
public final class CommitGroups<W, R> implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(CommitGroups.class.getName());
    /** The longest a caller waits for its commit; past it the write may still commit, but it is not acknowledged. */
    public static final Duration MAX_WAIT = Duration.ofSeconds(30);
    private static final Duration QUEUE_WAIT = Duration.ofSeconds(2);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    /**
     * @param maxGroup      the most writes one transaction takes
     * @param linger        how long a committer that has a write waits for more (zero: it takes only what is there)
     * @param lanes         committers working at once, each on a connection of its own
     * @param queueCapacity writes each lane holds before callers are made to wait, then refused
     */
    public record Options(int maxGroup, Duration linger, int lanes, int queueCapacity) {
        public Options {
            if (maxGroup < 1 || lanes < 1 || queueCapacity < 1 || linger.isNegative()) {
                throw new IllegalArgumentException("A group commit needs at least one write per group, one lane and"
                        + " room for one write, and no negative linger");
            }
        }
    }

    /** Writes one group, of writes with distinct keys, and settles each of them. */
    @FunctionalInterface
    public interface Committer<W, R> {
        void commit(List<Pending<W, R>> group);
    }

    /** A write waiting for its commit. */
    public static final class Pending<W, R> {
        private final W write;
        private final CompletableFuture<R> done = new CompletableFuture<>();

        private Pending(W write) {
            this.write = write;
        }

        public W write() {
            return write;
        }

        /** Acknowledges the write: call only once the transaction that holds it has committed. */
        public void succeed(R result) {
            done.complete(result);
        }

        public void fail(RuntimeException failure) {
            done.completeExceptionally(failure);
        }

        public boolean isSettled() {
            return done.isDone();
        }
    }

    private final String name;
    private final Options options;
    private final Function<W, String> key;
    private final Committer<W, R> committer;
    private final List<Lane> lanes = new ArrayList<>();
    private final AtomicLong groups = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();
    private volatile boolean running = true;

    /**
     * @param name names the committer threads and what is refused when overloaded ("entity writes")
     * @param key  the writes that must not share a transaction have the same key
     */
    public CommitGroups(String name, Options options, Function<W, String> key, Committer<W, R> committer) {
        this.name = name;
        this.options = options;
        this.key = key;
        this.committer = committer;
        for (int i = 0; i < options.lanes(); i++) {
            lanes.add(new Lane(i));
        }
    }

    /** Queues the write and waits for its commit; its own failure is thrown as it is. */
    public R write(W write) {
        return await(enqueue(write));
    }

    /**
     * Queues the write without waiting for its commit (only for room in the queue, a little): the future fails
     * with {@link ServiceUnavailable} when there is no room or the groups are stopping, or when the write is not
     * committed within {@link #MAX_WAIT}.
     */
    public CompletableFuture<R> enqueue(W write) {
        Pending<W, R> pending = new Pending<>(write);
        WaitDeadlines.expire(pending.done, System.nanoTime() + MAX_WAIT.toNanos(), () -> pending.fail(
                new ServiceUnavailable("The commit took too long; send again later", RETRY_AFTER, null)));
        Lane lane = lanes.get(Math.floorMod(key.apply(write).hashCode(), lanes.size()));
        try {
            if (!running || !lane.queue.offer(pending, QUEUE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                pending.fail(new ServiceUnavailable("The platform is taking more " + name + " than it can commit;"
                        + " send again later", RETRY_AFTER, null));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pending.fail(new ServiceUnavailable("Interrupted while waiting for the commit", RETRY_AFTER, e));
        }
        return pending.done;
    }

    /**
     * The result of a queued write once committed, or its failure thrown. The wait has no timer of its own: the
     * write fails by itself once it has waited {@link #MAX_WAIT} ({@link WaitDeadlines}).
     */
    public static <R> R await(CompletableFuture<R> done) {
        try {
            return done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceUnavailable("Interrupted while waiting for the commit", RETRY_AFTER, e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure : new IllegalStateException(e.getCause());
        }
    }

    /**
     * @param groups  groups committed (transactions, or attempts of them) so far
     * @param writes  writes those groups carried
     * @param queued  writes waiting in the queues now
     */
    public record Figures(long groups, long writes, int queued) {
        public static final Figures NONE = new Figures(0, 0, 0);
    }

    public Figures figures() {
        return new Figures(groups.get(), writes.get(), lanes.stream().mapToInt(lane -> lane.queue.size()).sum());
    }

    /** One committer with its queue and the writes it holds back for a later group (their key was taken). */
    private final class Lane {
        private final BlockingQueue<Pending<W, R>> queue = new ArrayBlockingQueue<>(options.queueCapacity());
        private final Deque<Pending<W, R>> deferred = new ArrayDeque<>();
        private final Thread thread;

        Lane(int number) {
            thread = Thread.ofPlatform().name("belfort-" + name.replace(' ', '-') + "-commit-" + number).daemon()
                    .start(this::run);
        }

        private void run() {
            while (running || !queue.isEmpty() || !deferred.isEmpty()) {
                try {
                    List<Pending<W, R>> group = next();
                    if (!group.isEmpty()) {
                        commit(group);
                    }
                } catch (InterruptedException e) {
                    if (!running) {
                        break;
                    }
                }
            }
            List<Pending<W, R>> left = new ArrayList<>(deferred);
            queue.drainTo(left);
            left.forEach(pending -> pending.fail(
                    new ServiceUnavailable("The platform is stopping", Duration.ofSeconds(5), null)));
        }

        /**
         * The next group: deferred writes first, then what has arrived, one write per key. New writes are taken
         * only while the deferred ones fit in a group, so that many writes to one key leave the rest in the queue,
         * which is bounded, rather than here.
         */
        private List<Pending<W, R>> next() throws InterruptedException {
            List<Pending<W, R>> group = new ArrayList<>();
            Set<String> keys = new HashSet<>();
            List<Pending<W, R>> stillDeferred = new ArrayList<>();
            while (!deferred.isEmpty() && group.size() < options.maxGroup()) {
                add(deferred.pollFirst(), group, keys, stillDeferred);
            }
            if (group.isEmpty()) {
                Pending<W, R> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    stillDeferred.reversed().forEach(deferred::addFirst);
                    return group;
                }
                add(first, group, keys, stillDeferred);
            }
            long deadline = System.nanoTime() + options.linger().toNanos();
            while (group.size() < options.maxGroup() && deferred.size() + stillDeferred.size() < options.maxGroup()) {
                Pending<W, R> more = queue.poll();
                if (more == null) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0 || (more = queue.poll(left, TimeUnit.NANOSECONDS)) == null) {
                        break;
                    }
                }
                add(more, group, keys, stillDeferred);
            }
            stillDeferred.reversed().forEach(deferred::addFirst);
            return group;
        }

        private void add(Pending<W, R> pending, List<Pending<W, R>> group, Set<String> keys,
                         List<Pending<W, R>> stillDeferred) {
            if (keys.add(key.apply(pending.write()))) {
                group.add(pending);
            } else {
                stillDeferred.add(pending);
            }
        }

        /** Commits the group; a write the committer left unsettled (it failed unexpectedly) is refused, never lost. */
        private void commit(List<Pending<W, R>> group) {
            // A write whose caller gave up waiting (it was told to send again) is not written behind its back.
            group.removeIf(Pending::isSettled);
            if (group.isEmpty()) {
                return;
            }
            groups.incrementAndGet();
            writes.addAndGet(group.size());
            RuntimeException failure = null;
            try {
                committer.commit(group);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "A group commit of " + group.size() + " " + name
                        + " failed unexpectedly", e);
                failure = e;
            }
            for (Pending<W, R> pending : group) {
                if (!pending.isSettled()) {
                    pending.fail(new ServiceUnavailable("The " + name + " could not be committed now; send again later",
                            RETRY_AFTER, failure));
                }
            }
        }
    }

    /** Stops taking writes; those already queued are committed first. */
    @Override
    public void close() {
        running = false;
        for (Lane lane : lanes) {
            try {
                lane.thread.join(MAX_WAIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        LOG.log(System.Logger.Level.INFO, "Group commit of {0}: {1} writes in {2} transactions", name, writes.get(),
                groups.get());
    }
}
