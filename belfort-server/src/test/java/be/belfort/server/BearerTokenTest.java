package be.belfort.server;

import be.belfort.security.OidcSettings;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OpenID Connect bearer tokens from a real provider (mock-oauth2-server, which signs with its own keys and
 * publishes them in its JWKS): what a token's claims grant, and every way a token can be wrong.
 */
class BearerTokenTest {
    private static final String ADMIN_KEY = "test-admin-key-0123456789";
    private static final String ISSUER = "city-sso";
    private static final String AUDIENCE = "belfort";
    private static MockOAuth2Server provider;
    private static Platform platform;
    private static Http http;

    @BeforeAll
    static void start() {
        provider = new MockOAuth2Server();
        provider.start();
        OidcSettings oidc = new OidcSettings(URI.create(provider.issuerUrl(ISSUER).toString()), AUDIENCE, null,
                "realm_access.roles", "tenants", Duration.ofSeconds(60));
        Settings settings = TestPlatform.unlimited(TestPlatform.temporaryDirectory()).withAuth(true, ADMIN_KEY)
                .withPrivateOutbound(true);
        platform = Platform.start(settings.withSecurity(settings.security().withOidc(oidc)));
        http = new Http(platform.port());
        // Nothing is declared open here: every type is restricted, readable with a reader role of the tenant.
        assertThat(createSensor("oidc-gent", "urn:ngsi-ld:Sensor:seed", "X-API-Key", ADMIN_KEY).status()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        platform.close();
        provider.shutdown();
    }

    private static String token(String issuerId, String subject, String audience, Map<String, Object> claims,
                                long expiresInSeconds) {
        return provider.issueToken(issuerId, subject, new DefaultOAuth2TokenCallback(issuerId, subject,
                JOSEObjectType.JWT.getType(), List.of(audience), claims, expiresInSeconds)).serialize();
    }

    private static String token(Map<String, Object> claims) {
        return token(ISSUER, "gateway-" + claims.hashCode(), AUDIENCE, claims, 3600);
    }

    private static Map<String, Object> roles(String... roles) {
        return Map.of("realm_access", Map.of("roles", List.of(roles)));
    }

    private static Http.Answer createSensor(String tenant, String id, String... credentials) {
        String[] headers = new String[credentials.length + 2];
        headers[0] = "NGSILD-Tenant";
        headers[1] = tenant;
        System.arraycopy(credentials, 0, headers, 2, credentials.length);
        return http.post("/ngsi-ld/v1/entities", "{\"id\": \"" + id + "\", \"type\": \"Sensor\"}", headers);
    }

    private static Http.Answer readSeed(String token) {
        return http.get("/ngsi-ld/v1/entities/urn:ngsi-ld:Sensor:seed", "NGSILD-Tenant", "oidc-gent",
                "Authorization", "Bearer " + token);
    }

    @Test
    void aTokenFromTheProvidersTokenEndpointGrantsTheRolesInItsClaims() throws Exception {
        provider.enqueueCallback(new DefaultOAuth2TokenCallback(ISSUER, "sensor-gateway", JOSEObjectType.JWT.getType(),
                List.of(AUDIENCE), Map.of("realm_access", Map.of("roles", List.of("oidc-gent:publisher", "offline_access"))),
                3600));
        HttpResponse<String> granted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(provider.tokenEndpointUrl(ISSUER).toString()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "grant_type=client_credentials&client_id=sensor-gateway&client_secret=secret&scope=belfort"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(granted.statusCode()).as(granted.body()).isEqualTo(200);
        String token = Http.JSON.readTree(granted.body()).get("access_token").asText();

        assertThat(createSensor("oidc-gent", "urn:ngsi-ld:Sensor:by-token", "Authorization", "Bearer " + token).status())
                .isEqualTo(201);
        Http.Answer elsewhere = createSensor("oidc-antwerpen", "urn:ngsi-ld:Sensor:by-token", "Authorization",
                "Bearer " + token);
        assertThat(elsewhere.status()).as("a role in another city's tenant").isEqualTo(403);
        assertThat(elsewhere.errorType()).isEqualTo("Forbidden");
        assertThat(readSeed(token).status()).as("a publisher reads its tenant").isEqualTo(200);

        String audit = http.get("/admin/audit/oidc-gent", "X-API-Key", ADMIN_KEY).body();
        assertThat(audit).as("the audit log names the token's subject").contains("oidc:sensor-gateway");
    }

    @Test
    void plainRolesHoldInTheTenantsOfTheTenantsClaim() {
        String reader = token(Map.of("realm_access", Map.of("roles", List.of("reader", "uma_authorization")),
                "tenants", List.of("oidc-gent", "oidc-brugge")));
        assertThat(readSeed(reader).status()).isEqualTo(200);
        assertThat(createSensor("oidc-gent", "urn:ngsi-ld:Sensor:reader", "Authorization", "Bearer " + reader).status())
                .as("a reader does not write").isEqualTo(403);
        assertThat(http.get("/ngsi-ld/v1/entities/urn:ngsi-ld:Sensor:seed", "NGSILD-Tenant", "oidc-gent").status())
                .as("without a token the restricted entity does not exist").isEqualTo(404);

        String otherCity = token(Map.of("realm_access", Map.of("roles", List.of("reader")), "tenants", "oidc-brugge"));
        assertThat(readSeed(otherCity).status()).as("a reader of another city").isEqualTo(404);
        assertThat(readSeed(token(roles("oidc-brugge:tenant-admin"))).status()).isEqualTo(404);
        assertThat(readSeed(token(roles("offline_access"))).status()).as("no Belfort role").isEqualTo(404);
        assertThat(readSeed(token(roles("oidc-gent:admin"))).status()).as("admin is never per tenant").isEqualTo(404);

        String admin = token(roles("admin"));
        assertThat(createSensor("oidc-leuven", "urn:ngsi-ld:Sensor:admin", "Authorization", "Bearer " + admin).status())
                .isEqualTo(201);
    }

    @Test
    void aSubscriptionMadeWithATokenReceivesWhatTheTokensRoleMayRead() {
        String reader = token(roles("oidc-gent:reader"));
        String anyone = token(roles("offline_access"));
        try (Receiver forReader = new Receiver(); Receiver forAnyone = new Receiver()) {
            for (Object[] subscriber : new Object[][] {{reader, forReader, 201}, {anyone, forAnyone, 403}}) {
                Http.Answer created = http.post("/ngsi-ld/v1/subscriptions", """
                        {"type": "Subscription", "entities": [{"type": "Sensor"}],
                         "notification": {"format": "keyValues", "endpoint": {"uri": "%s"}}}"""
                        .formatted(((Receiver) subscriber[1]).url()), "NGSILD-Tenant", "oidc-gent",
                        "Authorization", "Bearer " + subscriber[0]);
                assertThat(created.status()).as(created.body()).isEqualTo(subscriber[2]);
            }
            assertThat(http.post("/ngsi-ld/v1/entities", """
                    {"id": "urn:ngsi-ld:Sensor:notified", "type": "Sensor", "level": {"type": "Property", "value": 3}}""",
                    "NGSILD-Tenant", "oidc-gent", "X-API-Key", ADMIN_KEY).status()).isEqualTo(201);
            forReader.await(1, r -> true);
            assertThat(forReader.settle()).extracting(r -> r.body().get("data").get(0).get("id").asText())
                    .containsExactly("urn:ngsi-ld:Sensor:notified");
            assertThat(forAnyone.settle()).as("a token without a Belfort role may not subscribe").isEmpty();
        }
    }

    @Test
    void aTokenWithinTheClockSkewIsAcceptedAndOneBeyondItIsNot() {
        String justExpired = token(ISSUER, "late", AUDIENCE, roles("oidc-gent:reader"), -20);
        assertThat(readSeed(justExpired).status()).isEqualTo(200);
        String expired = token(ISSUER, "later", AUDIENCE, roles("oidc-gent:reader"), -600);
        assertRefused(readSeed(expired), "Expired");
    }

    @Test
    void everyWrongTokenIsRefusedWithA401ThatRevealsNothing() throws Exception {
        Map<String, Object> publisher = roles("oidc-gent:publisher");
        String valid = token(publisher);
        SignedJWT parsed = SignedJWT.parse(valid);
        JWTClaimsSet claims = parsed.getJWTClaimsSet();

        assertRefused(readSeed(new PlainJWT(claims).serialize()), "");
        String noneHeader = Base64URL.encode("{\"alg\":\"none\"}").toString();
        assertRefused(readSeed(noneHeader + valid.substring(valid.indexOf('.'))), "");

        JWTClaimsSet widened = new JWTClaimsSet.Builder(claims).claim("realm_access", Map.of("roles", List.of("admin")))
                .build();
        String[] parts = valid.split("\\.");
        assertRefused(readSeed(parts[0] + "." + Base64URL.encode(widened.toString()) + "." + parts[2]), "signature");

        RSAKey foreign = new RSAKeyGenerator(2048).keyID(parsed.getHeader().getKeyID()).generate();
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(foreign.getKeyID()).build(), claims);
        forged.sign(new RSASSASigner(foreign));
        assertRefused(readSeed(forged.serialize()), "");

        SignedJWT shared = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        shared.sign(new MACSigner("a shared secret that is at least 256 bits long!!"));
        assertRefused(readSeed(shared.serialize()), "");

        assertRefused(readSeed(token("other-issuer", "gateway", AUDIENCE, publisher, 3600)), "no matching key");
        Map<String, Object> otherIss = new java.util.HashMap<>(publisher);
        otherIss.put("iss", "https://sso.elsewhere.example/realms/city");
        assertRefused(readSeed(token(ISSUER, "gateway", AUDIENCE, otherIss, 3600)), "iss");
        assertRefused(readSeed(token(ISSUER, "gateway", "another-service", publisher, 3600)), "aud");
        assertRefused(readSeed("not-a-token"), "not a JWT");

        Http.Answer both = http.get("/ngsi-ld/v1/types", "X-API-Key", ADMIN_KEY, "Authorization", "Bearer " + valid);
        assertThat(both.status()).isEqualTo(400);
        assertThat(readSeed(valid).status()).as("the untouched token works").isEqualTo(200);
    }

    private static void assertRefused(Http.Answer answer, String reason) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(401);
        assertThat(answer.errorType()).isEqualTo("Unauthorized");
        assertThat(answer.json().get("detail").asText()).contains("bearer token is not valid").contains(reason)
                .doesNotContain("urn:ngsi-ld:Sensor:seed");
        assertThat(answer.header("WWW-Authenticate")).contains("Bearer").contains("invalid_token");
    }
}
