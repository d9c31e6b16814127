package be.belfort.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** User @contexts from Link headers, JSON-LD bodies, remote URLs and the context-hosting API. */
class JsonLdContextTest {
    private static final String TENANT = "jsonld-contexts";
    private static final String PARKING_CONTEXT = "{\"@context\": {\"spots\": \"https://example.org/parking#spots\","
            + " \"Garage\": \"https://example.org/parking#Garage\"}}";
    private static final Http HTTP = new Http(TestPlatform.shared().port());
    private static final AtomicInteger FETCHES = new AtomicInteger();
    private static HttpServer contextServer;

    @BeforeAll
    static void serveRemoteContexts() throws IOException {
        contextServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        contextServer.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        contextServer.createContext("/parking.jsonld", exchange -> {
            FETCHES.incrementAndGet();
            byte[] body = PARKING_CONTEXT.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/ld+json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        contextServer.createContext("/slow.jsonld", exchange -> {
            try {
                Thread.sleep(6000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        contextServer.createContext("/huge.jsonld", exchange -> {
            byte[] body = hugeContext().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/ld+json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        contextServer.createContext("/trickle.jsonld", exchange -> {
            exchange.sendResponseHeaders(200, 100_000);
            try {
                for (int i = 0; i < 100_000; i++) {
                    exchange.getResponseBody().write(' ');
                    exchange.getResponseBody().flush();
                    Thread.sleep(100);
                }
            } catch (InterruptedException | IOException e) {
                // The platform hung up, as it should.
            }
            exchange.close();
        });
        contextServer.createContext("/chain/", exchange -> {
            int n = Integer.parseInt(exchange.getRequestURI().getPath().substring("/chain/".length()));
            byte[] body = (n < 5000 ? "{\"@context\": \"/chain/" + (n + 1) + "\"}" : PARKING_CONTEXT)
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        for (String[] notContext : new String[][] {{"/not-json.jsonld", "hello"}, {"/no-context.jsonld", "{\"a\": 1}"},
                {"/array.jsonld", "[1, 2]"}}) {
            contextServer.createContext(notContext[0], exchange -> {
                byte[] body = notContext[1].getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
        }
        contextServer.createContext("/missing.jsonld", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        contextServer.start();
    }

    @AfterAll
    static void stop() {
        contextServer.stop(0);
    }

    /** An @context larger than the platform takes (512 KiB in the tests). */
    private static String hugeContext() {
        StringBuilder terms = new StringBuilder("{\"@context\": {\"t0\": \"https://example.org/t0\"");
        for (int i = 1; i < 20_000; i++) {
            terms.append(", \"t").append(i).append("\": \"https://example.org/terms/t").append(i).append('"');
        }
        return terms.append("}}").toString();
    }

    private static String remote(String name) {
        return "http://127.0.0.1:" + contextServer.getAddress().getPort() + "/" + name;
    }

    private static String link(String url) {
        return "<" + url + ">; rel=\"http://www.w3.org/ns/json-ld#context\"; type=\"application/ld+json\"";
    }

    private static String garage(String id) {
        return "{\"id\": \"" + id + "\", \"type\": \"Garage\", \"spots\": {\"type\": \"Property\", \"value\": 3}}";
    }

    @Test
    void aLinkedRemoteContextIsFetchedOnceAndDecidesTheTerms() {
        // A URL of its own: other tests fetch parking.jsonld too.
        String url = remote("parking.jsonld?fetched-once");
        int before = FETCHES.get();
        assertThat(HTTP.post("/ngsi-ld/v1/entities", garage("urn:ngsi-ld:Garage:link-1"), "Link", link(url),
                "NGSILD-Tenant", TENANT).status()).isEqualTo(201);
        assertThat(HTTP.post("/ngsi-ld/v1/entities", garage("urn:ngsi-ld:Garage:link-2"), "Link", link(url),
                "NGSILD-Tenant", TENANT).status()).isEqualTo(201);

        Http.Answer withContext = HTTP.get("/ngsi-ld/v1/entities/urn:ngsi-ld:Garage:link-1", "Link", link(url),
                "NGSILD-Tenant", TENANT);
        assertThat(withContext.json().get("type").asText()).isEqualTo("Garage");
        assertThat(withContext.json().get("spots").get("value").asInt()).isEqualTo(3);
        assertThat(withContext.header("Link")).isEqualTo(link(url));

        JsonNode coreOnly = HTTP.get("/ngsi-ld/v1/entities/urn:ngsi-ld:Garage:link-1", "NGSILD-Tenant", TENANT).json();
        assertThat(coreOnly.get("type").asText()).isEqualTo("https://example.org/parking#Garage");
        assertThat(coreOnly.has("https://example.org/parking#spots")).isTrue();
        assertThat(FETCHES.get() - before).isEqualTo(1);
        assertThat(HTTP.get("/metrics").body()).containsPattern("belfort_contexts_cache_bytes\\{cache=\"fetched\"[^}]*} [1-9]");
    }

    @Test
    void anInlineContextInAJsonLdBodyWorks() {
        String body = garage("urn:ngsi-ld:Garage:inline").replaceFirst("\\{",
                "{\"@context\": [{\"spots\": \"https://example.org/parking#spots\", \"Garage\": \"https://example.org/parking#Garage\"},"
                        + " \"https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.8.jsonld\"],");
        assertThat(HTTP.post("/ngsi-ld/v1/entities", body, "Content-Type", "application/ld+json", "NGSILD-Tenant", TENANT)
                .status()).isEqualTo(201);
        JsonNode coreOnly = HTTP.get("/ngsi-ld/v1/entities/urn:ngsi-ld:Garage:inline", "NGSILD-Tenant", TENANT).json();
        assertThat(coreOnly.get("type").asText()).isEqualTo("https://example.org/parking#Garage");
    }

    @Test
    void jsonLdPayloadsNeedTheirContextInTheBodyOnly() {
        Http.Answer missing = HTTP.post("/ngsi-ld/v1/entities", garage("urn:ngsi-ld:Garage:x1"),
                "Content-Type", "application/ld+json", "NGSILD-Tenant", TENANT);
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.errorType()).isEqualTo("BadRequestData");

        String withContext = garage("urn:ngsi-ld:Garage:x2").replaceFirst("\\{", "{\"@context\": \"" + remote("parking.jsonld") + "\",");
        Http.Answer both = HTTP.post("/ngsi-ld/v1/entities", withContext, "Content-Type", "application/ld+json",
                "Link", link(remote("parking.jsonld")), "NGSILD-Tenant", TENANT);
        assertThat(both.status()).isEqualTo(400);

        Http.Answer jsonWithContext = HTTP.post("/ngsi-ld/v1/entities", withContext, "NGSILD-Tenant", TENANT);
        assertThat(jsonWithContext.status()).isEqualTo(400);
        assertThat(jsonWithContext.errorType()).isEqualTo("BadRequestData");
    }

    @Test
    void anUnreachableOrSlowOrMissingContextIsNotAvailable() {
        // ETSI GS CIM 009 v1.8, clause 6.3.2: LdContextNotAvailable maps to 504.
        for (String url : new String[] {"http://127.0.0.1:1/ctx.jsonld", remote("slow.jsonld"), remote("missing.jsonld")}) {
            Http.Answer answer = HTTP.post("/ngsi-ld/v1/entities", garage("urn:ngsi-ld:Garage:unreachable"),
                    "Link", link(url), "NGSILD-Tenant", TENANT);
            assertThat(answer.status()).as(url).isEqualTo(504);
            assertThat(answer.errorType()).isEqualTo("LdContextNotAvailable");
        }
        assertThat(HTTP.get("/ngsi-ld/v1/entities/urn:ngsi-ld:Garage:unreachable", "NGSILD-Tenant", TENANT).status())
                .isEqualTo(404);
    }

    @Test
    void anInvalidContextIsBadRequestData() {
        Http.Answer answer = HTTP.post("/ngsi-ld/v1/entities",
                "{\"@context\": {\"x\": 5}, \"id\": \"urn:ngsi-ld:T:badctx\", \"type\": \"T\"}",
                "Content-Type", "application/ld+json", "NGSILD-Tenant", TENANT);
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.errorType()).isEqualTo("BadRequestData");
        Http.Answer badLink = HTTP.get("/ngsi-ld/v1/entities/urn:a:b", "Link", "no angle brackets", "NGSILD-Tenant", TENANT);
        assertThat(badLink.status()).isEqualTo(400);
    }

    @Test
    void aBodyTrickledByteByByteFailsWithinTheFetchTime() {
        long start = System.nanoTime();
        Http.Answer answer = HTTP.post("/ngsi-ld/v1/entities", garage("urn:ngsi-ld:Garage:trickled"),
                "Link", link(remote("trickle.jsonld")), "NGSILD-Tenant", TENANT);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(answer.status()).isEqualTo(504);
        assertThat(answer.errorType()).isEqualTo("LdContextNotAvailable");
        assertThat(answer.body()).contains("within PT2S");
        // The tests' fetch time is 2 s; the body would take 10,000 s.
        assertThat(millis).isBetween(1_500L, 5_000L);
    }

    @Test
    void remoteContextsNested5000DeepAreRefused() {
        Http.Answer answer = HTTP.post("/ngsi-ld/v1/entities", garage("urn:ngsi-ld:Garage:chain"),
                "Link", link(remote("chain/0")), "NGSILD-Tenant", TENANT);
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.errorType()).isEqualTo("BadRequestData");
        assertThat(answer.body()).contains("imports more than 32");
    }

    @Test
    void aContextUrlThePlatformMayNotFetchIsBadRequestData() {
        for (String url : new String[] {"ftp://example.org/context.jsonld", "http://127.0.0.1:99999/context.jsonld",
                "http:///context.jsonld", "mailto:someone@example.org"}) {
            Http.Answer answer = HTTP.post("/ngsi-ld/v1/entities", garage("urn:ngsi-ld:Garage:ftp"),
                    "Link", link(url), "NGSILD-Tenant", TENANT);
            assertThat(answer.status()).as(url).isEqualTo(400);
            assertThat(answer.errorType()).as(url).isEqualTo("BadRequestData");
        }
        for (String context : new String[] {"\"urn:example:context\"", "[\"http://exa mple.org/a b\", {\"x\": \"https://example.org/x\"}]",
                "[\"file:///etc/passwd\", {\"x\": \"https://example.org/x\"}]"}) {
            Http.Answer answer = HTTP.post("/ngsi-ld/v1/entities", garage("urn:ngsi-ld:Garage:nonuri").replaceFirst("\\{",
                    "{\"@context\": " + context + ","), "Content-Type", "application/ld+json", "NGSILD-Tenant", TENANT);
            assertThat(answer.status()).as(context + ": " + answer.body()).isEqualTo(400);
            assertThat(answer.errorType()).as(context).isEqualTo("BadRequestData");
        }
    }

    @Test
    void aDocumentThatIsNotAJsonLdContextIsBadRequestData() {
        for (String path : new String[] {"not-json.jsonld", "no-context.jsonld", "array.jsonld"}) {
            Http.Answer answer = HTTP.post("/ngsi-ld/v1/entities", garage("urn:ngsi-ld:Garage:notcontext"),
                    "Link", link(remote(path)), "NGSILD-Tenant", TENANT);
            assertThat(answer.status()).as(path).isEqualTo(400);
            assertThat(answer.errorType()).as(path).isEqualTo("BadRequestData");
            assertThat(answer.body()).as(path).contains("is not a JSON-LD context");
        }
    }

    @Test
    void aJsonLdAttributeBodyCarriesItsContext() {
        String id = "urn:ngsi-ld:Garage:attr-context";
        assertThat(HTTP.post("/ngsi-ld/v1/entities", garage(id), "Link", link(remote("parking.jsonld")),
                "NGSILD-Tenant", TENANT).status()).isEqualTo(201);
        String context = "\"@context\": [\"" + remote("parking.jsonld") + "\", \"" + "https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.8.jsonld\"]";
        // Clause 6.7.3.1 (partial attribute update) and 6.7.3.3 (attribute replacement), in JSON-LD.
        Http.Answer patched = HTTP.patch("/ngsi-ld/v1/entities/" + id + "/attrs/spots", "{" + context + ", \"value\": 5}",
                "Content-Type", "application/ld+json", "NGSILD-Tenant", TENANT);
        assertThat(patched.status()).as(patched.body()).isEqualTo(204);
        Http.Answer replaced = HTTP.put("/ngsi-ld/v1/entities/" + id + "/attrs/spots",
                "{" + context + ", \"type\": \"Property\", \"value\": 7}",
                "Content-Type", "application/ld+json", "NGSILD-Tenant", TENANT);
        assertThat(replaced.status()).as(replaced.body()).isEqualTo(204);
        Http.Answer appended = HTTP.post("/ngsi-ld/v1/entities/" + id + "/attrs",
                "{" + context + ", \"spots\": {\"type\": \"Property\", \"value\": 8}}",
                "Content-Type", "application/ld+json", "NGSILD-Tenant", TENANT);
        assertThat(appended.status()).as(appended.body()).isEqualTo(204);
        Http.Answer read = HTTP.get("/ngsi-ld/v1/entities/" + id, "Link", link(remote("parking.jsonld")),
                "NGSILD-Tenant", TENANT);
        assertThat(read.json().get("spots").get("value").asInt()).isEqualTo(8);
        assertThat(read.json().get("spots").has("@context")).isFalse();
    }

    @Test
    void everyStandardCoreContextUrlIsKnownWithoutNetwork() {
        for (String version : new String[] {"", "-v1.6", "-v1.7", "-v1.8", "-v1.9"}) {
            String url = "https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context" + version + ".jsonld";
            Http.Answer answer = HTTP.post("/ngsi-ld/v1/entities", garage("urn:ngsi-ld:Garage:core" + version),
                    "Link", link(url), "NGSILD-Tenant", TENANT);
            assertThat(answer.status()).as(url).isEqualTo(201);
        }
    }

    @Test
    void hostedContextsCanBeAddedServedListedUsedAndDeleted() {
        Http.Answer added = HTTP.post("/ngsi-ld/v1/jsonldContexts", PARKING_CONTEXT);
        assertThat(added.status()).isEqualTo(201);
        String path = added.header("Location");
        assertThat(path).startsWith("/ngsi-ld/v1/jsonldContexts/");
        String url = "http://localhost:" + TestPlatform.shared().port() + path;

        Http.Answer served = HTTP.get(path);
        assertThat(served.status()).isEqualTo(200);
        assertThat(served.header("Content-Type")).startsWith("application/json");
        assertThat(served.json()).isEqualTo(Http.JSON.valueToTree(parse(PARKING_CONTEXT)));

        assertThat(HTTP.get("/ngsi-ld/v1/jsonldContexts").json().toString()).contains(path);
        JsonNode details = HTTP.get("/ngsi-ld/v1/jsonldContexts?details=true&kind=Hosted").json();
        assertThat(details.findValuesAsText("kind")).contains("Hosted");

        assertThat(HTTP.post("/ngsi-ld/v1/entities", garage("urn:ngsi-ld:Garage:hosted"), "Link", link(url),
                "NGSILD-Tenant", TENANT).status()).isEqualTo(201);
        assertThat(HTTP.get("/ngsi-ld/v1/entities/urn:ngsi-ld:Garage:hosted", "NGSILD-Tenant", TENANT).json()
                .get("type").asText()).isEqualTo("https://example.org/parking#Garage");

        assertThat(HTTP.delete(path).status()).isEqualTo(204);
        assertThat(HTTP.get(path).status()).isEqualTo(404);
        assertThat(HTTP.delete(path).status()).isEqualTo(404);
    }

    @Test
    void cachedRemoteContextsAreListedServedByTheirUrlAndReloaded() {
        String url = remote("parking.jsonld");
        assertThat(HTTP.post("/ngsi-ld/v1/entities", garage("urn:ngsi-ld:Garage:cached"), "Link", link(url),
                "NGSILD-Tenant", TENANT).status()).isEqualTo(201);
        assertThat(HTTP.get("/ngsi-ld/v1/jsonldContexts?kind=Cached").json().toString()).contains(url);
        JsonNode info = null;
        for (JsonNode entry : HTTP.get("/ngsi-ld/v1/jsonldContexts?kind=Cached&details=true").json()) {
            if (entry.path("URL").asText().equals(url)) {
                info = entry;
            }
        }
        assertThat(info).isNotNull();
        assertThat(info.get("kind").asText()).isEqualTo("Cached");
        assertThat(info.get("localId").asText()).isEqualTo(url);
        assertThat(info.has("createdAt")).isTrue();
        assertThat(info.has("lastUsage")).isTrue();
        assertThat(info.get("numberOfHits").asLong()).isPositive();

        String byUrl = "/ngsi-ld/v1/jsonldContexts/" + java.net.URLEncoder.encode(url, StandardCharsets.UTF_8);
        Http.Answer served = HTTP.get(byUrl);
        assertThat(served.status()).as(served.body()).isEqualTo(200);
        assertThat(served.header("Content-Type")).startsWith("application/json");
        assertThat(served.json()).isEqualTo(parse(PARKING_CONTEXT));
        assertThat(HTTP.get(byUrl + "?details=true").json().get("kind").asText()).isEqualTo("Cached");

        int before = FETCHES.get();
        assertThat(HTTP.delete(byUrl + "?reload=true").status()).isEqualTo(204);
        assertThat(FETCHES.get()).isEqualTo(before + 1);
        assertThat(HTTP.get(byUrl).status()).isEqualTo(200);

        Http.Answer badDetails = HTTP.get("/ngsi-ld/v1/jsonldContexts?details=maybe");
        assertThat(badDetails.status()).isEqualTo(400);
        assertThat(badDetails.errorType()).isEqualTo("BadRequestData");
        String hosted = HTTP.post("/ngsi-ld/v1/jsonldContexts", PARKING_CONTEXT).header("Location");
        Http.Answer reloadHosted = HTTP.delete(hosted + "?reload=true");
        assertThat(reloadHosted.status()).isEqualTo(400);
        assertThat(reloadHosted.errorType()).isEqualTo("BadRequestData");
        assertThat(HTTP.get(hosted + "?details=true").json().get("kind").asText()).isEqualTo("Hosted");
    }

    @Test
    void oversizedContextsAreRefusedWhetherHostedOrFetched() {
        assertThat(hugeContext().length()).isGreaterThan(512 * 1024);
        Http.Answer hosted = HTTP.post("/ngsi-ld/v1/jsonldContexts", hugeContext());
        assertThat(hosted.status()).as(hosted.body()).isEqualTo(413);
        assertThat(hosted.errorType()).isEqualTo("PayloadTooLarge");
        Http.Answer fetched = HTTP.post("/ngsi-ld/v1/entities", garage("urn:ngsi-ld:Garage:huge"),
                "Link", link(remote("huge.jsonld")));
        assertThat(fetched.status()).isEqualTo(400);
        assertThat(fetched.errorType()).isEqualTo("BadRequestData");
        assertThat(fetched.body()).contains("larger than");
    }

    @Test
    void hostingRejectsWhatIsNotAContext() {
        assertThat(HTTP.post("/ngsi-ld/v1/jsonldContexts", "[1, 2]").status()).isEqualTo(400);
        assertThat(HTTP.post("/ngsi-ld/v1/jsonldContexts", "{\"no\": \"context\"}").status()).isEqualTo(400);
        assertThat(HTTP.post("/ngsi-ld/v1/jsonldContexts", "{\"@context\": {\"x\": 5}}").status()).isEqualTo(400);
        assertThat(HTTP.get("/ngsi-ld/v1/jsonldContexts/..%2F..%2Fetc%2Fpasswd").status()).isEqualTo(404);
    }

    private static JsonNode parse(String json) {
        try {
            return Http.JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
