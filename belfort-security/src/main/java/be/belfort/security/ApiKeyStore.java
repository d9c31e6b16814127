package be.belfort.security;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where API keys live (hashed). Implemented at the edge (PostgreSQL). */
public interface ApiKeyStore {

    void save(ApiKey key);

    Optional<ApiKey> find(String id);

    /** Every key of a tenant, or every key when tenant is null; revoked ones included. */
    List<ApiKey> list(String tenant);

    /** Marks the key revoked; false when there is no such key. */
    boolean revoke(String id, Instant at);
}
