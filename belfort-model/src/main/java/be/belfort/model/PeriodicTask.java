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
 */
public record PeriodicTask(String name, Duration firstRun, Duration period, Runnable run) {
    public PeriodicTask {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(run, "run");
        if (firstRun.isNegative() || period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("A periodic task needs a first run >= 0 and a period > 0: " + name);
        }
    }
}
