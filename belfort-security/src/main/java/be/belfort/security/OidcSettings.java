package be.belfort.security;

import java.net.URI;
import java.time.Duration;

/**
 * How bearer tokens from an OpenID provider are accepted.
 *
 * @param issuer      the provider's issuer identifier; a token's {@code iss} must equal it
 * @param audience    what a token's {@code aud} must contain (the platform's client id at the provider)
 * @param jwksUri     where the signing keys are; null to read {@code jwks_uri} from the issuer's
 *                    {@code /.well-known/openid-configuration}
 * @param rolesClaim  the claim with the roles, a dotted path such as {@code realm_access.roles}
 * @param tenantsClaim the claim with the tenants the plain roles hold in
 * @param clockSkew   how far the clocks of the provider and the platform may differ
 */
public record OidcSettings(URI issuer, String audience, URI jwksUri, String rolesClaim, String tenantsClaim,
                           Duration clockSkew) {
    public OidcSettings {
        if (!issuer.isAbsolute() || !(issuer.getScheme().equals("https") || issuer.getScheme().equals("http"))) {
            throw new IllegalArgumentException("The OpenID issuer must be an absolute http(s) URL, not " + issuer);
        }
        if (audience == null || audience.isBlank()) {
            throw new IllegalArgumentException("An OpenID audience is needed with an issuer: tokens meant for other"
                    + " services must not be accepted");
        }
        if (clockSkew.isNegative() || clockSkew.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("The clock skew must be between 0 and 5 minutes, not " + clockSkew);
        }
    }
}
