package be.belfort.console;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The platform's health for a person: the same meters {@code /metrics} publishes, read from the same registry
 * and named in words.
 */
public final class HealthFigures {
    private final MeterRegistry metrics;
    private final BooleanSupplier databaseAnswers;

    public HealthFigures(MeterRegistry metrics, BooleanSupplier databaseAnswers) {
        this.metrics = metrics;
        this.databaseAnswers = databaseAnswers;
    }

    /**
     * One figure: the text key of its name, its value, the meter it comes from, and whether it asks for attention.
     */
    public record Figure(String label, double value, String meter, boolean attention) {
    }

    public boolean databaseAnswers() {
        return databaseAnswers.getAsBoolean();
    }

    public List<Figure> figures() {
        double waiting = sum("belfort.notifications.queued");
        double givenUp = sum("belfort.notifications.given.up");
        double failing = sum("belfort.background.failing.units");
        double pagesWaiting = sum("belfort.ldes.pages.waiting");
        double refused = metrics.find("http.server.requests").tag("status", "429").timers().stream()
                .mapToDouble(Timer::count).sum();
        return List.of(
                new Figure("health.notifications.queued", waiting, "belfort_notifications_queued", false),
                new Figure("health.notifications.delivered", sum("belfort.notifications.delivered"),
                        "belfort_notifications_delivered_total", false),
                new Figure("health.notifications.failed", sum("belfort.notifications.failed.attempts"),
                        "belfort_notifications_failed_attempts_total", false),
                new Figure("health.notifications.givenUp", givenUp, "belfort_notifications_given_up_total", givenUp > 0),
                new Figure("health.notifications.dropped", sum("belfort.notifications.dropped"),
                        "belfort_notifications_dropped_total", sum("belfort.notifications.dropped") > 0),
                new Figure("health.subscriptions.stopped", sum("belfort.subscriptions.stopped"),
                        "belfort_subscriptions_stopped_total", sum("belfort.subscriptions.stopped") > 0),
                new Figure("health.ldes.pagesWaiting", pagesWaiting, "belfort_ldes_pages_waiting", false),
                new Figure("health.background.failing", failing, "belfort_background_failing_units", failing > 0),
                new Figure("health.background.failures", sum("belfort.background.failures"),
                        "belfort_background_failures_total", false),
                new Figure("health.rateLimited", refused, "http_server_requests_seconds_count{status=\"429\"}", false));
    }

    /** The platform's version, as its jar names it. */
    public String version() {
        String version = HealthFigures.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }

    private double sum(String name) {
        double total = 0;
        for (Meter meter : metrics.find(name).meters()) {
            total += switch (meter) {
                case Gauge gauge -> gauge.value();
                case FunctionCounter counter -> counter.count();
                case Counter counter -> counter.count();
                default -> 0;
            };
        }
        return total;
    }
}
