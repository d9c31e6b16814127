package be.belfort.bench;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The table printed at the end: one row per workload. */
public final class Report {
    private Report() {
    }

    public static String table(List<Result> results) {
        StringBuilder table = new StringBuilder();
        table.append(String.format(Locale.ROOT, "%-9s %10s %12s %9s %9s %9s %9s %8s  %s%n", "workload", "req/s",
                "entities/s", "p50 ms", "p95 ms", "p99 ms", "max ms", "errors", "error kinds"));
        for (Result result : results) {
            table.append(String.format(Locale.ROOT, "%-9s %10.0f %12.0f %9.2f %9.2f %9.2f %9.2f %8d  %s%n",
                    result.workload(), result.requestsPerSecond(), result.entitiesPerSecond(),
                    result.latencyMillis(50), result.latencyMillis(95), result.latencyMillis(99),
                    result.maxLatencyMillis(), result.errorCount(), result.errors().entrySet().stream()
                            .map(e -> e.getKey() + " x" + e.getValue()).collect(Collectors.joining(", "))));
        }
        return table.toString();
    }
}
