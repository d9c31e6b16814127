package be.belfort.security;

import java.time.Instant;
import java.util.List;

/** Where audit entries are kept. Implemented at the edge (PostgreSQL). */
public interface AuditLog {

    void append(List<AuditEntry> entries);

    /** The newest entries of a tenant first, written at or after {@code since} when given. */
    List<AuditEntry> read(String tenant, Instant since, int limit);

    /** Removes entries older than the cutoff; returns how many. */
    long removeBefore(Instant cutoff);
}
