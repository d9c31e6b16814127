package be.belfort.security;

import java.time.Instant;
import java.util.List;

/**
 * One write or access-policy change, as the audit log keeps it.
 *
 * @param principal  who: the key id, or "anonymous"
 * @param role       the key's role, or null
 * @param tenant     the tenant the request named ("" for the default tenant)
 * @param operation  method and path, e.g. {@code PATCH /ngsi-ld/v1/entities/{id}/attrs}
 * @param entityId   the entity the request named, or null (batches name several in their body)
 * @param attributes the attributes the request wrote, where it names them
 * @param status     the HTTP status of the answer: the outcome
 */
public record AuditEntry(Instant at, String principal, String role, String tenant, String operation, String entityId,
                         List<String> attributes, int status) {
    public AuditEntry {
        attributes = List.copyOf(attributes);
    }
}
