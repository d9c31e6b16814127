package be.belfort.storage;

import java.time.Instant;
import java.util.List;

/**
 * An entity's row as the database holds it, attributes still as their JSON text: immutable, so that one copy can
 * serve many reads, each of which builds its own entity from it.
 */
public record EntityRow(String id, List<String> types, List<String> scopes, String attributesJson, Instant createdAt,
                        Instant modifiedAt, Instant expiresAt) {

    public EntityRow {
        types = List.copyOf(types);
        scopes = scopes == null ? null : List.copyOf(scopes);
    }

    /** Whether a transient entity's time has passed, so that every read treats it as gone. */
    public boolean expiredAt(Instant now) {
        return expiresAt != null && !expiresAt.isAfter(now);
    }
}
