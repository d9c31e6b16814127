package be.belfort.api;

import io.javalin.Javalin;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.servlet.DispatcherType;
import org.eclipse.jetty.server.handler.StatisticsHandler;
import org.eclipse.jetty.servlet.FilterHolder;

import java.time.Duration;
import java.util.EnumSet;
import java.util.function.Consumer;

/**
 * The HTTP server: Javalin on Jetty with virtual threads, explicit routes, a body-size limit and a
 * request timer per route. Stopping it lets in-flight requests finish first.
 */
public final class ApiServer {
    public static final String BASE = "/ngsi-ld/v1";

    private final Javalin app;

    public ApiServer(long maxBodyBytes, Duration stopTimeout, PrometheusMeterRegistry metrics, Problems problems,
                     Consumer<Javalin> routes) {
        this.app = Javalin.create(config -> {
            config.useVirtualThreads = true;
            config.showJavalinBanner = false;
            // BodyLimit is the one body-size check, for chunked bodies too; Javalin's sees Content-Length only.
            config.http.maxRequestSize = Long.MAX_VALUE;
            config.http.defaultContentType = MediaTypes.JSON;
            config.router.ignoreTrailingSlashes = true;
            config.http.prefer405over404 = true;
            config.jetty.modifyServletContextHandler(handler -> handler.addFilter(
                    new FilterHolder(new BodyLimit(maxBodyBytes)), "/*", EnumSet.of(DispatcherType.REQUEST)));
            config.jetty.modifyServer(server -> {
                // The statistics handler counts requests in flight, so that stopping waits for them.
                server.setHandler(new StatisticsHandler());
                server.setStopTimeout(stopTimeout.toMillis());
                server.setErrorHandler(new BadMessageProblems(problems));
            });
        });
        problems.register(app);
        app.before(SingleHeaders::require);
        app.before(StorableText::requireInQuery);
        app.before(ctx -> ctx.attribute("belfort.start", System.nanoTime()));
        app.after(ctx -> {
            Long start = ctx.attribute("belfort.start");
            if (start != null) {
                Timer.builder("http.server.requests")
                        .tag("method", ctx.method().name())
                        .tag("route", ctx.endpointHandlerPath())
                        .tag("status", Integer.toString(ctx.statusCode()))
                        .publishPercentileHistogram(false)
                        .register(metrics)
                        .record(Duration.ofNanos(System.nanoTime() - start));
            }
        });
        routes.accept(app);
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
