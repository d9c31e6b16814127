package be.belfort.api;

import be.belfort.model.ErrorType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * Lets a bounded number of requests work at once; the others wait their turn, first come first served, and are
 * answered 503 with Retry-After when the wait grows too long or the line is already full.
 * <p>
 * Every request runs on a virtual thread, and two cores share them in arrival order. Without a bound, a burst
 * beyond what the machine can serve fills that order with new requests, and a request that holds a database
 * connection waits behind all of them between its statements: each transaction then lasts longer, the pool runs
 * dry, and every request ends in the pool's time-out (at 500 updates/s on a loaded machine, fewer than one in
 * ten updates succeeded). With the bound, the requests admitted keep the pace of the database, and the rest learn
 * at once that they should come back.
 * <p>
 * Health and metrics are always answered (an orchestrator must see a busy platform as alive), and so are
 * event streams, which stay open as long as their viewer watches.
 */
final class Admission extends Handler.Wrapper {
    private final Turns turns;
    private final long maxWaitNanos;
    private final Problems problems;
    private final Counter refused;

    Admission(AdmissionLimits limits, Problems problems, MeterRegistry metrics) {
        this.turns = new Turns(limits.maxConcurrent(), limits.maxWaiting());
        this.maxWaitNanos = limits.maxWait().toNanos();
        this.problems = problems;
        Gauge.builder("belfort.requests.waiting", turns, Turns::waiting)
                .description("Requests waiting for their turn (at most --max-concurrent-requests work at once)")
                .register(metrics);
        Gauge.builder("belfort.requests.working", turns, Turns::working)
                .description("Requests at work now").register(metrics);
        this.refused = Counter.builder("belfort.requests.refused.busy")
                .description("Requests answered 503 because the line of waiting requests was full or they waited longer than"
                        + " --max-request-wait for their turn")
                .register(metrics);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (alwaysServed(request)) {
            return super.handle(request, response, callback);
        }
        if (!turns.enter(System.nanoTime() + maxWaitNanos)) {
            refused.increment();
            response.setStatus(503);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, MediaTypes.JSON);
            response.getHeaders().put(HttpHeader.RETRY_AFTER, "2");
            response.write(true, ByteBuffer.wrap(problems.bytes(ErrorType.SERVICE_UNAVAILABLE, 503,
                    "The platform is busy: more requests wait their turn than it serves in "
                            + Duration.ofNanos(maxWaitNanos).toMillis() + " ms; send this one again shortly")), callback);
            return true;
        }
        Callback releasing = Callback.from(callback, (Runnable) turns::leave);
        boolean handled;
        try {
            handled = super.handle(request, response, releasing);
        } catch (Throwable e) {
            turns.leave();
            throw e;
        }
        if (!handled) {
            turns.leave();
        }
        return handled;
    }

    private static boolean alwaysServed(Request request) {
        String path = request.getHttpURI().getPath();
        if (path != null && (path.equals("/metrics") || path.startsWith("/health/"))) {
            return true;
        }
        String accept = request.getHeaders().get(HttpHeader.ACCEPT);
        return accept != null && accept.contains("text/event-stream");
    }
}
