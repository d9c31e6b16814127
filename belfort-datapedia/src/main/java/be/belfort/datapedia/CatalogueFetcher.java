package be.belfort.datapedia;

import be.belfort.security.OutboundGuard;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Fetches a catalogue over HTTP(S) through the platform's outbound guard, checked again right before each request:
 * no redirects (a catalogue that moved is registered again at its new address), a total time and a size bound.
 */
public final class CatalogueFetcher {
    private static final String ACCEPT = "text/turtle, application/rdf+xml;q=0.9, application/ld+json;q=0.9,"
            + " application/n-triples;q=0.5, */*;q=0.1";

    private final OutboundGuard outbound;
    private final Duration timeout;
    private final long maxBytes;
    private final HttpClient client;

    public CatalogueFetcher(OutboundGuard outbound, Duration timeout, long maxBytes) {
        this.outbound = outbound;
        this.timeout = timeout;
        this.maxBytes = maxBytes;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** A fetched document with its Content-Type. */
    public record Fetched(byte[] body, String contentType) {
    }

    /** Thrown when the catalogue cannot be had; the message says why, for the source's status. */
    public static final class Failed extends Exception {
        public Failed(String message) {
            super(message);
        }
    }

    /** Null when the URL may be harvested, else why not: the scheme, or the outbound guard's refusal. */
    public String refusal(URI url) {
        if (url.getScheme() == null || !(url.getScheme().equals("http") || url.getScheme().equals("https"))) {
            return "a catalogue URL is http or https";
        }
        String refused = outbound.refusal(url);
        return refused == null ? null : "the platform may not call " + url.getHost() + ": " + refused;
    }

    public Fetched fetch(URI url) throws Failed, InterruptedException {
        String refused = refusal(url);
        if (refused != null) {
            throw new Failed(refused);
        }
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).header("Accept", ACCEPT).GET().build();
        try {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                if (response.statusCode() != 200) {
                    throw new Failed("the catalogue answered HTTP " + response.statusCode()
                            + response.headers().firstValue("Location").map(to -> " (moved to " + to + ")").orElse(""));
                }
                byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
                if (body.length > maxBytes) {
                    throw new Failed("the catalogue is larger than " + maxBytes + " bytes");
                }
                return new Fetched(body, response.headers().firstValue("Content-Type").orElse(null));
            }
        } catch (java.net.http.HttpTimeoutException e) {
            throw new Failed("no answer within " + timeout.toSeconds() + " s");
        } catch (IOException e) {
            throw new Failed("unreachable: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
    }
}
