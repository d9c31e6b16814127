package be.belfort.federation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A subscription to registrations (clause 5.2.26 and 6.11): who is told when a registration that matches
 * appears, changes or goes.
 *
 * @param document the members as written (no @context), names expanded
 * @param selectors which registrations concern it, one per element of entities (any may match): the entities
 *                  with the watchedAttributes, q and csf
 * @param receiverInfo headers sent with each notification
 * @param context  the @context it was written with, for the names in its notifications
 */
public record RegistrationSubscription(String tenant, String id, ObjectNode document, List<RegistrationQuery> selectors,
                                       URI endpoint, Map<String, String> receiverInfo, boolean active,
                                       Instant expiresAt, JsonNode context) {
    public RegistrationSubscription {
        selectors = List.copyOf(selectors);
        receiverInfo = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(receiverInfo));
    }

    boolean concerns(Registration registration) {
        if (registration == null) {
            return false;
        }
        for (RegistrationQuery selector : selectors) {
            MemberFilter q = selector.q() == null ? null : MemberFilter.parse("q", selector.q());
            MemberFilter csf = selector.csf() == null ? null : MemberFilter.parse("csf", selector.csf());
            if (selector.matches(registration, q, csf)) {
                return true;
            }
        }
        return false;
    }

    Instant createdAt() {
        return Instant.parse(document.path(RegistrationParser.CREATED_AT).asText());
    }

    boolean isActive(Instant now) {
        return active && (expiresAt == null || expiresAt.isAfter(now));
    }
}
