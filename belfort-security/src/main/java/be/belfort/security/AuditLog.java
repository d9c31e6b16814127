package be.belfort.security;

import java.time.Instant;
import java.util.List;

/** Where audit entries are kept. Implemented at the edge (PostgreSQL). */
public interface AuditLog {

    void append(List<AuditEntry> entries);

    /** The newest entries of a tenant first, written at or after {@code since} when given. */
    List<AuditEntry> read(String tenant, Instant since, int limit);

    /** The entries of a search, newest first, and how many match it in all. */
    Page search(AuditSearch search);

    /** One page of the entries a search matched. */
    record Page(List<AuditEntry> entries, long total) {
        public Page {
            entries = List.copyOf(entries);
        }
    }

    /** Removes entries older than the cutoff; returns how many. */
    long removeBefore(Instant cutoff);
}
