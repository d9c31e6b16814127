package be.belfort.api;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.eclipse.jetty.server.handler.StatisticsHandler;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The HTTP server: Javalin on Jetty with virtual threads, explicit routes, a body-size limit and a
 * request timer per route. Stopping it lets in-flight requests finish first.
 */
public final class ApiServer {
    public static final String BASE = "/ngsi-ld/v1";

    private final Javalin app;

    public ApiServer(long maxBodyBytes, Duration stopTimeout, PrometheusMeterRegistry metrics, Problems problems,
                     Consumer<JavalinDefaultRoutingApi> routes) {
        this.app = Javalin.create(config -> {
            config.concurrency.useVirtualThreads = true;
            config.startup.showJavalinBanner = false;
            config.http.maxRequestSize = maxBodyBytes;
            config.http.defaultContentType = MediaTypes.JSON;
            config.router.ignoreTrailingSlashes = true;
            config.http.prefer405over404 = true;
            config.jetty.modifyServer(server -> {
                // The statistics handler counts requests in flight, so that stopping waits for them.
                server.setHandler(new StatisticsHandler());
                server.setStopTimeout(stopTimeout.toMillis());
                server.setErrorHandler(new BadMessageProblems(problems));
            });
            problems.register(config.routes);
            config.routes.before(ctx -> ctx.attribute("belfort.start", System.nanoTime()));
            config.routes.after(ctx -> {
                Long start = ctx.attribute("belfort.start");
                if (start != null) {
                    Timer.builder("http.server.requests")
                            .tag("method", ctx.method().name())
                            .tag("route", Objects.requireNonNullElse(routePath(ctx), "unmatched"))
                            .tag("status", Integer.toString(ctx.statusCode()))
                            .publishPercentileHistogram(false)
                            .register(metrics)
                            .record(Duration.ofNanos(System.nanoTime() - start));
                }
            });
            routes.accept(config.routes);
        });
    }

    /** The path pattern of the route that answered the request, or null when none did (refused or unknown). */
    static String routePath(Context ctx) {
        Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
        return endpoint == null ? null : endpoint.path;
    }

    public ApiServer start(String host, int port) {
        app.start(host, port);
        return this;
    }

    public int port() {
        return app.port();
    }

    public void stop() {
        app.stop();
    }
}
