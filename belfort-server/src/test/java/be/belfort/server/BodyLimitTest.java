package be.belfort.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** --max-body-size holds whatever the transfer encoding, and is enforced while the body is read. */
class BodyLimitTest {
    private static final String TENANT = "body-limit";
    private final int port = TestPlatform.shared().port();

    private static String chunk(int size) {
        char[] filler = new char[size];
        Arrays.fill(filler, ' ');
        return Integer.toHexString(size) + "\r\n" + new String(filler) + "\r\n";
    }

    private static String head(String method, String extra) {
        return method + " /ngsi-ld/v1/entities HTTP/1.1\r\nHost: localhost\r\nNGSILD-Tenant: " + TENANT
                + "\r\nContent-Type: application/json\r\n" + extra + "\r\n";
    }

    private static void assertProblem(RawHttp.Answer answer, int status, String type) throws IOException {
        assertThat(answer.status()).as(answer.headers() + answer.body()).isEqualTo(status);
        assertThat(answer.headers().toLowerCase()).contains("content-type: application/json");
        JsonNode problem = Http.JSON.readTree(answer.body());
        assertThat(problem.path("type").asText()).endsWith("/" + type);
        assertThat(problem.path("detail").asText()).isNotBlank();
    }

    @Test
    void aChunkedBodyOverTheLimitIsRefusedOnceTheLimitIsPassedWithoutWaitingForTheRest() throws IOException {
        try (RawHttp raw = new RawHttp(port)) {
            raw.send(head("POST", "Transfer-Encoding: chunked\r\n"));
            raw.send("1\r\n{\r\n");
            long sent = 1;
            while (sent <= TestPlatform.MAX_BODY_BYTES + 16 * 1024 && raw.send(chunk(8 * 1024))) {
                sent += 8 * 1024;
            }
            // The body never ends: a server that reads it whole would never answer.
            RawHttp.Answer answer = raw.read();
            assertProblem(answer, 413, "PayloadTooLarge");
            assertThat(Http.JSON.readTree(answer.body()).path("detail").asText()).contains(
                    Long.toString(TestPlatform.MAX_BODY_BYTES));
            assertThat(answer.headers().toLowerCase()).contains("connection: close");
        }
    }

    @Test
    void aChunkedBodyWithinTheLimitIsRead() throws Exception {
        String entity = "{\"id\": \"urn:ngsi-ld:T:chunked\", \"type\": \"T\", \"a\": {\"type\": \"Property\", \"value\": 1}}";
        HttpResponse<String> answer = sendChunked(new java.io.ByteArrayInputStream(entity.getBytes(StandardCharsets.UTF_8)));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
    }

    @Test
    void aCompleteChunkedBodyOverTheLimitIsRefused() throws Exception {
        byte[] padding = new byte[(int) TestPlatform.MAX_BODY_BYTES];
        Arrays.fill(padding, (byte) ' ');
        InputStream body = new SequenceInputStream(new java.io.ByteArrayInputStream(
                "{\"id\": \"urn:ngsi-ld:T:chunked-big\", \"type\": \"T\"".getBytes(StandardCharsets.UTF_8)),
                new SequenceInputStream(new java.io.ByteArrayInputStream(padding),
                        new java.io.ByteArrayInputStream("}".getBytes(StandardCharsets.UTF_8))));
        try {
            HttpResponse<String> answer = sendChunked(body);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(413);
        } catch (IOException closedWhileSending) {
            // The server may close the connection before the client has sent the whole body; then the
            // entity must not exist.
        }
        assertThat(new Http(port).get("/ngsi-ld/v1/entities/urn:ngsi-ld:T:chunked-big", "NGSILD-Tenant", TENANT)
                .status()).isEqualTo(404);
    }

    @Test
    void anOversizedContentLengthWithExpectContinueGets413NotContinue() throws IOException {
        try (RawHttp raw = new RawHttp(port)) {
            raw.send(head("POST", "Content-Length: " + (TestPlatform.MAX_BODY_BYTES + 1) + "\r\nExpect: 100-continue\r\n"));
            assertProblem(raw.read(), 413, "PayloadTooLarge");
        }
        try (RawHttp raw = new RawHttp(port)) {
            // Beyond what an int holds: Content-Length is compared as a long.
            raw.send(head("POST", "Content-Length: 5000000000\r\nExpect: 100-continue\r\n"));
            assertProblem(raw.read(), 413, "PayloadTooLarge");
        }
    }

    @Test
    void aBodyWithinTheLimitIsStillInvitedByExpectContinue() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/ngsi-ld/v1/entities"))
                .timeout(Duration.ofSeconds(30)).expectContinue(true)
                .header("Content-Type", "application/json").header("NGSILD-Tenant", TENANT)
                .POST(HttpRequest.BodyPublishers.ofString("{\"id\": \"urn:ngsi-ld:T:continued\", \"type\": \"T\"}"))
                .build();
        HttpResponse<String> answer = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
    }

    @Test
    void aMalformedChunkSizeIsABadRequest() throws IOException {
        try (RawHttp raw = new RawHttp(port)) {
            raw.send(head("POST", "Transfer-Encoding: chunked\r\n") + "zz\r\n{}\r\n0\r\n\r\n");
            assertProblem(raw.read(), 400, "InvalidRequest");
        }
        try (RawHttp raw = new RawHttp(port)) {
            raw.send(head("POST", "Transfer-Encoding: chunked\r\n") + "2\r\n{}\r\nffffffffffffffffffff\r\n");
            assertProblem(raw.read(), 400, "InvalidRequest");
        }
    }

    private HttpResponse<String> sendChunked(InputStream body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/ngsi-ld/v1/entities"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("NGSILD-Tenant", TENANT)
                // A body of unknown length is sent chunked.
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> body))
                .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }
}
