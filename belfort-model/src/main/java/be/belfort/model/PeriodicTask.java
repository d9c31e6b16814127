package be.belfort.model;

import java.time.Duration;
import java.util.Objects;

/**
 * Work a feature has done in the background at a fixed rate (history retention, expired entities, page closing).
 * The platform runs every feature's tasks on its housekeeping threads, each as a {@link BackgroundJob}: a failure
 * is logged when it starts and when it ends, counted in the metrics, and the next run tries again.
 *
 * @param name what the task does, as a log line and the metrics' {@code job} tag say it
 * @param firstRun how long after start the first run begins
 * @param period the time between the starts of two runs
 * @param run the work; it may throw, the next run still comes
 * @param onEveryNode run on every node that shares the database (work on the node's own memory); otherwise the run
 *                    is taken by one node at a time (work on the shared database)
 */
public record PeriodicTask(String name, Duration firstRun, Duration period, Runnable run, boolean onEveryNode) {
    /** A task on the shared database: one node at a time runs it. */
    public PeriodicTask(String name, Duration firstRun, Duration period, Runnable run) {
        this(name, firstRun, period, run, false);
    }

    /** A task on this node's own memory (its delivery figures, its queues): every node runs it. */
    public static PeriodicTask onEveryNode(String name, Duration firstRun, Duration period, Runnable run) {
        return new PeriodicTask(name, firstRun, period, run, true);
    }

    public PeriodicTask {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(run, "run");
        if (firstRun.isNegative() || period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("A periodic task needs a first run >= 0 and a period > 0: " + name);
        }
    }
}
