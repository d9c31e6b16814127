package be.belfort.subscriptions;

import be.belfort.security.OutboundGuard;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.util.thread.VirtualThreadPool;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * POSTs notifications to HTTP(S) endpoints (clause 7.2); any 2xx answer counts as delivered.
 * <p>
 * Jetty's client rather than the JDK's: it runs on the same I/O layer as the server (selectors, endpoints, the
 * HTTP/1.1 parser and generator), so a freshly started platform compiles that code once for both, and a
 * notification costs about half the processor time the JDK client's chain of futures took (measured with the
 * notification bench; figures in the bench module's README).
 */
public final class HttpSender implements Sender {
    /** Headers that frame or route the request; a receiverInfo entry may not set them (as the JDK's client refused). */
    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade",
            "transfer-encoding", "te", "trailer", "keep-alive", "proxy-connection");

    private final HttpClient client;
    private final Duration timeout;
    private final ObjectMapper json;
    private final OutboundGuard guard;

    public HttpSender(Duration timeout, ObjectMapper json, OutboundGuard guard) {
        this.guard = guard;
        this.timeout = timeout;
        this.json = json;
        this.client = new HttpClient();
        client.setExecutor(new VirtualThreadPool());
        client.setConnectTimeout(timeout.toMillis());
        client.setFollowRedirects(false);
        client.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, "Belfort"));
        // A receiver gets up to DeliverySettings.parallelism requests at once; each may need a connection.
        client.setMaxConnectionsPerDestination(64);
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException("The HTTP client for notifications did not start", e);
        }
    }

    @Override
    public void send(Endpoint endpoint, ObjectNode notification, Map<String, String> headers) throws DeliveryFailure {
        // Checked again at every send: the receiver's name may resolve elsewhere than when it subscribed.
        String refused = guard.refusal(endpoint.uri());
        if (refused != null) {
            throw new DeliveryFailure("may not be called: " + refused);
        }
        for (String name : headers.keySet()) {
            if (RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                throw new DeliveryFailure("refused a header: " + name + " is set by the platform");
            }
        }
        Request request;
        try {
            request = client.newRequest(endpoint.uri()).method(HttpMethod.POST)
                    .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .body(new BytesRequestContent(json.writeValueAsBytes(notification)))
                    .headers(fields -> headers.forEach(fields::put));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new DeliveryFailure("could not be written: " + e.getMessage());
        }
        // The answer's body is not kept: only its status counts.
        CompletableFuture<Result> done = new CompletableFuture<>();
        request.send(done::complete);
        Result result;
        try {
            result = done.get();
        } catch (InterruptedException e) {
            request.abort(e);
            Thread.currentThread().interrupt();
            throw new DeliveryFailure("interrupted");
        } catch (ExecutionException e) {
            throw new DeliveryFailure("could not be reached: " + e.getCause());
        }
        if (result.isFailed()) {
            Throwable failure = result.getFailure();
            if (failure instanceof TimeoutException) {
                throw new DeliveryFailure("no answer within " + timeout.toMillis() + " ms");
            }
            throw new DeliveryFailure("could not be reached: " + failure);
        }
        int status = result.getResponse().getStatus();
        if (status / 100 != 2) {
            throw new DeliveryFailure("answered " + status);
        }
    }

    @Override
    public void close() {
        try {
            client.stop();
        } catch (Exception e) {
            // Stopping drops connections that are no use any more; nothing is left to do when that fails.
        }
    }
}
