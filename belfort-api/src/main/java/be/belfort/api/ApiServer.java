package be.belfort.api;

import be.belfort.model.NgsiLdException;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.DispatcherType;
import org.eclipse.jetty.compression.gzip.GzipCompression;
import org.eclipse.jetty.compression.server.CompressionConfig;
import org.eclipse.jetty.compression.server.CompressionHandler;
import org.eclipse.jetty.ee10.servlet.FilterHolder;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The HTTP server: Javalin on Jetty with virtual threads, explicit routes, a bound on the requests at work at
 * once, a body-size limit and a request timer per route. Stopping it lets in-flight requests finish first.
 */
public final class ApiServer {
    public static final String BASE = "/ngsi-ld/v1";
    /** Where the contexts the platform hosts for its clients live: one path below it per context. */
    public static final String HOSTED_CONTEXTS = BASE + "/jsonldContexts/";

    private final Javalin app;

    public ApiServer(long maxBodyBytes, Duration stopTimeout, MeterRegistry metrics, Problems problems,
                     CorsPolicy cors, AdmissionLimits admission, Consumer<JavalinDefaultRoutingApi> routes) {
        this.app = Javalin.create(config -> {
            config.concurrency.useVirtualThreads = true;
            config.startup.showJavalinBanner = false;
            // BodyLimit is the one body-size check, for chunked bodies too; Javalin's sees Content-Length only.
            config.http.maxRequestSize = Long.MAX_VALUE;
            config.http.defaultContentType = MediaTypes.JSON;
            config.router.ignoreTrailingSlashes = true;
            config.http.prefer405over404 = true;
            // Jetty compresses (below): it gives a compressed answer its own ETag and adds Vary: Accept-Encoding.
            config.http.compressionStrategy = CompressionStrategy.NONE;
            config.jetty.modifyServletContextHandler(handler -> {
                handler.addFilter(new FilterHolder(new BodyLimit(maxBodyBytes)), "/*", EnumSet.of(DispatcherType.REQUEST));
                handler.addFilter(new FilterHolder(new HeadAsGet()), "/*", EnumSet.of(DispatcherType.REQUEST));
                handler.addFilter(new FilterHolder(new TenantInQuery()), "/*", EnumSet.of(DispatcherType.REQUEST));
            });
            config.jetty.modifyServer(server -> {
                RequestsInFlight outermost = new RequestsInFlight(problems);
                Admission turns = new Admission(admission, problems, metrics);
                CrossOrigin crossOrigin = new CrossOrigin(cors);
                outermost.setHandler(turns);
                turns.setHandler(crossOrigin);
                crossOrigin.setHandler(compression());
                server.setHandler(outermost);
                server.addEventListener(new AcceptQueue(server));
                server.setStopTimeout(stopTimeout.toMillis());
                server.setErrorHandler(new BadMessageProblems(problems));
            });
            problems.register(config.routes);
            config.routes.before(SingleHeaders::require);
            config.routes.before(BASE + "/*", ApiServer::refuseEmptySegments);
            config.routes.after(BASE + "/*", ApiServer::echoTenant);
            config.routes.before(StorableText::requireInQuery);
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

    /** {@code /entities//attrs/x}: an empty id or name is a bad request, not an unknown endpoint. */
    private static void refuseEmptySegments(Context ctx) {
        if (ctx.path().contains("//")) {
            throw NgsiLdException.badData("The path " + ctx.path() + " has an empty segment where an id or a name belongs");
        }
    }

    /** The tenant a request named is named in its successful answer too, as Create Entity already does. */
    private static void echoTenant(Context ctx) {
        String tenant = ctx.header(RequestReader.TENANT_HEADER);
        if (tenant != null && !tenant.isEmpty() && ctx.statusCode() < 400
                && ctx.res().getHeader(RequestReader.TENANT_HEADER) == null) {
            ctx.header(RequestReader.TENANT_HEADER, tenant);
        }
    }

    /** Gzip for answers of 1 KiB or more when the client accepts it; Javalin's routes go inside. */
    private static CompressionHandler compression() {
        CompressionHandler compression = new CompressionHandler();
        GzipCompression gzip = new GzipCompression();
        gzip.setMinCompressSize(ResponseWriter.MIN_COMPRESSED_BYTES);
        compression.putCompression(gzip);
        // HEAD as well, so that it answers the headers of GET (Content-Encoding, ETag, Vary).
        compression.putConfiguration("/", CompressionConfig.builder().defaults()
                .compressIncludeMethod("GET").compressIncludeMethod("HEAD").compressIncludeMethod("POST").build());
        return compression;
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

    /** The Jetty server underneath, for what only it can tell (such as its listening sockets). */
    org.eclipse.jetty.server.Server jetty() {
        return app.jettyServer().server();
    }

    public void stop() {
        app.stop();
    }
}
