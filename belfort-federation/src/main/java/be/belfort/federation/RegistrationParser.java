package be.belfort.federation;

import be.belfort.model.GeoJson;
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
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Checks a context source registration against clause 5.2.9 and expands its type and attribute names, so that
 * registrations written with different @contexts compare alike. Every refusal is a BadRequestData naming the
 * member.
 */
public final class RegistrationParser {
    public static final String TYPE = "ContextSourceRegistration";
    static final String INFORMATION = "information";
    static final String CONTEXT_SOURCE_INFO = "contextSourceInfo";
    static final String CREATED_AT = "createdAt";
    static final String MODIFIED_AT = "modifiedAt";
    /** Members only the platform sets; a client's values are ignored (clause 5.2.9 status members). */
    static final Set<String> STATUS_MEMBERS = Set.of("status", "timesSent", "timesFailed", "lastSuccess",
            "lastFailure", CREATED_AT, MODIFIED_AT);
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,256}");
    /** Headers the HTTP client sets itself, or that would change what the request is. */
    private static final Set<String> RESERVED_HEADERS = Set.of("connection", "content-length", "expect", "host",
            "upgrade", "via", "link", "accept", "content-type", "ngsild-tenant", "transfer-encoding", "te", "trailer");

    /**
     * The registration a client sent.
     *
     * @param expand    expands an entity type or attribute name with the request's @context
     * @param createdAt when it was first registered (now, for a new one)
     */
    public Registration parse(String tenant, ObjectNode body, UnaryOperator<String> expand, Instant createdAt,
                              Instant now) {
        return parse(tenant, body, expand, createdAt, now, now);
    }

    /** A registration as it was stored: checked as written, its times kept, even when it has expired since. */
    public Registration restore(String tenant, ObjectNode document) {
        Instant createdAt = Instant.parse(document.path(CREATED_AT).asText());
        Instant modifiedAt = Instant.parse(document.path(MODIFIED_AT).asText());
        return parse(tenant, document, UnaryOperator.identity(), createdAt, modifiedAt, null);
    }

    private Registration parse(String tenant, ObjectNode body, UnaryOperator<String> expand, Instant createdAt,
                               Instant modifiedAt, Instant now) {
        String id = body.has("id") ? Names.requireUri("The registration id", text(body, "id"))
                : "urn:ngsi-ld:ContextSourceRegistration:" + UUID.randomUUID();
        ObjectNode document = JsonNodeFactory.instance.objectNode().put("id", id);
        document.setAll(body.deepCopy());
        document.remove("@context");
        STATUS_MEMBERS.forEach(document::remove);
        JsonNode type = document.get("type");
        if (type == null || !type.isTextual() || !type.asText().equals(TYPE)) {
            throw NgsiLdException.badData("type must be \"" + TYPE + "\"");
        }
        JsonNode information = document.get(INFORMATION);
        if (information == null) {
            throw NgsiLdException.badData("information is missing: a registration says which entities or attributes"
                    + " the source holds");
        }
        document.set(INFORMATION, expandedInformation(information, expand));
        List<RegistrationInfo> infos = informationOf((ArrayNode) document.get(INFORMATION));
        URI endpoint = endpoint(document.get("endpoint"));
        Mode mode = document.has("mode") ? Mode.of(text(document, "mode")) : Mode.INCLUSIVE;
        document.put("mode", mode.term());
        Set<String> operations = Operations.resolve(document.has("operations")
                ? strings(document.get("operations"), "operations", false) : List.of(Operations.DEFAULT_GROUP));
        if (mode == Mode.EXCLUSIVE) {
            requireSpecific(infos);
        }
        Map<String, String> headers = headers(document.get(CONTEXT_SOURCE_INFO), CONTEXT_SOURCE_INFO);
        String sourceTenant = document.has("tenant") ? text(document, "tenant") : null;
        if (sourceTenant != null && !sourceTenant.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw NgsiLdException.badData("tenant must be a tenant name (printable ASCII without spaces), as the"
                    + " source's NGSILD-Tenant header carries it");
        }
        Instant expiresAt = null;
        if (document.has("expiresAt")) {
            expiresAt = Times.parse("expiresAt", text(document, "expiresAt"));
            if (now != null && !expiresAt.isAfter(now)) {
                throw NgsiLdException.badData("expiresAt must be in the future");
            }
        }
        interval(document, "observationInterval");
        interval(document, "managementInterval");
        for (String space : List.of("location", "observationSpace", "operationSpace")) {
            if (document.has(space)) {
                GeoJson.validate(space, document.get(space));
            }
        }
        if (document.has("scope")) {
            for (String scope : strings(document.get("scope"), "scope", true)) {
                Names.requireScope(scope);
            }
        }
        if (document.has("refreshRate")) {
            try {
                java.time.Duration.parse(text(document, "refreshRate"));
            } catch (DateTimeParseException e) {
                throw NgsiLdException.badData("refreshRate must be an ISO 8601 duration such as PT1M");
            }
        }
        for (String textual : List.of("registrationName", "description")) {
            if (document.has(textual)) {
                text(document, textual);
            }
        }
        document.put(CREATED_AT, createdAt.toString());
        document.put(MODIFIED_AT, modifiedAt.toString());
        return new Registration(tenant, id, document, infos, endpoint, mode, operations, headers, sourceTenant,
                expiresAt, createdAt, modifiedAt);
    }

    /** The registration with the fragment's members in place of its own (clause 5.9.3), checked again. */
    public Registration update(Registration current, ObjectNode fragment, UnaryOperator<String> expand, Instant now) {
        if (fragment.has("id") && !text(fragment, "id").equals(current.id())) {
            throw NgsiLdException.badData("The id of a registration cannot change");
        }
        ObjectNode merged = current.document().deepCopy();
        fragment.fields().forEachRemaining(member -> {
            if (member.getKey().equals(INFORMATION)) {
                merged.set(INFORMATION, expandedInformation(member.getValue(), expand));
            } else if (member.getValue().isNull()) {
                merged.remove(member.getKey());
            } else {
                merged.set(member.getKey(), member.getValue());
            }
        });
        return parse(current.tenant(), merged, UnaryOperator.identity(), current.createdAt(), now);
    }

    private static ArrayNode expandedInformation(JsonNode information, UnaryOperator<String> expand) {
        if (!(information instanceof ArrayNode array) || array.isEmpty()) {
            throw NgsiLdException.badData("information must be a non-empty array of RegistrationInfo objects");
        }
        ArrayNode expanded = JsonNodeFactory.instance.arrayNode();
        for (JsonNode element : array) {
            if (!(element instanceof ObjectNode info)) {
                throw NgsiLdException.badData("Each element of information must be an object");
            }
            ObjectNode out = expanded.addObject();
            for (Map.Entry<String, JsonNode> member : info.properties()) {
                switch (member.getKey()) {
                    case "entities" -> out.set("entities", expandedEntities(member.getValue(), expand));
                    case "propertyNames", "relationshipNames" -> {
                        ArrayNode names = out.putArray(member.getKey());
                        for (String name : strings(member.getValue(), "information." + member.getKey(), false)) {
                            names.add(expand.apply(Names.requireName("information." + member.getKey(), name)));
                        }
                    }
                    default -> throw NgsiLdException.badData("information may hold entities, propertyNames and"
                            + " relationshipNames, not '" + Names.abbreviate(member.getKey()) + "'");
                }
            }
            if (out.isEmpty()) {
                throw NgsiLdException.badData("Each element of information needs entities, propertyNames or"
                        + " relationshipNames");
            }
        }
        return expanded;
    }

    private static ArrayNode expandedEntities(JsonNode entities, UnaryOperator<String> expand) {
        if (!(entities instanceof ArrayNode array) || array.isEmpty()) {
            throw NgsiLdException.badData("information.entities must be a non-empty array of EntityInfo objects");
        }
        ArrayNode expanded = JsonNodeFactory.instance.arrayNode();
        for (JsonNode element : array) {
            if (!(element instanceof ObjectNode entity)) {
                throw NgsiLdException.badData("Each element of information.entities must be an object");
            }
            ObjectNode out = expanded.addObject();
            for (Map.Entry<String, JsonNode> member : entity.properties()) {
                switch (member.getKey()) {
                    case "id" -> out.put("id", Names.requireUri("information.entities.id", text(entity, "id")));
                    case "idPattern" -> {
                        String pattern = text(entity, "idPattern");
                        try {
                            ClientPattern.check(pattern);
                        } catch (IllegalArgumentException e) {
                            throw NgsiLdException.badData("information.entities.idPattern: " + e.getMessage());
                        }
                        out.put("idPattern", pattern);
                    }
                    case "type" -> {
                        List<String> types = strings(member.getValue(), "information.entities.type", true);
                        if (member.getValue().isTextual()) {
                            out.put("type", expand.apply(Names.requireName("information.entities.type", types.get(0))));
                        } else {
                            ArrayNode array2 = out.putArray("type");
                            types.forEach(t -> array2.add(expand.apply(Names.requireName("information.entities.type", t))));
                        }
                    }
                    default -> throw NgsiLdException.badData("An EntityInfo may hold id, idPattern and type, not '"
                            + Names.abbreviate(member.getKey()) + "'");
                }
            }
            if (!out.has("type")) {
                throw NgsiLdException.badData("information.entities: every EntityInfo needs a type");
            }
        }
        return expanded;
    }

    private static List<RegistrationInfo> informationOf(ArrayNode information) {
        List<RegistrationInfo> infos = new ArrayList<>();
        for (JsonNode info : information) {
            List<EntityInfo> entities = new ArrayList<>();
            for (JsonNode entity : info.path("entities")) {
                entities.add(new EntityInfo(entity.path("id").asText(null), entity.path("idPattern").asText(null),
                        strings(entity.get("type"), "type", true)));
            }
            infos.add(new RegistrationInfo(entities, strings(info.get("propertyNames"), "propertyNames", false),
                    strings(info.get("relationshipNames"), "relationshipNames", false)));
        }
        return infos;
    }

    /** An exclusive registration names single entities and their attributes (clause 4.3.6.3). */
    private static void requireSpecific(List<RegistrationInfo> infos) {
        for (RegistrationInfo info : infos) {
            if (info.attributeNames().isEmpty() || info.entities().isEmpty()
                    || info.entities().stream().anyMatch(entity -> entity.id() == null)) {
                throw NgsiLdException.badData("An exclusive registration names, in each element of information,"
                        + " entities by id and the propertyNames or relationshipNames the source alone holds");
            }
        }
    }

    private static URI endpoint(JsonNode endpoint) {
        if (endpoint == null || !endpoint.isTextual()) {
            throw NgsiLdException.badData("endpoint is missing: the URL of the source's NGSI-LD API (without"
                    + " /ngsi-ld/v1)");
        }
        try {
            URI uri = new URI(endpoint.asText());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
                    || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw NgsiLdException.badData("endpoint must be an http or https URL without query or fragment, not '"
                        + Names.abbreviate(endpoint.asText()) + "'");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw NgsiLdException.badData("endpoint must be a URL: " + e.getReason());
        }
    }

    /** Key-value pairs to send as HTTP headers, checked. */
    static Map<String, String> headers(JsonNode info, String member) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (info == null) {
            return headers;
        }
        if (!(info instanceof ArrayNode array)) {
            throw NgsiLdException.badData(member + " must be an array of {\"key\": ..., \"value\": ...}");
        }
        for (JsonNode pair : array) {
            JsonNode key = pair.get("key");
            JsonNode value = pair.get("value");
            if (!pair.isObject() || key == null || !key.isTextual() || value == null || !value.isTextual()
                    || pair.size() != 2) {
                throw NgsiLdException.badData("Each element of " + member + " must be {\"key\": string,"
                        + " \"value\": string}");
            }
            if (!HEADER_NAME.matcher(key.asText()).matches()
                    || RESERVED_HEADERS.contains(key.asText().toLowerCase(Locale.ROOT))) {
                throw NgsiLdException.badData(member + ": '" + Names.abbreviate(key.asText())
                        + "' cannot be sent as an HTTP header");
            }
            if (value.asText().chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
                throw NgsiLdException.badData(member + ": the value of " + key.asText()
                        + " holds control characters");
            }
            headers.put(key.asText(), value.asText());
        }
        return headers;
    }

    private static void interval(ObjectNode document, String name) {
        JsonNode interval = document.get(name);
        if (interval == null) {
            return;
        }
        if (!interval.isObject() || !interval.path("startAt").isTextual()) {
            throw NgsiLdException.badData(name + " must be an object with startAt (and optionally endAt)");
        }
        Instant start = Times.parse(name + ".startAt", interval.get("startAt").asText());
        if (interval.has("endAt")) {
            Instant end = Times.parse(name + ".endAt", interval.path("endAt").asText());
            if (!end.isAfter(start)) {
                throw NgsiLdException.badData(name + ".endAt must be after its startAt");
            }
        }
    }

    private static String text(ObjectNode object, String member) {
        JsonNode value = object.get(member);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw NgsiLdException.badData(member + " must be a non-empty string");
        }
        return value.asText();
    }

    /** A string or (when allowed) an array of strings; a missing member is empty. */
    private static List<String> strings(JsonNode node, String member, boolean single) {
        if (node == null) {
            return List.of();
        }
        if (single && node.isTextual()) {
            return List.of(node.asText());
        }
        if (!(node instanceof ArrayNode array) || array.isEmpty()) {
            throw NgsiLdException.badData(member + " must be " + (single ? "a string or " : "")
                    + "a non-empty array of strings");
        }
        List<String> values = new ArrayList<>();
        for (JsonNode element : array) {
            if (!element.isTextual() || element.asText().isEmpty()) {
                throw NgsiLdException.badData(member + " must hold non-empty strings only");
            }
            values.add(element.asText());
        }
        return values;
    }
}
