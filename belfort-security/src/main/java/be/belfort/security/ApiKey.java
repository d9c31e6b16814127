package be.belfort.security;

import java.time.Instant;

/**
 * An API key as stored: its id, the hash of its secret (never the secret), what it may do, and whether
 * it was revoked.
 *
 * @param tenant the tenant its role holds in; null for an admin key
 */
public record ApiKey(String id, String secretHash, String tenant, Role role, String description, Instant createdAt,
                     Instant revokedAt) {

    public boolean isRevoked() {
        return revokedAt != null;
    }

    public Principal principal() {
        return Principal.of(id, tenant, role);
    }
}
