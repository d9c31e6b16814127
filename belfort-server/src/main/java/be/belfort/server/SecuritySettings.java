package be.belfort.server;

import be.belfort.security.OidcSettings;

import java.util.Set;

/**
 * How the platform guards itself.
 *
 * @param auth                 whether access is enforced; off only for local development and conformance runs
 * @param adminKey             the bootstrap admin key; null to generate one at start
 * @param oidc                 the OpenID provider whose bearer tokens are accepted; null for API keys only
 * @param anonymousRate        requests per second per anonymous client address (0: no limit)
 * @param clientRate           requests per second per key or token subject (0: no limit)
 * @param trustedProxies       reverse proxies whose X-Forwarded-For names the client (address literals)
 * @param allowPrivateOutbound whether remote @contexts and notification endpoints may be loopback or private
 * @param auditRetention       how long the audit log keeps entries, ISO 8601
 * @param outboundOrigins      origins ({@code scheme://host[:port]}) the platform may call on loopback or private
 *                             addresses even when {@code allowPrivateOutbound} is off
 */
public record SecuritySettings(boolean auth, String adminKey, OidcSettings oidc, double anonymousRate,
                               double clientRate, Set<String> trustedProxies, boolean allowPrivateOutbound,
                               String auditRetention, Set<String> outboundOrigins) {
    public static final SecuritySettings DEFAULT = new SecuritySettings(true, null, null, 100, 1000, Set.of(), false,
            "P1Y", Set.of());

    public SecuritySettings {
        trustedProxies = Set.copyOf(trustedProxies);
        outboundOrigins = Set.copyOf(outboundOrigins);
    }

    public SecuritySettings withAuth(boolean enforced, String key) {
        return new SecuritySettings(enforced, key, oidc, anonymousRate, clientRate, trustedProxies, allowPrivateOutbound, auditRetention,
                outboundOrigins);
    }

    public SecuritySettings withOidc(OidcSettings provider) {
        return new SecuritySettings(auth, adminKey, provider, anonymousRate, clientRate, trustedProxies, allowPrivateOutbound,
                auditRetention, outboundOrigins);
    }

    public SecuritySettings withRateLimits(double anonymous, double client) {
        return new SecuritySettings(auth, adminKey, oidc, anonymous, client, trustedProxies, allowPrivateOutbound,
                auditRetention, outboundOrigins);
    }

    public SecuritySettings withPrivateOutbound(boolean allowed) {
        return new SecuritySettings(auth, adminKey, oidc, anonymousRate, clientRate, trustedProxies, allowed,
                auditRetention, outboundOrigins);
    }

    /** The same, with these origins callable on loopback or private addresses. */
    public SecuritySettings withOutboundOrigins(Set<String> origins) {
        return new SecuritySettings(auth, adminKey, oidc, anonymousRate, clientRate, trustedProxies, allowPrivateOutbound,
                auditRetention, origins);
    }
}
