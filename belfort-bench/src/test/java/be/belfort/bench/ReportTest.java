package be.belfort.bench;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ReportTest {

    @Test
    void percentilesAndRatesComeFromTheRecordedLatencies() {
        Histogram latencies = new Histogram(3);
        for (int ms = 1; ms <= 100; ms++) {
            latencies.recordValue(ms * 1000L);
        }
        Result result = new Result("retrieve", latencies, Duration.ofSeconds(10), 1, Map.of("HTTP 500", 3L));

        assertThat(result.requestsPerSecond()).isEqualTo(10.0);
        assertThat(result.latencyMillis(50)).isBetween(49.9, 50.1);
        assertThat(result.latencyMillis(99)).isBetween(98.9, 99.1);
        assertThat(result.maxLatencyMillis()).isBetween(99.9, 100.1);
        assertThat(result.errorCount()).isEqualTo(3);
        String table = Report.table(List.of(result));
        assertThat(table).contains("retrieve").contains("10").contains("HTTP 500 x3");
    }

    @Test
    void batchesCountEntitiesPerSecond() {
        Histogram latencies = new Histogram(3);
        latencies.recordValue(5000);
        latencies.recordValue(5000);
        Result result = new Result("upsert", latencies, Duration.ofSeconds(1), 100, Map.of());
        assertThat(result.entitiesPerSecond()).isEqualTo(200.0);
    }
}
