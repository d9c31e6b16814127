package be.belfort.server;

import be.belfort.security.OidcSettings;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every read path, for every access level and every kind of principal: the test fails if any combination
 * shows data it should not, or hides data it should show.
 */
class AccessMatrixTest {
    private static final String ADMIN_KEY = "matrix-admin-key-0123456789";
    private static final String TENANT = "matrix";
    /** Entity type to its access level; each type has an entity and an attribute of its own. */
    private static final Map<String, String> LEVELS = Map.of("OpenThing", "open", "RestrictedThing", "restricted",
            "PersonalThing", "personal");
    private static final Map<String, String> PRINCIPALS = new LinkedHashMap<>();
    private static final String TOKEN = " (token)";
    private static MockOAuth2Server provider;
    private static Platform platform;
    private static Http http;

    @BeforeAll
    static void start() throws InterruptedException {
        provider = new MockOAuth2Server();
        provider.start();
        Settings settings = TestPlatform.unlimited(TestPlatform.temporaryDirectory()).withAuth(true, ADMIN_KEY);
        platform = Platform.start(settings.withSecurity(settings.security().withOidc(new OidcSettings(
                URI.create(provider.issuerUrl("matrix-sso").toString()), "belfort", null, "roles", "tenants",
                Duration.ofSeconds(60)))));
        http = new Http(platform.port());
        PRINCIPALS.put("anonymous", null);
        PRINCIPALS.put("admin", ADMIN_KEY);
        for (String role : List.of("reader", "publisher", "tenant-admin")) {
            PRINCIPALS.put(role, key(TENANT, role));
            PRINCIPALS.put(role + " of another tenant", key("matrix-other", role));
        }
        // The same roles from OpenID Connect tokens, in both ways a token can name its tenant.
        PRINCIPALS.put("admin" + TOKEN, token(Map.of("roles", List.of("admin"))));
        PRINCIPALS.put("reader" + TOKEN, token(Map.of("roles", List.of(TENANT + ":reader"))));
        PRINCIPALS.put("publisher" + TOKEN, token(Map.of("roles", List.of("publisher"), "tenants", List.of(TENANT))));
        PRINCIPALS.put("publisher of another tenant" + TOKEN, token(Map.of("roles", List.of("matrix-other:publisher"))));
        PRINCIPALS.put("no role" + TOKEN, token(Map.of("roles", List.of("offline_access"), "tenants", TENANT)));
        awaitSigningKeys();
        String publisher = PRINCIPALS.get("publisher");
        for (String type : LEVELS.keySet()) {
            assertThat(http.post("/ngsi-ld/v1/entities", """
                    {"id": "urn:ngsi-ld:%s:1", "type": "%s", "%sValue": {"type": "Property", "value": 1}}"""
                    .formatted(type, type, type.toLowerCase()), "NGSILD-Tenant", TENANT, "X-API-Key", publisher).status())
                    .isEqualTo(201);
            String body = LEVELS.get(type).equals("open") ? "{\"accessLevel\": \"open\", " + OpenDataTest.METADATA + "}"
                    : "{\"accessLevel\": \"" + LEVELS.get(type) + "\"}";
            assertThat(http.put("/admin/datasets/" + TENANT + "/" + type, body, "X-API-Key", ADMIN_KEY).status()).isIn(200, 201);
        }
    }

    @AfterAll
    static void stop() {
        platform.close();
        provider.shutdown();
    }

    /**
     * The platform fetches the provider's signing keys on the first token it sees. On a loaded machine the mock
     * provider may answer that first fetch too late (the token is then refused, rightly); the matrix is about roles,
     * so it starts once a token is accepted.
     */
    private static void awaitSigningKeys() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        int status;
        do {
            status = http.get("/admin/keys", "Authorization", PRINCIPALS.get("admin" + TOKEN)).status();
            if (status == 200) {
                return;
            }
            Thread.sleep(500);
        } while (System.nanoTime() < deadline);
        assertThat(status).as("a token of the test's provider is accepted within 90 s").isEqualTo(200);
    }

    /** An access token from the test's OpenID provider, as the Authorization header value. */
    private static String token(Map<String, Object> claims) {
        return "Bearer " + provider.issueToken("matrix-sso", "subject-" + claims.hashCode(), new DefaultOAuth2TokenCallback(
                "matrix-sso", "subject-" + claims.hashCode(), "JWT", List.of("belfort"), claims, 3600)).serialize();
    }

    private static String key(String tenant, String role) {
        return http.newKey(ADMIN_KEY, tenant, role);
    }

    /** Who may see a level: open for all; restricted for the tenant's readers and up; personal for its publishers and up. */
    private static boolean maySee(String name, String level) {
        String principal = name.replace(TOKEN, "");
        return switch (level) {
            case "open" -> true;
            case "restricted" -> Set.of("admin", "reader", "publisher", "tenant-admin").contains(principal);
            default -> Set.of("admin", "publisher", "tenant-admin").contains(principal);
        };
    }

    private static Http.Answer read(String method, String path, String body, String key) {
        List<String> headers = new ArrayList<>(List.of("NGSILD-Tenant", TENANT));
        if (key != null) {
            headers.addAll(key.startsWith("Bearer ") ? List.of("Authorization", key) : List.of("X-API-Key", key));
        }
        if (body != null) {
            headers.addAll(List.of("Content-Type", "application/json"));
        }
        return http.send(method, path, body, headers.toArray(String[]::new));
    }

    @Test
    void noReadPathShowsWhatItShouldNotNorHidesWhatItShould() {
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, String> principal : PRINCIPALS.entrySet()) {
            for (Map.Entry<String, String> type : LEVELS.entrySet()) {
                String name = type.getKey();
                String id = "urn:ngsi-ld:" + name + ":1";
                String attribute = name.toLowerCase() + "Value";
                boolean expected = maySee(principal.getKey(), type.getValue());
                Map<String, Boolean> seen = new LinkedHashMap<>();
                seen.put("GET /entities/{id}", read("GET", "/ngsi-ld/v1/entities/" + id, null, principal.getValue()).status() == 200);
                seen.put("GET /entities?type", read("GET", "/ngsi-ld/v1/entities?type=" + name, null, principal.getValue())
                        .body().contains(id));
                seen.put("GET /entities?idPattern", read("GET", "/ngsi-ld/v1/entities?idPattern=.*", null, principal.getValue())
                        .body().contains(id));
                seen.put("GET /entities?attrs", read("GET", "/ngsi-ld/v1/entities?attrs=" + attribute, null, principal.getValue())
                        .body().contains(id));
                seen.put("POST /entityOperations/query", read("POST", "/ngsi-ld/v1/entityOperations/query",
                        "{\"type\": \"Query\", \"entities\": [{\"type\": \"" + name + "\"}]}", principal.getValue()).body().contains(id));
                seen.put("GET /temporal/entities/{id}", read("GET", "/ngsi-ld/v1/temporal/entities/" + id, null,
                        principal.getValue()).status() == 200);
                seen.put("GET /temporal/entities?type", read("GET", "/ngsi-ld/v1/temporal/entities?type=" + name, null,
                        principal.getValue()).body().contains(id));
                seen.put("POST /temporal/entityOperations/query", read("POST", "/ngsi-ld/v1/temporal/entityOperations/query",
                        "{\"type\": \"Query\", \"entities\": [{\"type\": \"" + name + "\"}]}", principal.getValue()).body().contains(id));
                seen.put("GET /types", read("GET", "/ngsi-ld/v1/types", null, principal.getValue()).body().contains(name));
                seen.put("GET /types?details", read("GET", "/ngsi-ld/v1/types?details=true", null, principal.getValue())
                        .body().contains(name));
                seen.put("GET /types/{type}", read("GET", "/ngsi-ld/v1/types/" + name, null, principal.getValue()).status() == 200);
                seen.put("GET /attributes", read("GET", "/ngsi-ld/v1/attributes", null, principal.getValue()).body().contains(attribute));
                seen.put("GET /attributes?details", read("GET", "/ngsi-ld/v1/attributes?details=true", null, principal.getValue())
                        .body().contains(attribute));
                seen.put("GET /attributes/{attr}", read("GET", "/ngsi-ld/v1/attributes/" + attribute, null,
                        principal.getValue()).status() == 200);
                seen.forEach((path, shown) -> {
                    if (shown != expected) {
                        wrong.add(principal.getKey() + " / " + type.getValue() + " / " + path + ": " + (shown ? "shown" : "hidden"));
                    }
                });
                // The open-data paths show open datasets only, whoever asks.
                boolean open = type.getValue().equals("open");
                Map<String, Boolean> published = new LinkedHashMap<>();
                published.put("/catalog", read("GET", "/catalog", null, principal.getValue()).body().contains("/" + name + ">"));
                published.put("/datasets/…/latest.csv", read("GET", "/datasets/" + TENANT + "/" + name + "/latest.csv", null,
                        principal.getValue()).status() == 200);
                published.put("/datasets/…/ldes", read("GET", "/datasets/" + TENANT + "/" + name + "/ldes", null,
                        principal.getValue()).status() == 200);
                published.forEach((path, shown) -> {
                    if (shown != open) {
                        wrong.add(principal.getKey() + " / " + type.getValue() + " / " + path + ": " + (shown ? "shown" : "hidden"));
                    }
                });
            }
        }
        assertThat(wrong).as("combinations that leak or hide").isEmpty();
    }
}
