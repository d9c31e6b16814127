package be.belfort.console;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The health page's figures come from the meters {@code /metrics} publishes, each the issue names among them. */
class HealthFiguresTest {

    @Test
    void everyFigureIsReadFromItsMeter() {
        MeterRegistry metrics = new SimpleMeterRegistry();
        AtomicLong waitingPages = new AtomicLong(3);
        Gauge.builder("belfort.ldes.pages.waiting", waitingPages, AtomicLong::get).register(metrics);
        Gauge.builder("belfort.notifications.queued", () -> 7).register(metrics);
        Timer.builder("http.server.requests").tag("status", "429").register(metrics).record(Duration.ofMillis(1));
        Timer.builder("http.server.requests").tag("status", "200").register(metrics).record(Duration.ofMillis(1));
        HealthFigures health = new HealthFigures(metrics, () -> true);

        assertThat(health.databaseAnswers()).isTrue();
        assertThat(health.version()).isNotBlank();
        assertThat(health.figures()).extracting(HealthFigures.Figure::label, HealthFigures.Figure::value)
                .contains(org.assertj.core.groups.Tuple.tuple("health.ldes.pagesWaiting", 3.0),
                        org.assertj.core.groups.Tuple.tuple("health.notifications.queued", 7.0),
                        org.assertj.core.groups.Tuple.tuple("health.rateLimited", 1.0));
        waitingPages.set(0);
        assertThat(health.figures()).filteredOn(figure -> figure.label().equals("health.ldes.pagesWaiting"))
                .extracting(HealthFigures.Figure::value).containsExactly(0.0);
    }
}
