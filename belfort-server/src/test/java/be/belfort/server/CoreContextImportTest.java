package be.belfort.server;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A user @context that imports a versioned NGSI-LD core context, as projects publish their compound
 * contexts (ETSI GS CIM 009 clause 5.5.7: the core context may be given by the client, and applies
 * last), works whatever the version and however the context reaches the platform.
 */
class CoreContextImportTest {
    private static final String TENANT = "core-context-imports";
    private static final String TERMS = "{\"@context\": {\"spots\": \"https://example.org/parking#spots\","
            + " \"Garage\": \"https://example.org/parking#Garage\"}}";
    private static final Http HTTP = new Http(TestPlatform.shared().port());
    private static HttpServer contextServer;

    @BeforeAll
    static void serveContexts() throws IOException {
        contextServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        contextServer.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        contextServer.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String body;
            if (path.equals("/terms.jsonld")) {
                body = TERMS;
            } else if (path.startsWith("/compound/")) {
                body = "{\"@context\": [\"" + remote("/terms.jsonld") + "\", \"" + core(version(path)) + "\"]}";
            } else if (path.startsWith("/nested/")) {
                body = "{\"@context\": [\"" + remote("/compound/" + version(path)) + "\"]}";
            } else {
                body = null;
            }
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/ld+json");
                exchange.sendResponseHeaders(200, bytes.length);
                exchange.getResponseBody().write(bytes);
            }
            exchange.close();
        });
        contextServer.start();
    }

    @AfterAll
    static void stop() {
        contextServer.stop(0);
    }

    private static String version(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static String core(String version) {
        return "https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context" + (version.equals("unversioned") ? "" : "-" + version)
                + ".jsonld";
    }

    private static String remote(String path) {
        return "http://127.0.0.1:" + contextServer.getAddress().getPort() + path;
    }

    private static String link(String url) {
        return "<" + url + ">; rel=\"http://www.w3.org/ns/json-ld#context\"; type=\"application/ld+json\"";
    }

    private static String garage(String id, String context) {
        return "{" + (context == null ? "" : "\"@context\": " + context + ", ") + "\"id\": \"" + id
                + "\", \"type\": \"Garage\", \"spots\": {\"type\": \"Property\", \"value\": 3}}";
    }

    private static String hosted(String contextJson) {
        Http.Answer added = HTTP.post("/ngsi-ld/v1/jsonldContexts", contextJson);
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        return "http://localhost:" + TestPlatform.shared().port() + added.header("Location");
    }

    @ParameterizedTest
    @ValueSource(strings = {"unversioned", "v1.3", "v1.4", "v1.5", "v1.6", "v1.7", "v1.8", "v1.9"})
    void everyWayOfImportingTheCoreContextIsAccepted(String version) {
        String core = "\"" + core(version) + "\"";
        String compound = "[\"" + remote("/terms.jsonld") + "\", " + core + "]";
        String hostedCompound = hosted("{\"@context\": " + compound + "}");
        Map<String, String[]> ways = new LinkedHashMap<>();
        ways.put("inline terms and the core in the body", new String[] {
                "[{\"spots\": \"https://example.org/parking#spots\", \"Garage\": \"https://example.org/parking#Garage\"}, "
                        + core + "]", null});
        ways.put("remote terms and the core in the body", new String[] {compound, null});
        ways.put("a remote compound context in the body", new String[] {"\"" + remote("/compound/" + version) + "\"", null});
        ways.put("a remote compound context in a Link header", new String[] {null, remote("/compound/" + version)});
        ways.put("a remote context importing a compound one", new String[] {null, remote("/nested/" + version)});
        ways.put("a hosted compound context in a Link header", new String[] {null, hostedCompound});
        ways.put("a hosted compound context and the core in the body", new String[] {
                "[\"" + hostedCompound + "\", " + core + "]", null});
        int n = 0;
        for (Map.Entry<String, String[]> way : ways.entrySet()) {
            String id = "urn:ngsi-ld:Garage:" + version + "-" + n++;
            String bodyContext = way.getValue()[0];
            String linked = way.getValue()[1];
            Http.Answer created = bodyContext != null
                    ? HTTP.post("/ngsi-ld/v1/entities", garage(id, bodyContext), "Content-Type", "application/ld+json",
                            "NGSILD-Tenant", TENANT)
                    : HTTP.post("/ngsi-ld/v1/entities", garage(id, null), "Link", link(linked), "NGSILD-Tenant", TENANT);
            assertThat(created.status()).as(version + ", " + way.getKey() + ": " + created.body()).isEqualTo(201);
            Http.Answer read = HTTP.get("/ngsi-ld/v1/entities/" + id, "NGSILD-Tenant", TENANT);
            assertThat(read.json().get("type").asText()).as(way.getKey()).isEqualTo("https://example.org/parking#Garage");
            assertThat(read.json().has("https://example.org/parking#spots")).as(way.getKey()).isTrue();
        }
    }
}
