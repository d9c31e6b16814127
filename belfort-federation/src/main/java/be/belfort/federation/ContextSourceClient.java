package be.belfort.federation;

import be.belfort.security.OutboundGuard;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * Requests to registered sources (GET, or POST with a JSON body) through the outbound guard: no redirects followed, the answer read up to a
 * size limit. Each call blocks its (virtual) thread; the caller bounds the time.
 */
final class ContextSourceClient implements AutoCloseable {
    /** Why a source could not be used; the message goes to the client's warning. */
    static final class SourceFailure extends Exception {
        SourceFailure(String reason) {
            super(reason, null, false, false);
        }
    }

    record Answer(int status, byte[] body, String count) {
    }

    private final OutboundGuard guard;
    private final FederationSettings settings;
    private final HttpClient http;

    ContextSourceClient(OutboundGuard guard, FederationSettings settings) {
        this.guard = guard;
        this.settings = settings;
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.sourceTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
    }

    /** @param body the JSON to POST, or null to GET */
    Answer send(URI uri, Map<String, String> headers, byte[] body) throws SourceFailure, InterruptedException {
        return send(body == null ? "GET" : "POST", uri, headers, body);
    }

    /** @param body the JSON to send (application/json unless the headers name a Content-Type), or null for none */
    Answer send(String method, URI uri, Map<String, String> headers, byte[] body) throws SourceFailure,
            InterruptedException {
        String refused = guard.refusal(uri);
        if (refused != null) {
            throw new SourceFailure("not called: " + refused);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(settings.sourceTimeout());
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.method(method, HttpRequest.BodyPublishers.ofByteArray(body));
            if (!headers.containsKey("Content-Type")) {
                request.header("Content-Type", "application/json");
            }
        }
        headers.forEach(request::header);
        try {
            HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream answer = response.body()) {
                byte[] bytes = answer.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, settings.maxAnswerBytes() + 1));
                if (bytes.length > settings.maxAnswerBytes()) {
                    throw new SourceFailure("answered more than " + settings.maxAnswerBytes() + " bytes");
                }
                return new Answer(response.statusCode(), bytes,
                        response.headers().firstValue("NGSILD-Results-Count").orElse(null));
            }
        } catch (java.net.http.HttpTimeoutException e) {
            throw new SourceFailure("did not answer within " + settings.sourceTimeout().toMillis() + " ms");
        } catch (IOException e) {
            throw new SourceFailure("could not be reached (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        } catch (IllegalArgumentException e) {
            throw new SourceFailure("could not be asked: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
