package be.belfort.api;

import be.belfort.model.ErrorType;

import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.util.function.BooleanSupplier;

/**
 * Health and Prometheus metrics for the people who run the platform. Load balancers and orchestrators ask
 * {@code /health/live} (the process answers: restart it when not) and {@code /health/ready} (the database
 * answers too: send it requests only then); {@code /health} is the readiness answer in its original form.
 */
public final class OperationsRoutes implements RouteGroup {
    /** When a client should ask again after a not-ready answer. */
    static final int RETRY_AFTER_SECONDS = 5;

    private final PrometheusMeterRegistry metrics;
    private final BooleanSupplier databaseAnswers;
    private final Problems problems;

    /** @param databaseAnswers whether the database answers a query within a short timeout (never hangs) */
    public OperationsRoutes(PrometheusMeterRegistry metrics, BooleanSupplier databaseAnswers, Problems problems) {
        this.metrics = metrics;
        this.databaseAnswers = databaseAnswers;
        this.problems = problems;
    }

    @Override
    public void register(JavalinDefaultRoutingApi app) {
        app.get("/health", ctx -> {
            boolean up = databaseAnswers.getAsBoolean();
            ctx.status(up ? 200 : 503).contentType(MediaTypes.JSON)
                    .result("{\"status\":\"" + (up ? "UP" : "DOWN") + "\",\"database\":\"" + (up ? "UP" : "DOWN") + "\"}");
        });
        app.get("/health/live", ctx -> ctx.contentType(MediaTypes.JSON).result("{\"status\":\"UP\"}"));
        app.get("/health/ready", this::ready);
        app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
    }

    private void ready(Context ctx) {
        if (databaseAnswers.getAsBoolean()) {
            ctx.contentType(MediaTypes.JSON).result("{\"status\":\"UP\",\"database\":\"UP\"}");
            return;
        }
        ctx.status(503).header("Retry-After", Integer.toString(RETRY_AFTER_SECONDS)).contentType(MediaTypes.JSON)
                .result(problems.bytes(ErrorType.INTERNAL_ERROR, 503,
                        "Not ready: the database does not answer. Ask again in " + RETRY_AFTER_SECONDS + " s."));
    }
}
