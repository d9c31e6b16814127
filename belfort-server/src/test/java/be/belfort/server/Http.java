package be.belfort.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A small HTTP client for tests: requests against the real server, answers with parsed JSON. */
final class Http {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String base;

    Http(int port) {
        this.base = "http://localhost:" + port;
    }

    /** An answer: status, headers and body, with the body parsed when it is JSON. */
    record Answer(int status, HttpResponse<String> raw) {
        String body() {
            return raw.body();
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        JsonNode json() {
            try {
                return JSON.readTree(raw.body());
            } catch (IOException e) {
                throw new UncheckedIOException("Not JSON: " + raw.body(), e);
            }
        }

        /** The NGSI-LD error type of a problem-details answer, e.g. BadRequestData. */
        String errorType() {
            String type = json().path("type").asText();
            return type.substring(type.lastIndexOf('/') + 1);
        }
    }

    /** A new API key of {@code role} in {@code tenant}, made with {@code adminKey}: the test stops unless it is made. */
    String newKey(String adminKey, String tenant, String role) {
        Answer answer = post("/admin/keys", json(Map.of("tenant", tenant, "role", role)), "X-API-Key", adminKey);
        org.assertj.core.api.Assertions.assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json().get("key").asText();
    }

    /** The value of one series of the platform's Prometheus metrics, e.g. {@code name{result="hit"}}. */
    long metric(String series) {
        java.util.regex.Matcher figure = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(series)
                + " ([0-9.E]+)").matcher(get("/metrics").body());
        if (!figure.find()) {
            throw new AssertionError("No metric " + series);
        }
        return (long) Double.parseDouble(figure.group(1));
    }

    Answer get(String path, String... headers) {
        return send("GET", path, null, headers);
    }

    /** A GET whose body is kept as the bytes that came (a compressed body as it was sent). */
    HttpResponse<byte[]> getBytes(String path, String... headers) {
        return exchange(request("GET", path, null, headers), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The text of a gzipped body. */
    static String inflated(byte[] gzipped) {
        try (java.util.zip.GZIPInputStream in = new java.util.zip.GZIPInputStream(
                new java.io.ByteArrayInputStream(gzipped))) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Not gzip", e);
        }
    }

    Answer delete(String path, String... headers) {
        return send("DELETE", path, null, headers);
    }

    Answer post(String path, String body, String... headers) {
        return send("POST", path, body, withJsonDefault(headers));
    }

    Answer patch(String path, String body, String... headers) {
        return send("PATCH", path, body, withJsonDefault(headers));
    }

    Answer put(String path, String body, String... headers) {
        return send("PUT", path, body, withJsonDefault(headers));
    }

    /** Sends a request; headers are name, value pairs. */
    /**
     * Reads the path every 100 ms until it answers 200 with a body the check accepts (for what the platform does
     * asynchronously), and returns that body; fails after 30 s with the last answer.
     */
    com.fasterxml.jackson.databind.JsonNode await(String path, java.util.function.Predicate<com.fasterxml.jackson.databind.JsonNode> check,
                                                  String... headers) throws InterruptedException {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        Answer answer;
        do {
            answer = get(path, headers);
            if (answer.status() == 200 && check.test(answer.json())) {
                return answer.json();
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("Not as expected in time: " + path + " answered " + answer.status() + " " + answer.body());
    }

    Answer send(String method, String path, String body, String... headers) {
        HttpResponse<String> response = exchange(request(method, path, body, headers), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response);
    }

    private HttpRequest request(String method, String path, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return request.build();
    }

    private static <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> body) {
        try {
            return CLIENT.send(request, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String[] withJsonDefault(String[] headers) {
        for (int i = 0; i < headers.length; i += 2) {
            if (headers[i].equalsIgnoreCase("Content-Type")) {
                return headers;
            }
        }
        String[] all = new String[headers.length + 2];
        all[0] = "Content-Type";
        all[1] = "application/json";
        System.arraycopy(headers, 0, all, 2, headers.length);
        return all;
    }

    static String json(Map<String, ?> value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
