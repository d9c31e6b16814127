package be.belfort.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class OidcSignInTest {

    @Test
    void theChallengeIsTheS256OfTheVerifierAsRfc7636Shows() {
        // RFC 7636, appendix B
        assertThat(OidcSignIn.challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"))
                .isEqualTo("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    }

    @Test
    void signingOutGoesToTheProvidersEndSessionEndpointWithTheIdTokenAndTheWayBack() throws IOException {
        Optional<URI> logout = logoutAt(", \"end_session_endpoint\": \"%s/logout?realm=city\"");
        assertThat(logout).hasValueSatisfying(uri -> {
            assertThat(uri.getPath()).isEqualTo("/logout");
            assertThat(uri.getQuery()).isEqualTo("realm=city&id_token_hint=the.id.token&client_id=belfort"
                    + "&post_logout_redirect_uri=https://data.stad.gent/console/sign-in");
        });
    }

    @Test
    void aProviderWithoutAnEndSessionEndpointLeavesALocalSignOut() throws IOException {
        assertThat(logoutAt("")).isEmpty();
    }

    @Test
    void aProviderThatCannotBeReachedLeavesALocalSignOut() {
        OidcSignIn oidc = new OidcSignIn(URI.create("http://127.0.0.1:9/realm"), "belfort", null, null, new ObjectMapper());
        assertThat(oidc.logout("the.id.token", "https://data.stad.gent/console/sign-in")).isEmpty();
    }

    /** The logout URL with a provider whose discovery document ends with {@code extra} (%s: its base URL). */
    private static Optional<URI> logoutAt(String extra) throws IOException {
        HttpServer provider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String base = "http://127.0.0.1:" + provider.getAddress().getPort();
        String issuer = base + "/realm";
        byte[] discovery = ("{\"issuer\": \"" + issuer + "\", \"authorization_endpoint\": \"" + base + "/authorize\","
                + " \"token_endpoint\": \"" + base + "/token\", \"jwks_uri\": \"" + base + "/jwks\""
                + extra.formatted(base) + "}").getBytes(StandardCharsets.UTF_8);
        provider.createContext("/realm/.well-known/openid-configuration", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, discovery.length);
            exchange.getResponseBody().write(discovery);
            exchange.close();
        });
        provider.start();
        try {
            OidcSignIn oidc = new OidcSignIn(URI.create(issuer), "belfort", null, null, new ObjectMapper());
            return oidc.logout("the.id.token", "https://data.stad.gent/console/sign-in");
        } finally {
            provider.stop(0);
        }
    }
}
