package be.belfort.server;

import be.belfort.security.OidcSettings;
import com.nimbusds.jose.JOSEObjectType;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signing in to the console through a real OpenID provider (mock-oauth2-server): the authorization code flow
 * with PKCE, the roles of the token as the API reads them, and a callback that was not asked for refused.
 */
class ConsoleOidcTest {
    private static final String ISSUER = "city-sso";
    private static final String CLIENT = "belfort";

    private static MockOAuth2Server provider;
    private static Platform platform;

    @BeforeAll
    static void start() {
        provider = new MockOAuth2Server();
        provider.start();
        OidcSettings oidc = new OidcSettings(URI.create(provider.issuerUrl(ISSUER).toString()), CLIENT, null,
                "realm_access.roles", "tenants", Duration.ofSeconds(60));
        Settings settings = TestPlatform.unlimited(TestPlatform.temporaryDirectory()).withAuth(true, null);
        platform = Platform.start(settings.withSecurity(settings.security().withOidc(oidc))
                .with(copy -> copy.console = copy.console.withOidcClient(CLIENT, "console-secret")));
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
        provider.shutdown();
    }

    @Test
    void aPersonSignsInAtTheProviderAndComesBackToThePageAskedWithTheRolesOfTheirToken() {
        provider.enqueueCallback(new DefaultOAuth2TokenCallback(ISSUER, "city-staff", JOSEObjectType.JWT.getType(),
                List.of(CLIENT), Map.of("realm_access", Map.of("roles", List.of("oidc-gent:tenant-admin"))), 3600));
        ConsoleSession browser = new ConsoleSession(platform.port());
        assertThat(browser.get("/console/sign-in").body()).contains("id=\"sign-in-oidc\"");

        HttpResponse<String> start = browser.get("/console/oidc/start?return=%2Fconsole%2Fcities%2Foidc-gent%2Fkeys");
        assertThat(start.statusCode()).isEqualTo(303);
        URI authorize = URI.create(start.headers().firstValue("Location").orElseThrow());
        assertThat(authorize.toString()).startsWith(provider.authorizationEndpointUrl(ISSUER).toString())
                .contains("code_challenge_method=S256", "code_challenge=", "state=", "nonce=", "client_id=belfort");

        HttpResponse<String> atProvider = browser.get(authorize);
        assertThat(atProvider.statusCode()).as(atProvider.body()).isEqualTo(302);
        URI callback = URI.create(atProvider.headers().firstValue("Location").orElseThrow());
        assertThat(callback.getPath()).isEqualTo("/console/oidc/callback");

        HttpResponse<String> back = browser.get(callback);
        assertThat(back.statusCode()).as(back.body()).isEqualTo(200);
        assertThat(back.body()).contains("url=/console/cities/oidc-gent/keys");
        HttpResponse<String> page = browser.get("/console/cities/oidc-gent/keys");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Aangemeld als oidc:city-staff");
        assertThat(browser.get("/console/cities/oidc-brugge/keys").statusCode()).isEqualTo(404);
        assertThat(browser.get("/console/health").statusCode()).isEqualTo(404);

        assertThat(browser.get(callback).statusCode()).as("a code is good for one sign-in").isEqualTo(401);
    }

    @Test
    void signingOutEndsTheSessionAtTheProviderTooAndComesBackToTheSignInPage() throws Exception {
        provider.enqueueCallback(new DefaultOAuth2TokenCallback(ISSUER, "city-leaver", JOSEObjectType.JWT.getType(),
                List.of(CLIENT), Map.of("realm_access", Map.of("roles", List.of("oidc-gent:tenant-admin"))), 3600));
        ConsoleSession browser = new ConsoleSession(platform.port());
        URI authorize = URI.create(browser.get("/console/oidc/start").headers().firstValue("Location").orElseThrow());
        URI callback = URI.create(browser.get(authorize).headers().firstValue("Location").orElseThrow());
        assertThat(browser.get(callback).statusCode()).isEqualTo(200);
        assertThat(browser.get("/console").statusCode()).isEqualTo(200);

        HttpResponse<String> signedOut = browser.submit("/console/sign-out");
        assertThat(signedOut.statusCode()).as(signedOut.body()).isEqualTo(200);
        java.util.regex.Matcher link = java.util.regex.Pattern.compile("id=\"sign-out-provider\" href=\"([^\"]+)\"|href=\"([^\"]+)\" id=\"sign-out-provider\"")
                .matcher(signedOut.body());
        assertThat(link.find()).as(signedOut.body()).isTrue();
        URI endSession = URI.create((link.group(1) != null ? link.group(1) : link.group(2)).replace("&amp;", "&"));
        assertThat(endSession.toString()).startsWith(provider.endSessionEndpointUrl(ISSUER).toString());
        String idTokenHint = query(endSession, "id_token_hint");
        assertThat(com.nimbusds.jwt.SignedJWT.parse(idTokenHint).getJWTClaimsSet().getSubject()).isEqualTo("city-leaver");
        assertThat(query(endSession, "post_logout_redirect_uri")).isEqualTo("http://localhost:" + platform.port()
                + "/console/sign-in");
        assertThat(browser.get("/console").statusCode()).as("the console's session ended at once").isEqualTo(303);

        HttpResponse<String> atProvider = browser.get(endSession);
        assertThat(atProvider.statusCode()).as(atProvider.body()).isEqualTo(302);
        assertThat(atProvider.headers().firstValue("Location")).hasValue("http://localhost:" + platform.port()
                + "/console/sign-in");
    }

    private static String query(URI uri, String name) {
        for (String pair : uri.getRawQuery().split("&")) {
            int equals = pair.indexOf('=');
            if (pair.substring(0, equals).equals(name)) {
                return java.net.URLDecoder.decode(pair.substring(equals + 1), java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError("no " + name + " in " + uri);
    }

    @Test
    void aCallbackThisBrowserDidNotAskForIsRefused() {
        ConsoleSession browser = new ConsoleSession(platform.port());
        HttpResponse<String> forged = browser.get("/console/oidc/callback?code=stolen&state=guessed");
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(browser.get("/console").statusCode()).isEqualTo(303);

        browser.get("/console/oidc/start");
        HttpResponse<String> wrongState = browser.get("/console/oidc/callback?code=stolen&state=guessed");
        assertThat(wrongState.statusCode()).isEqualTo(401);
        assertThat(browser.get("/console").statusCode()).isEqualTo(303);
    }
}
