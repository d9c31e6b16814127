package be.belfort.console;

import be.belfort.model.ErrorType;
import be.belfort.model.NgsiLdException;
import be.belfort.security.BearerTokens;
import be.belfort.security.Principal;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Signing in through the OpenID provider with the authorization code flow and PKCE (RFC 7636, S256): the
 * browser goes to the provider with a challenge, a state and a nonce; the code it brings back is exchanged,
 * with the verifier, for tokens. The ID token's signature (the provider's published keys), issuer, audience
 * (this client) and nonce are checked; what the person may do comes from the access token, read by the same
 * {@link BearerTokens} as every API request, so the console grants exactly what the API would.
 */
public final class OidcSignIn {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final URI issuer;
    private final String clientId;
    private final String clientSecret;
    private final BearerTokens tokens;
    private final ObjectMapper json;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private volatile Metadata metadata;

    /** @param endSession the provider's end_session_endpoint (RP-initiated logout), or null when it has none */
    private record Metadata(URI authorization, URI token, URI endSession, DefaultJWTProcessor<SecurityContext> idTokens) {
    }

    /** A person the provider signed in: what they may do, and the ID token to end their session there later. */
    public record SignedIn(Principal principal, String idToken) {
    }

    /** What the browser carries to the provider and what this side keeps until it comes back. */
    public record Request(URI redirect, String state, String verifier, String nonce) {
    }

    public OidcSignIn(URI issuer, String clientId, String clientSecret, BearerTokens tokens, ObjectMapper json) {
        this.issuer = issuer;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.tokens = tokens;
        this.json = json;
    }

    /** Where to send the browser, and the state, verifier and nonce to keep until it comes back. */
    public Request start(String callback) {
        String state = Sessions.newFormToken();
        String verifier = Sessions.newFormToken();
        String nonce = Sessions.newFormToken();
        Map<String, String> query = new java.util.LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", clientId);
        query.put("redirect_uri", callback);
        query.put("scope", "openid");
        query.put("state", state);
        query.put("nonce", nonce);
        query.put("code_challenge", challenge(verifier));
        query.put("code_challenge_method", "S256");
        URI authorization = metadata().authorization();
        String separator = authorization.getQuery() == null ? "?" : "&";
        return new Request(URI.create(authorization + separator + form(query)), state, verifier, nonce);
    }

    /** The person the provider signed in; 401 when anything about the answer is not right. */
    public SignedIn finish(String code, String callback, String verifier, String nonce) {
        Metadata known = metadata();
        Map<String, String> body = new java.util.LinkedHashMap<>();
        body.put("grant_type", "authorization_code");
        body.put("code", code);
        body.put("redirect_uri", callback);
        body.put("code_verifier", verifier);
        body.put("client_id", clientId);
        HttpRequest.Builder request = HttpRequest.newBuilder(known.token()).timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form(body)));
        if (clientSecret != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (encode(clientId) + ":" + encode(clientSecret)).getBytes(StandardCharsets.UTF_8)));
        }
        JsonNode answer;
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw refused("the provider refused the code (HTTP " + response.statusCode() + ")");
            }
            answer = json.readTree(response.body());
        } catch (IOException e) {
            throw refused("the provider could not be reached: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw refused("interrupted");
        }
        String idToken = answer.path("id_token").asText(null);
        String accessToken = answer.path("access_token").asText(null);
        if (idToken == null || accessToken == null) {
            throw refused("the provider's answer holds no ID token or access token");
        }
        JWTClaimsSet identity;
        try {
            identity = known.idTokens().process(idToken, null);
        } catch (java.text.ParseException | com.nimbusds.jose.proc.BadJOSEException | com.nimbusds.jose.JOSEException e) {
            throw refused("the ID token is not valid: " + e.getMessage());
        }
        if (!MessageDigest.isEqual(nonce.getBytes(StandardCharsets.UTF_8),
                String.valueOf(identity.getClaim("nonce")).getBytes(StandardCharsets.UTF_8))) {
            throw refused("the ID token was not issued for this sign-in (nonce)");
        }
        Principal principal = tokens.authenticate(accessToken);
        if (!principal.id().equals(BearerTokens.SUBJECT_PREFIX + identity.getSubject())) {
            throw refused("the access token and the ID token name different people");
        }
        return new SignedIn(principal, idToken);
    }

    /**
     * Where to send the browser so that the provider ends the person's session too (OpenID Connect RP-Initiated
     * Logout 1.0), coming back to {@code afterwards} (registered at the provider as a post-logout redirect URI);
     * empty when the provider publishes no end_session_endpoint, or cannot be reached: then signing out ends
     * the console's session only.
     */
    public java.util.Optional<URI> logout(String idToken, String afterwards) {
        URI endSession;
        try {
            endSession = metadata().endSession();
        } catch (NgsiLdException unreachable) {
            return java.util.Optional.empty();
        }
        if (endSession == null) {
            return java.util.Optional.empty();
        }
        Map<String, String> query = new java.util.LinkedHashMap<>();
        if (idToken != null) {
            query.put("id_token_hint", idToken);
        }
        query.put("client_id", clientId);
        query.put("post_logout_redirect_uri", afterwards);
        String separator = endSession.getQuery() == null ? "?" : "&";
        return java.util.Optional.of(URI.create(endSession + separator + form(query)));
    }

    /** The provider's endpoints and keys, from its discovery document, read on first use. */
    private Metadata metadata() {
        Metadata known = metadata;
        if (known != null) {
            return known;
        }
        String base = issuer.toString();
        URI document = URI.create((base.endsWith("/") ? base : base + "/") + ".well-known/openid-configuration");
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(document).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode discovered = json.readTree(response.body());
            if (response.statusCode() != 200 || !base.equals(discovered.path("issuer").asText())) {
                throw refused("the provider's discovery document at " + document + " is not usable");
            }
            JWKSource<SecurityContext> keys = JWKSourceBuilder.create(URI.create(discovered.path("jwks_uri").asText())
                    .toURL()).build();
            Set<JWSAlgorithm> signatures = new HashSet<>(JWSAlgorithm.Family.RSA);
            signatures.addAll(JWSAlgorithm.Family.EC);
            DefaultJWTProcessor<SecurityContext> idTokens = new DefaultJWTProcessor<>();
            idTokens.setJWSKeySelector(new JWSVerificationKeySelector<>(signatures, keys));
            idTokens.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(clientId,
                    new JWTClaimsSet.Builder().issuer(base).build(), Set.of("sub", "exp", "iat", "nonce")));
            String endSession = discovered.path("end_session_endpoint").asText("");
            known = new Metadata(URI.create(discovered.path("authorization_endpoint").asText()),
                    URI.create(discovered.path("token_endpoint").asText()),
                    endSession.startsWith("https://") || endSession.startsWith("http://") ? URI.create(endSession) : null,
                    idTokens);
            metadata = known;
            return known;
        } catch (IOException | IllegalArgumentException e) {
            throw refused("the provider's discovery document at " + document + " could not be read: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw refused("interrupted");
        }
    }

    static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream().map(field -> encode(field.getKey()) + "=" + encode(field.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static NgsiLdException refused(String reason) {
        return new NgsiLdException(ErrorType.UNAUTHORIZED, "Signing in through the OpenID provider failed: " + reason);
    }
}
