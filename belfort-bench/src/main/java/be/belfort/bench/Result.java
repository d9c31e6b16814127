package be.belfort.bench;

import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/** What one workload measured: successes with their latencies, and failures by kind. */
public final class Result {
    private final String workload;
    private final Histogram latencies;
    private final Duration measured;
    private final int entitiesPerRequest;
    private final Map<String, Long> errors;

    public Result(String workload, Histogram latencies, Duration measured, int entitiesPerRequest,
                  Map<String, Long> errors) {
        this.workload = workload;
        this.latencies = latencies;
        this.measured = measured;
        this.entitiesPerRequest = entitiesPerRequest;
        this.errors = new TreeMap<>(errors);
        this.counted = -1;
    }

    /**
     * A workload whose throughput is counted on the platform (what it committed) rather than answers received,
     * with latencies sampled on their own.
     */
    public static Result committed(String workload, double messages, Duration measured, int entitiesPerMessage,
                                   Histogram sampledLatencies, Map<String, Long> errors) {
        return new Result(workload, sampledLatencies, measured, entitiesPerMessage, errors, messages);
    }

    private final double counted;

    private Result(String workload, Histogram latencies, Duration measured, int entitiesPerRequest,
                   Map<String, Long> errors, double counted) {
        this.workload = workload;
        this.latencies = latencies;
        this.measured = measured;
        this.entitiesPerRequest = entitiesPerRequest;
        this.errors = new TreeMap<>(errors);
        this.counted = counted;
    }

    public String workload() {
        return workload;
    }

    /** Requests answered with success, or messages the platform committed for a {@link #committed} workload. */
    public long successes() {
        return counted >= 0 ? Math.round(counted) : latencies.getTotalCount();
    }

    public double requestsPerSecond() {
        return successes() / seconds();
    }

    public double entitiesPerSecond() {
        return successes() * entitiesPerRequest / seconds();
    }

    public int entitiesPerRequest() {
        return entitiesPerRequest;
    }

    /** Latency at a percentile (0-100), in milliseconds. */
    public double latencyMillis(double percentile) {
        return latencies.getValueAtPercentile(percentile) / 1000.0;
    }

    public double maxLatencyMillis() {
        return latencies.getMaxValue() / 1000.0;
    }

    /** Failures by kind: {@code HTTP 500}, {@code I/O ConnectException}, ... */
    public Map<String, Long> errors() {
        return errors;
    }

    public long errorCount() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }

    private double seconds() {
        return Math.max(measured.toNanos(), 1) / 1e9;
    }
}
