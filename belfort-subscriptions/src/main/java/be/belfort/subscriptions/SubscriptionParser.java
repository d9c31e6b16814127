package be.belfort.subscriptions;

import be.belfort.jsonld.LdContext;
import be.belfort.jsonld.Representation;
import be.belfort.model.Members;
import be.belfort.model.Names;
import be.belfort.model.NgsiLdException;
import be.belfort.query.GeoQuery;
import be.belfort.query.Join;
import be.belfort.query.QueryTerms;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Checks a Subscription payload (clause 5.2.12) and reads it into a {@link Subscription}, with names
 * expanded by its @context. Every mistake is a BadRequestData naming the member at fault.
 */
public final class SubscriptionParser {
    /** Members the platform keeps itself; a client's values for them are ignored. */
    static final Set<String> READ_ONLY = Set.of("status", "createdAt", "modifiedAt");
    private static final Set<String> NOTIFICATION_STATUS = Set.of("timesSent", "timesFailed", "lastNotification",
            "lastSuccess", "lastFailure", "status", "lastFailureReason", "droppedNotifications");
    private static final Set<String> SCHEMES = Set.of("http", "https", "mqtt", "mqtts");
    private static final String LIMITED_BROADCAST = "255.255.255.255";
    /**
     * The members of a Subscription (clause 5.2.12), those Belfort does not act on included, so that a misspelt member
     * is refused instead of silently ignored; what a client read back (status, timestamps) may be written back.
     */
    private static final Set<String> SUBSCRIPTION_MEMBERS = Set.of("id", "type", "@context", "subscriptionName",
            "description", "entities", "watchedAttributes", "notificationTrigger", "timeInterval", "q", "geoQ", "csf",
            "isActive", "notification", "expiresAt", "throttling", "temporalQ", "scopeQ", "lang", "jsonldContext",
            "status", "createdAt", "modifiedAt", "datasetId", "expandValues", "localOnly", "join", "joinLevel");
    /** The members of NotificationParams (clause 5.2.14), with the status members a client may write back. */
    private static final Set<String> NOTIFICATION_MEMBERS = Set.of("attributes", "sysAttrs", "format", "showChanges",
            "endpoint", "join", "joinLevel", "pick", "omit", "timesSent", "timesFailed", "lastNotification", "lastSuccess",
            "lastFailure", "status", "lastFailureReason", "droppedNotifications");
    /** The members of an Endpoint (clause 5.2.15). */
    private static final Set<String> ENDPOINT_MEMBERS = Set.of("uri", "accept", "timeout", "cooldown", "receiverInfo",
            "notifierInfo");

    /** Refuses a member that a Subscription, its notification or its endpoint does not define (a write's payload). */
    public static void requireKnownMembers(JsonNode payload) {
        requireKnown(payload, SUBSCRIPTION_MEMBERS, "A subscription");
        JsonNode notification = payload.path("notification");
        requireKnown(notification, NOTIFICATION_MEMBERS, "notification");
        requireKnown(notification.path("endpoint"), ENDPOINT_MEMBERS, "notification.endpoint");
    }

    private static void requireKnown(JsonNode object, Set<String> known, String what) {
        if (object.isObject()) {
            for (java.util.Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!known.contains(name)) {
                    throw NgsiLdException.badData(what + " has no member '" + Names.abbreviate(name) + "'; known are "
                            + String.join(", ", new java.util.TreeSet<>(known)));
                }
            }
        }
    }

    private SubscriptionParser() {
    }

    /**
     * Reads a subscription. {@code payload} is the body without @context; {@code context} the context
     * it was written with, {@code contextReference} that context as the payload or Link header named it.
     */
    public static Subscription parse(String tenant, ObjectNode payload, LdContext context, JsonNode contextReference,
                                     Instant createdAt, Instant modifiedAt, Instant now, boolean checkExpiry) {
        ObjectNode stored = payload.deepCopy();
        stored.remove(Members.CONTEXT);
        READ_ONLY.forEach(stored::remove);
        if (stored.get("notification") instanceof ObjectNode notification) {
            NOTIFICATION_STATUS.forEach(notification::remove);
        }
        if (!"Subscription".equals(stored.path(Members.TYPE).asText(null))) {
            throw NgsiLdException.badData("A subscription needs \"type\": \"Subscription\"");
        }
        String id = QueryTerms.text(stored, Members.ID);
        if (id == null) {
            id = "urn:ngsi-ld:Subscription:" + UUID.randomUUID();
        } else {
            Names.requireUri("The subscription id", id);
        }
        stored.put(Members.ID, id);

        var entities = QueryTerms.selectors(stored.get("entities"), context::expand);
        Set<String> watched = names(stored, "watchedAttributes", context);
        if (entities.isEmpty() && watched.isEmpty()) {
            throw NgsiLdException.badData("A subscription needs entities or watchedAttributes (or both)");
        }
        var q = QueryTerms.q(QueryTerms.text(stored, "q"), context::expand);
        GeoQuery geoQ = QueryTerms.geoQ(stored.get("geoQ"), context::expand);
        var scopeQ = QueryTerms.scope(QueryTerms.text(stored, "scopeQ"));
        Set<Trigger> triggers = triggers(stored.get("notificationTrigger"));
        Integer throttling = positiveSeconds(stored, "throttling");
        Integer timeInterval = positiveSeconds(stored, "timeInterval");
        if (timeInterval != null && !watched.isEmpty()) {
            throw NgsiLdException.badData("timeInterval and watchedAttributes cannot be used together");
        }
        if (timeInterval != null && throttling != null) {
            throw NgsiLdException.badData("timeInterval and throttling cannot be used together");
        }
        Instant expiresAt = dateTime(stored, "expiresAt");
        if (checkExpiry && expiresAt != null && !expiresAt.isAfter(now)) {
            throw NgsiLdException.badData("expiresAt must lie in the future: " + expiresAt);
        }
        JsonNode isActive = stored.get("isActive");
        if (isActive != null && !isActive.isBoolean()) {
            throw NgsiLdException.badData("isActive must be true or false");
        }
        String lang = QueryTerms.text(stored, "lang");
        QueryTerms.text(stored, "description");
        QueryTerms.text(stored, "subscriptionName");
        JsonNode notificationContext = contextReference;
        String jsonldContext = QueryTerms.text(stored, "jsonldContext");
        if (jsonldContext != null) {
            requireAbsolute("jsonldContext", jsonldContext, Set.of("http", "https", "urn"));
            notificationContext = stored.get("jsonldContext");
        }
        Subscription.Notification notification = notification(stored.get("notification"), context, lang);
        return new Subscription(id, tenant, stored, notificationContext, entities, watched, q, geoQ, scopeQ, triggers,
                throttling, timeInterval, expiresAt, isActive == null || isActive.asBoolean(), notification,
                createdAt, modifiedAt);
    }

    private static Subscription.Notification notification(JsonNode notification, LdContext context, String lang) {
        if (notification == null || !notification.isObject()) {
            throw NgsiLdException.badData("A subscription needs a notification object with an endpoint");
        }
        Set<String> attributes = names(notification, "attributes", context);
        String format = QueryTerms.text(notification, "format");
        Representation.Format representation = switch (format == null ? "normalized" : format) {
            case "normalized" -> Representation.Format.NORMALIZED;
            case "concise" -> Representation.Format.CONCISE;
            case "keyValues", "simplified" -> Representation.Format.KEY_VALUES;
            default -> throw NgsiLdException.badData("notification.format must be normalized, concise or keyValues, not "
                    + format);
        };
        return new Subscription.Notification(attributes.isEmpty() ? null : attributes, representation,
                flag(notification, "sysAttrs"), flag(notification, "showChanges"), lang,
                endpoint(notification.get("endpoint")), Join.of(notification, "notification."));
    }

    private static Endpoint endpoint(JsonNode endpoint) {
        if (endpoint == null || !endpoint.isObject()) {
            throw NgsiLdException.badData("notification.endpoint must be an object with a uri");
        }
        String text = QueryTerms.text(endpoint, "uri");
        if (text == null) {
            throw NgsiLdException.badData("notification.endpoint needs a uri");
        }
        URI uri = requireAbsolute("notification.endpoint.uri", text, SCHEMES);
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw NgsiLdException.badData("notification.endpoint.uri needs a host: " + text);
        }
        if (uri.getPort() == 0 || uri.getPort() > 65_535) {
            throw NgsiLdException.badData("notification.endpoint.uri names port " + uri.getPort()
                    + ", which cannot receive notifications: a port is 1 to 65535: " + text);
        }
        if (LIMITED_BROADCAST.equals(uri.getHost())) {
            throw NgsiLdException.badData("notification.endpoint.uri names the broadcast address 255.255.255.255, "
                    + "which cannot receive notifications: " + text);
        }
        if (uri.getScheme().startsWith("mqtt") && (uri.getPath() == null || uri.getPath().length() < 2)) {
            throw NgsiLdException.badData("An MQTT endpoint names its topic as the path: mqtt://host:port/topic");
        }
        String accept = QueryTerms.text(endpoint, "accept");
        if (accept != null && !accept.equals(Endpoint.JSON) && !accept.equals(Endpoint.JSON_LD)) {
            throw NgsiLdException.badData("notification.endpoint.accept must be application/json or application/ld+json, not "
                    + accept);
        }
        Map<String, String> notifierInfo = new LinkedHashMap<>();
        keyValues(endpoint.get("notifierInfo"), "notifierInfo")
                .forEach(entry -> notifierInfo.put(entry.getKey(), entry.getValue()));
        String qos = notifierInfo.get("MQTT-QoS");
        if (qos != null && !qos.equals("0") && !qos.equals("1") && !qos.equals("2")) {
            throw NgsiLdException.badData("MQTT-QoS in notifierInfo must be 0, 1 or 2, not " + qos);
        }
        String version = notifierInfo.get("MQTT-Version");
        if (version != null && !version.equals("mqtt3.1.1") && !version.equals("mqtt5.0")) {
            throw NgsiLdException.badData("MQTT-Version in notifierInfo must be mqtt3.1.1 or mqtt5.0, not " + version);
        }
        return new Endpoint(uri, accept == null ? Endpoint.JSON : accept,
                keyValues(endpoint.get("receiverInfo"), "receiverInfo"), notifierInfo);
    }

    private static List<Map.Entry<String, String>> keyValues(JsonNode pairs, String member) {
        if (pairs == null || pairs.isNull()) {
            return List.of();
        }
        if (!pairs.isArray()) {
            throw NgsiLdException.badData(member + " must be an array of {\"key\", \"value\"} objects");
        }
        List<Map.Entry<String, String>> entries = new ArrayList<>();
        for (JsonNode pair : pairs) {
            if (!pair.isObject() || !pair.path("key").isTextual() || !pair.path("value").isTextual()
                    || pair.path("key").asText().isBlank()) {
                throw NgsiLdException.badData("Each member of " + member + " needs a string key and a string value");
            }
            String key = pair.get("key").asText();
            String value = pair.get("value").asText();
            if (key.chars().anyMatch(c -> c <= ' ' || c == ':' || c > '~')
                    || value.chars().anyMatch(c -> c == '\r' || c == '\n')) {
                throw NgsiLdException.badData("The key '" + key + "' in " + member + " is not a valid header");
            }
            entries.add(new AbstractMap.SimpleImmutableEntry<>(key, value));
        }
        return entries;
    }

    private static Set<String> names(JsonNode object, String member, LdContext context) {
        JsonNode names = object.get(member);
        if (names == null || names.isNull()) {
            return Set.of();
        }
        if (!names.isArray() || names.isEmpty()) {
            throw NgsiLdException.badData(member + " must be a non-empty array of attribute names");
        }
        Set<String> expanded = new LinkedHashSet<>();
        for (JsonNode name : names) {
            if (!name.isTextual()) {
                throw NgsiLdException.badData(member + " must hold attribute names (strings)");
            }
            expanded.add(context.expand(Names.requireName("Attribute name in " + member, name.asText())));
        }
        return expanded;
    }

    private static Set<Trigger> triggers(JsonNode triggers) {
        if (triggers == null || triggers.isNull()) {
            return Trigger.DEFAULT;
        }
        if (!triggers.isArray() || triggers.isEmpty()) {
            throw NgsiLdException.badData("notificationTrigger must be a non-empty array");
        }
        Set<Trigger> set = EnumSet.noneOf(Trigger.class);
        for (JsonNode trigger : triggers) {
            Trigger known = trigger.isTextual() ? Trigger.of(trigger.asText()) : null;
            if (known == null) {
                throw NgsiLdException.badData("Unknown notificationTrigger " + trigger
                        + "; use entityCreated, entityUpdated, entityDeleted, attributeCreated, attributeUpdated or attributeDeleted");
            }
            set.add(known);
        }
        return set;
    }

    private static Integer positiveSeconds(JsonNode object, String member) {
        JsonNode value = object.get(member);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || value.asLong() <= 0 || value.asLong() > Integer.MAX_VALUE) {
            throw NgsiLdException.badData(member + " must be a positive whole number of seconds, not " + value);
        }
        return value.asInt();
    }

    private static boolean flag(JsonNode object, String member) {
        JsonNode value = object.get(member);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw NgsiLdException.badData("notification." + member + " must be true or false");
        }
        return value.asBoolean();
    }

    private static Instant dateTime(JsonNode object, String member) {
        String text = QueryTerms.text(object, member);
        if (text == null) {
            return null;
        }
        return be.belfort.model.Times.parse(member, text);
    }

    private static URI requireAbsolute(String member, String text, Set<String> schemes) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw NgsiLdException.badData(member + " is not a valid URI: " + text);
        }
        if (!uri.isAbsolute() || !schemes.contains(uri.getScheme().toLowerCase(java.util.Locale.ROOT))) {
            throw NgsiLdException.badData(member + " must be an absolute URI with scheme "
                    + String.join(", ", schemes.stream().sorted().toList()) + ": " + text);
        }
        return uri;
    }
}
