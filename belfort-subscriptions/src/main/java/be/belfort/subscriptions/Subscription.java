package be.belfort.subscriptions;

import be.belfort.jsonld.Representation;
import be.belfort.query.EntitySelector;
import be.belfort.query.GeoQuery;
import be.belfort.query.Join;
import be.belfort.query.QueryExpression;
import be.belfort.query.ScopeQuery;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A validated subscription (clause 5.2.12), with every name expanded to an IRI.
 *
 * @param payload           the subscription as its owner wrote it (without @context), for retrieval
 * @param context           the @context it was written with, also the one notifications use
 * @param watchedAttributes IRIs of the watched attributes; empty for any
 * @param throttling        least seconds between two notifications, or null
 * @param timeInterval      seconds between periodic notifications, or null for change-driven ones
 */
public record Subscription(String id, String tenant, ObjectNode payload, JsonNode context,
                           List<EntitySelector> entities, Set<String> watchedAttributes, QueryExpression q,
                           GeoQuery geoQ, ScopeQuery scopeQ, Set<Trigger> triggers, Integer throttling,
                           Integer timeInterval, Instant expiresAt, boolean active, Notification notification,
                           Instant createdAt, Instant modifiedAt) {

    /**
     * What a notification carries and where it goes.
     *
     * @param attributes  IRIs of the attributes to include, or null for all
     * @param showChanges whether updated attributes carry their previous value
     * @param join        the linked entities each notified entity carries (v1.8.1, {@code join}, {@code joinLevel})
     */
    public record Notification(Set<String> attributes, Representation.Format format, boolean sysAttrs,
                               boolean showChanges, String lang, Endpoint endpoint, Join join) {

        public Notification(Set<String> attributes, Representation.Format format, boolean sysAttrs,
                            boolean showChanges, String lang, Endpoint endpoint) {
            this(attributes, format, sysAttrs, showChanges, lang, endpoint, Join.NONE);
        }

        public Representation representation() {
            return new Representation(format, sysAttrs, attributes, lang);
        }
    }

    /** active, paused or expired (clause 5.2.12, status). */
    public String status(Instant now) {
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            return "expired";
        }
        return active ? "active" : "paused";
    }

    public boolean isLive(Instant now) {
        return "active".equals(status(now));
    }

    public boolean isPeriodic() {
        return timeInterval != null;
    }
}
