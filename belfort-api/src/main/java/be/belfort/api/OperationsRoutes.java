package be.belfort.api;

import io.javalin.router.JavalinDefaultRoutingApi;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.util.function.BooleanSupplier;

/** Health and Prometheus metrics for the people who run the platform. */
public final class OperationsRoutes {
    private final PrometheusMeterRegistry metrics;
    private final BooleanSupplier databaseUp;

    public OperationsRoutes(PrometheusMeterRegistry metrics, BooleanSupplier databaseUp) {
        this.metrics = metrics;
        this.databaseUp = databaseUp;
    }

    public void register(JavalinDefaultRoutingApi app) {
        app.get("/health", ctx -> {
            boolean up = databaseUp.getAsBoolean();
            ctx.status(up ? 200 : 503).contentType(MediaTypes.JSON)
                    .result("{\"status\":\"" + (up ? "UP" : "DOWN") + "\",\"database\":\"" + (up ? "UP" : "DOWN") + "\"}");
        });
        app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
    }
}
