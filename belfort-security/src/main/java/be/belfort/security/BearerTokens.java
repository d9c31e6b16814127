package be.belfort.security;

import be.belfort.model.ErrorType;
import be.belfort.model.NgsiLdException;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jose.util.ResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Accepts OpenID Connect access tokens: signed JWTs whose signature checks out against the issuer's
 * published keys (fetched from its JWKS and refreshed when a new key id appears), whose {@code iss} is the
 * issuer, whose {@code aud} names the platform and which have not expired (within the clock skew).
 * Unsigned tokens ({@code alg: none}) and shared-secret algorithms are refused: only RSA and EC signatures
 * from the issuer's keys count. What the token grants comes from {@link TokenClaims}.
 */
public final class BearerTokens {
    /** The id of a token's principal is its subject with this prefix, apart from API key ids. */
    public static final String SUBJECT_PREFIX = "oidc:";
    private static final Logger LOG = LoggerFactory.getLogger(BearerTokens.class);
    private static final int MAX_REMEMBERED = 10_000;

    private final OidcSettings settings;
    private final TokenClaims claims;
    private final Clock clock;
    private final ResourceRetriever retriever = new DefaultResourceRetriever(5_000, 5_000, 512 * 1024);
    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();
    private volatile JWKSource<SecurityContext> keys;

    /** A token already checked: whom it stands for and until when. */
    private record Verified(Principal principal, Instant expiresAt) {
    }

    public BearerTokens(OidcSettings settings, Clock clock) {
        this.settings = settings;
        this.claims = new TokenClaims(settings.rolesClaim(), settings.tenantsClaim());
        this.clock = clock;
        Set<JWSAlgorithm> signatures = new HashSet<>(JWSAlgorithm.Family.RSA);
        signatures.addAll(JWSAlgorithm.Family.EC);
        JWKSource<SecurityContext> lazyKeys = (selector, context) -> keys().get(selector, context);
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(signatures, lazyKeys));
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT,
                new JOSEObjectType("at+jwt"), null));
        DefaultJWTClaimsVerifier<SecurityContext> verifier = new DefaultJWTClaimsVerifier<>(Set.of(settings.audience()),
                new JWTClaimsSet.Builder().issuer(settings.issuer().toString()).build(), Set.of("sub", "exp"), null) {
            @Override
            protected java.util.Date currentTime() {
                return java.util.Date.from(BearerTokens.this.clock.instant());
            }
        };
        verifier.setMaxClockSkew((int) settings.clockSkew().toSeconds());
        processor.setJWTClaimsSetVerifier(verifier);
    }

    /** The principal a token stands for; 401 for a token that is not valid, with the reason. */
    public Principal authenticate(String token) {
        Verified known = verified.get(token);
        if (known != null) {
            if (clock.instant().isBefore(known.expiresAt().plus(settings.clockSkew()))) {
                return known.principal();
            }
            verified.remove(token);
        }
        JWTClaimsSet claimSet;
        try {
            claimSet = processor.process(token, null);
        } catch (KeySourceException e) {
            LOG.warn("The signing keys of {} could not be fetched: {}", settings.issuer(), e.getMessage());
            throw refused("its signing keys could not be fetched from the issuer");
        } catch (ParseException e) {
            throw refused("it is not a JWT");
        } catch (BadJOSEException | JOSEException e) {
            throw refused(e.getMessage());
        }
        Principal principal = claims.principal(SUBJECT_PREFIX + claimSet.getSubject(), claimSet.getClaims());
        if (verified.size() >= MAX_REMEMBERED) {
            verified.clear();
        }
        verified.put(token, new Verified(principal, claimSet.getExpirationTime().toInstant()));
        return principal;
    }

    private static NgsiLdException refused(String reason) {
        return new NgsiLdException(ErrorType.UNAUTHORIZED, "The bearer token is not valid: " + reason);
    }

    /** The issuer's keys, found through its discovery document unless configured; looked up on first use. */
    private JWKSource<SecurityContext> keys() throws KeySourceException {
        JWKSource<SecurityContext> known = keys;
        if (known != null) {
            return known;
        }
        synchronized (this) {
            if (keys == null) {
                URI jwks = settings.jwksUri() != null ? settings.jwksUri() : discoverKeys();
                try {
                    keys = JWKSourceBuilder.create(jwks.toURL(), retriever).build();
                } catch (IOException e) {
                    throw new KeySourceException("JWKS URI not usable: " + jwks, e);
                }
            }
            return keys;
        }
    }

    private URI discoverKeys() throws KeySourceException {
        String issuer = settings.issuer().toString();
        URI document = URI.create((issuer.endsWith("/") ? issuer : issuer + "/") + ".well-known/openid-configuration");
        try {
            URL url = document.toURL();
            Map<String, Object> metadata = JSONObjectUtils.parse(retriever.retrieveResource(url).getContent());
            if (!issuer.equals(metadata.get("issuer"))) {
                throw new KeySourceException("the discovery document at " + document + " names issuer "
                        + metadata.get("issuer") + ", not " + issuer);
            }
            return URI.create(JSONObjectUtils.getString(metadata, "jwks_uri"));
        } catch (IOException | ParseException | RuntimeException e) {
            throw new KeySourceException("discovery at " + document + " failed: " + e.getMessage(), e);
        }
    }
}
