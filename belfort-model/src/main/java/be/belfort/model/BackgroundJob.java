package be.belfort.model;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * A background job that works on many units (datasets, retention rules, audit batches, subscriptions) and
 * keeps their failures apart: a unit that fails is skipped, the others go on. A failing unit is logged once
 * when it starts failing (with the cause) and once when it works again, never at every run; it is tried
 * again after a back-off that doubles from {@code firstRetry} up to {@code maxRetry}. Failures are counted
 * for the platform's metrics.
 */
public final class BackgroundJob {
    private static final Logger LOG = LoggerFactory.getLogger(BackgroundJob.class);

    private final String name;
    private final Duration firstRetry;
    private final Duration maxRetry;
    private final LongSupplier nanoTime;
    private final Map<String, Failing> failing = new ConcurrentHashMap<>();
    private final LongAdder failures = new LongAdder();

    /** One unit's run of failures: how many in a row, and when to try again. */
    private record Failing(int times, long retryAtNanos) {
    }

    /** @param name what the job does, as a log line says it, e.g. "close event stream pages" */
    public BackgroundJob(String name, Duration firstRetry, Duration maxRetry, LongSupplier nanoTime) {
        this.name = name;
        this.firstRetry = firstRetry;
        this.maxRetry = maxRetry;
        this.nanoTime = nanoTime;
    }

    public BackgroundJob(String name) {
        this(name, Duration.ofSeconds(2), Duration.ofMinutes(10), System::nanoTime);
    }

    /** Whether the unit may run now: it is not failing, or its back-off is over. */
    public boolean isDue(String unit) {
        Failing state = failing.get(unit);
        return state == null || nanoTime.getAsLong() - state.retryAtNanos() >= 0;
    }

    /**
     * Runs one unit's work (the empty name for a job that is one unit) unless the unit is backing off; a failure is recorded and logged as described
     * above, never thrown. Returns whether the work ran and succeeded.
     */
    public boolean run(String unit, Runnable work) {
        if (!isDue(unit)) {
            return false;
        }
        try {
            work.run();
        } catch (RuntimeException | StackOverflowError e) {
            failed(unit, e);
            return false;
        }
        succeeded(unit);
        return true;
    }

    /** Records that a unit worked (for callers that run the work themselves). */
    public void succeeded(String unit) {
        Failing state = failing.remove(unit);
        if (state != null) {
            LOG.info("{}{} works again after {} failed attempts", capitalised(), of(unit), state.times());
        }
    }

    /** Records that a unit failed (for callers that run the work themselves). */
    public void failed(String unit, Throwable cause) {
        failures.increment();
        Failing state = failing.compute(unit, (key, before) -> {
            int times = before == null ? 1 : before.times() + 1;
            return new Failing(times, nanoTime.getAsLong() + backOff(times).toNanos());
        });
        if (state.times() == 1) {
            LOG.warn("Could not {}{}; it is skipped, anything else goes on, and it is tried again with back-off"
                    + " (first in {}); further failures are not logged until it works again", name, of(unit),
                    firstRetry, cause);
        } else {
            LOG.debug("Could not {}{} ({} failed attempts): {}", name, of(unit), state.times(), cause.toString());
        }
    }

    /** The wait after {@code times} failures in a row: doubling from the first retry, at most the longest. */
    Duration backOff(int times) {
        int doublings = Math.min(times - 1, 30);
        Duration wait = firstRetry.multipliedBy(1L << doublings);
        return wait.compareTo(maxRetry) > 0 ? maxRetry : wait;
    }

    /** Forgets the failures of units that are gone (a dataset closed, a subscription deleted). */
    public void forgetAllBut(java.util.Collection<String> units) {
        failing.keySet().retainAll(java.util.Set.copyOf(units));
    }

    /** Every failure so far, of every unit. */
    public long failures() {
        return failures.sum();
    }

    /** How many units are failing now. */
    public int failingUnits() {
        return failing.size();
    }

    public String name() {
        return name;
    }

    /** The unit as a log line names it; a job of one unit names none. */
    private static String of(String unit) {
        return unit.isEmpty() ? "" : " for " + unit;
    }

    private String capitalised() {
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }
}
