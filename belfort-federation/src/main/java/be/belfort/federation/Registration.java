package be.belfort.federation;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A context source registration (clause 5.2.9) as the platform keeps it: the document with every entity type
 * and attribute name expanded, and what the distributed reads need from it, parsed once.
 *
 * @param tenant            the tenant of the platform it was registered in
 * @param document          the members as written (no @context, no status members), names expanded
 * @param operations        the single operations the source serves (groups resolved)
 * @param contextSourceInfo headers sent to the source with every request, in order
 * @param sourceTenant      the tenant to ask at the source, or null for the client's
 * @param expiresAt         when it stops counting, or null
 */
public record Registration(String tenant, String id, ObjectNode document, List<RegistrationInfo> information,
                           URI endpoint, Mode mode, Set<String> operations, Map<String, String> contextSourceInfo,
                           String sourceTenant, Instant expiresAt, Instant createdAt, Instant modifiedAt) {
    public Registration {
        information = List.copyOf(information);
        operations = Set.copyOf(operations);
        contextSourceInfo = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(contextSourceInfo));
    }

    boolean isActive(Instant now) {
        return expiresAt == null || expiresAt.isAfter(now);
    }

    boolean serves(String operation) {
        return operations.contains(operation);
    }
}
