package be.belfort.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A small fuzz run against the real server: a few thousand random requests ({@link HostileRequests}) with a
 * fixed seed, printed, and replayed with {@code -Dfuzz.seed=N} ({@code -Dfuzz.requests=N} for a longer run).
 * It fails on any 5xx other than 503 (back-pressure) and a 504 LdContextNotAvailable (the @context server it names
 * is unreachable on purpose), on any error that
 * is not NGSI-LD problem details ({@code application/json} with {@code type}, {@code title} and the
 * {@code status}), and on any request not answered within 10 s.
 *
 * <p>Plain {@link java.util.Random} with a seed rather than a property-testing library: a run is one long
 * sequence of independent requests against one server, so there is nothing to shrink, and a seed is all it
 * takes to replay it.
 */
class FuzzTest {
    private static final long SEED = Long.getLong("fuzz.seed", 24L);
    private static final int REQUESTS = Integer.getInteger("fuzz.requests", 3000);
    /** Whether to send the cases other work of issue 24 fixes (see {@link HostileRequests}). */
    private static final boolean PENDING = Boolean.getBoolean("fuzz.pending");
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** The run stops early past this, so that it stays well under a minute on a busy machine. */
    private static final Duration BUDGET = Duration.ofSeconds(Long.getLong("fuzz.seconds", 50L));
    /**
     * A platform started elsewhere (say, by the launcher with its defaults, to watch its heap under the run), by
     * its port on this host; by default the tests' shared platform.
     */
    private static final Integer PORT = Integer.getInteger("fuzz.port");

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void randomRequestsGetAnAnswerOrAProblemNeverAServerError() {
        int port = PORT != null ? PORT : TestPlatform.shared().port();
        System.out.println("FuzzTest seed " + SEED + " (replay with -Dfuzz.seed=" + SEED + ")");
        HostileRequests requests = new HostileRequests(SEED, PENDING);
        List<String> failures = new ArrayList<>();
        java.util.Map<Integer, Integer> statuses = new java.util.TreeMap<>();
        long deadline = System.nanoTime() + BUDGET.toNanos();
        int sent = 0;
        while (sent < REQUESTS && System.nanoTime() < deadline) {
            HostileRequests.Request request = requests.next();
            sent++;
            String failure = check(port, request, statuses);
            if (failure != null) {
                failures.add("#" + sent + " " + request + "\n    -> " + failure);
            }
        }
        System.out.println("FuzzTest sent " + sent + " requests, " + failures.size() + " failures; answers by status "
                + statuses);
        assertThat(failures).as("seed " + SEED + ": requests answered wrongly").isEmpty();
    }

    /** Sends a request; returns what is wrong with its answer, or null. */
    private String check(int port, HostileRequests.Request request, java.util.Map<Integer, Integer> statuses) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://localhost:" + port + request.path()))
                .timeout(TIMEOUT)
                .method(request.method(), request.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(request.body()));
        for (int i = 0; i + 1 < request.headers().size(); i += 2) {
            builder.header(request.headers().get(i), request.headers().get(i + 1));
        }
        HttpResponse<String> response;
        try {
            response = client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            return "no answer within " + TIMEOUT.toSeconds() + " s";
        } catch (IOException e) {
            return "connection failed: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        int status = response.statusCode();
        statuses.merge(status, 1, Integer::sum);
        boolean upstream = status == 504 && response.body().contains("LdContextNotAvailable");
        if (status >= 500 && status != 503 && !upstream) {
            return status + " " + abbreviated(response.body());
        }
        if (status >= 400) {
            return notAProblem(status, response);
        }
        return null;
    }

    private static String notAProblem(int status, HttpResponse<String> response) {
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (!type.startsWith("application/json")) {
            return status + " with Content-Type '" + type + "': " + abbreviated(response.body());
        }
        JsonNode problem;
        try {
            problem = Http.JSON.readTree(response.body());
        } catch (IOException e) {
            return status + " with a body that is not JSON: " + abbreviated(response.body());
        }
        if (problem == null || !problem.path("type").isTextual() || !problem.path("title").isTextual()
                || problem.path("status").asInt() != status) {
            return status + " with a body that is not problem details: " + abbreviated(response.body());
        }
        return null;
    }

    private static String abbreviated(String body) {
        return body.length() > 300 ? body.substring(0, 300) + "…" : body;
    }
}
