package be.belfort.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A command's call to a running platform's HTTP API with a key: the answer's JSON, or the platform's refusal
 * said in one line on stderr. Commands go through the API so that every change is checked and audited.
 */
final class PlatformClient {
    static final ObjectMapper JSON = new ObjectMapper();

    private PlatformClient() {
    }

    /**
     * The answer's JSON body, or an explanation on stderr and null when the platform refused.
     *
     * @param key the API key, or null for a platform without access control
     * @param headers more request headers, as name, value pairs
     */
    static JsonNode send(CommandSpec spec, URI url, String key, String method, String path, String contentType,
                         String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (key != null && !key.isBlank()) {
            request.header("X-API-Key", key);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()) {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode answer = response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
            if (response.statusCode() >= 400) {
                spec.commandLine().getErr().println("belfort: " + response.statusCode() + " "
                        + answer.path("title").asText("") + ": " + answer.path("detail").asText(response.body()));
                return null;
            }
            return answer;
        } catch (IOException e) {
            throw new IllegalArgumentException("the platform at " + url + " could not be reached: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
