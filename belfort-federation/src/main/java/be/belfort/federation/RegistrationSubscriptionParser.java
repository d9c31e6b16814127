package be.belfort.federation;

import be.belfort.model.Names;
import be.belfort.model.NgsiLdException;
import be.belfort.model.Times;
import be.belfort.query.ClientPattern;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * Checks a subscription to registrations (clause 5.2.26): {@code type} Subscription, the optional
 * {@code entities}, {@code watchedAttributes}, {@code q} and {@code csf} that select registrations, and an HTTP
 * {@code notification.endpoint}. Names are expanded with the request's @context.
 */
final class RegistrationSubscriptionParser {
    static final String CONTEXT = "@context";

    RegistrationSubscription parse(String tenant, ObjectNode body, UnaryOperator<String> expand, JsonNode context,
                                   Instant createdAt, Instant now) {
        String id = body.has("id") ? Names.requireUri("The subscription id", body.path("id").asText(null))
                : "urn:ngsi-ld:Subscription:" + UUID.randomUUID();
        ObjectNode document = JsonNodeFactory.instance.objectNode().put("id", id);
        document.setAll(body.deepCopy());
        document.put("id", id);
        RegistrationParser.STATUS_MEMBERS.forEach(document::remove);
        document.remove(CONTEXT);
        if (!"Subscription".equals(document.path("type").asText(null))) {
            throw NgsiLdException.badData("type must be \"Subscription\"");
        }
        List<String> watched = new ArrayList<>();
        if (document.has("watchedAttributes")) {
            ArrayNode expanded = JsonNodeFactory.instance.arrayNode();
            for (JsonNode name : array(document.get("watchedAttributes"), "watchedAttributes")) {
                String iri = expand.apply(Names.requireName("watchedAttributes", textual(name, "watchedAttributes")));
                expanded.add(iri);
                watched.add(iri);
            }
            document.set("watchedAttributes", expanded);
        }
        String q = document.has("q") ? textual(document.get("q"), "q") : null;
        String csf = document.has("csf") ? textual(document.get("csf"), "csf") : null;
        if (q != null) {
            MemberFilter.parse("q", q);
        }
        if (csf != null) {
            MemberFilter.parse("csf", csf);
        }
        List<RegistrationQuery> selectors = new ArrayList<>();
        if (document.has("entities")) {
            ArrayNode expanded = JsonNodeFactory.instance.arrayNode();
            for (JsonNode entity : array(document.get("entities"), "entities")) {
                String type = textual(entity.get("type"), "entities.type");
                String entityId = entity.has("id") ? Names.requireUri("entities.id", textual(entity.get("id"), "entities.id")) : null;
                String pattern = entity.has("idPattern") ? textual(entity.get("idPattern"), "entities.idPattern") : null;
                if (pattern != null) {
                    try {
                        ClientPattern.check(pattern);
                    } catch (IllegalArgumentException e) {
                        throw NgsiLdException.badData("entities.idPattern: " + e.getMessage());
                    }
                }
                String typeIri = expand.apply(Names.requireName("entities.type", type));
                ObjectNode out = expanded.addObject();
                if (entityId != null) {
                    out.put("id", entityId);
                }
                if (pattern != null) {
                    out.put("idPattern", pattern);
                }
                out.put("type", typeIri);
                selectors.add(new RegistrationQuery(entityId == null ? List.of() : List.of(entityId), pattern,
                        List.of(typeIri), watched, q, csf));
            }
            document.set("entities", expanded);
        } else {
            selectors.add(new RegistrationQuery(List.of(), null, List.of(), watched, q, csf));
        }
        JsonNode endpoint = document.path("notification").path("endpoint");
        URI uri = uri(endpoint.path("uri").asText(null));
        Map<String, String> receiverInfo = RegistrationParser.headers(endpoint.get("receiverInfo"),
                "notification.endpoint.receiverInfo");
        JsonNode isActive = document.get("isActive");
        if (isActive != null && !isActive.isBoolean()) {
            throw NgsiLdException.badData("isActive must be true or false");
        }
        Instant expiresAt = document.has("expiresAt") ? Times.parse("expiresAt", textual(document.get("expiresAt"), "expiresAt")) : null;
        if (expiresAt != null && now != null && !expiresAt.isAfter(now)) {
            throw NgsiLdException.badData("expiresAt must be in the future");
        }
        document.put(RegistrationParser.CREATED_AT, createdAt.toString());
        document.put(RegistrationParser.MODIFIED_AT, (now == null ? createdAt : now).toString());
        return new RegistrationSubscription(tenant, id, document, selectors, uri, receiverInfo,
                isActive == null || isActive.asBoolean(), expiresAt, context);
    }

    private static URI uri(String text) {
        if (text == null) {
            throw NgsiLdException.badData("notification.endpoint.uri is missing: where notifications go");
        }
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw NgsiLdException.badData("notification.endpoint.uri must be an http or https URL");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw NgsiLdException.badData("notification.endpoint.uri must be a URL: " + e.getReason());
        }
    }

    private static ArrayNode array(JsonNode node, String member) {
        if (!(node instanceof ArrayNode array) || array.isEmpty()) {
            throw NgsiLdException.badData(member + " must be a non-empty array");
        }
        return array;
    }

    private static String textual(JsonNode node, String member) {
        if (node == null || !node.isTextual() || node.asText().isEmpty()) {
            throw NgsiLdException.badData(member + " must be a non-empty string");
        }
        return node.asText();
    }
}
