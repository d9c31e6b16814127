package be.belfort.datapedia;

import be.belfort.datamodels.DataModel;
import be.belfort.datamodels.DataModels;
import be.belfort.model.Names;
import be.belfort.model.NgsiLdException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Reads a policy question from its JSON form and refuses what cannot be diagnosed, naming the member at fault
 * ({@code needs[1].entityType}). A type no dataset has yet is a gap to show, not an error; a type that is neither a
 * Smart Data Model the platform knows nor held by any city, and given without its data model, is refused.
 */
public final class QuestionParser {
    public static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final Set<String> MEMBERS = Set.of("title", "description", "domain", "cities", "needs");
    private static final Set<String> NEED_MEMBERS = Set.of("id", "entityType", "dataModel", "attributes", "freshness",
            "history", "area");
    private static final int MAX_NEEDS = 50;
    private static final int MAX_TEXT = 4000;

    private final UnaryOperator<String> expand;
    private final UnaryOperator<String> compact;
    private final Region region;
    private final DataModels models;

    /**
     * @param expand  a name to its IRI under the core @context
     * @param compact an IRI to its name under the core @context
     */
    public QuestionParser(UnaryOperator<String> expand, UnaryOperator<String> compact, Region region,
                          DataModels models) {
        this.expand = expand;
        this.compact = compact;
        this.region = region;
        this.models = models;
    }

    /** The question of a request: every rule checked. */
    public Question parse(String id, JsonNode body) {
        return read(id, body, true);
    }

    /** A stored question: read as it was accepted, whatever the region has become since. */
    public Question load(String id, JsonNode body) {
        return read(id, body, false);
    }

    private Question read(String id, JsonNode body, boolean check) {
        if (!ID.matcher(id).matches()) {
            throw bad("id", "a question id is 1 to 64 lower-case letters, digits and dashes, such as"
                    + " drukte-winkelstraten, not '" + Names.abbreviate(id) + "'");
        }
        if (!(body instanceof ObjectNode object)) {
            throw NgsiLdException.badData("A question is a JSON object with title, description, domain, cities and needs");
        }
        object.fieldNames().forEachRemaining(member -> {
            if (!MEMBERS.contains(member) && !member.equals("id") && !member.equals("createdAt")
                    && !member.equals("modifiedAt")) {
                throw bad(member, "not a member of a question (title, description, domain, cities, needs)");
            }
        });
        Map<String, String> title = texts(object, "title", true);
        Map<String, String> description = texts(object, "description", false);
        String domainTerm = text(object.get("domain"), "domain");
        SmartCityDomain domain = domainTerm == null ? null : SmartCityDomain.ofTerm(domainTerm);
        if (domain == null) {
            throw bad("domain", "one of mobility, environment, living, people, government, economy"
                    + (domainTerm == null ? " is required" : ", not '" + Names.abbreviate(domainTerm) + "'"));
        }
        List<String> cities = cities(object.get("cities"), check);
        JsonNode needs = object.get("needs");
        if (needs == null || !needs.isArray() || needs.isEmpty()) {
            throw bad("needs", "a question needs at least one data need (an array of objects with entityType)");
        }
        if (needs.size() > MAX_NEEDS) {
            throw bad("needs", "at most " + MAX_NEEDS + " needs per question");
        }
        List<Need> parsed = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < needs.size(); i++) {
            Need need = need(needs.get(i), "needs[" + i + "]", i, check, cities);
            if (!ids.add(need.id())) {
                throw bad("needs[" + i + "].id", "two needs have the id " + need.id());
            }
            parsed.add(need);
        }
        return new Question(id, title, description, domain, cities, parsed, textOrNull(object.get("createdAt")),
                textOrNull(object.get("modifiedAt")));
    }

    private List<String> cities(JsonNode node, boolean check) {
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw bad("cities", "the cities (tenants) the question concerns, a non-empty array such as [\"gent\"]");
        }
        List<String> cities = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String city = text(node.get(i), "cities[" + i + "]");
            if (city == null) {
                throw bad("cities[" + i + "]", "a city is a tenant name");
            }
            if (check && !region.hasCity(city)) {
                throw bad("cities[" + i + "]", "unknown city '" + Names.abbreviate(city) + "': no such tenant in the region");
            }
            if (!cities.contains(city)) {
                cities.add(city);
            }
        }
        return cities;
    }

    private Need need(JsonNode node, String at, int index, boolean check, List<String> cities) {
        if (!(node instanceof ObjectNode need)) {
            throw bad(at, "a need is an object with entityType, attributes, freshness, history and area");
        }
        need.fieldNames().forEachRemaining(member -> {
            if (!NEED_MEMBERS.contains(member)) {
                throw bad(at + "." + member, "not a member of a need (" + String.join(", ", NEED_MEMBERS.stream().sorted().toList()) + ")");
            }
        });
        String typeName = text(need.get("entityType"), at + ".entityType");
        if (typeName == null) {
            throw bad(at + ".entityType", "the entity type the question needs, such as OffStreetParking");
        }
        try {
            Names.requireName("Entity type", typeName);
        } catch (NgsiLdException e) {
            throw bad(at + ".entityType", e.getMessage());
        }
        String type = expand.apply(typeName);
        String dataModel = text(need.get("dataModel"), at + ".dataModel");
        DataModel model = models.of(compact.apply(type));
        if (dataModel == null && model != null) {
            dataModel = model.dataModel();
        }
        if (check && dataModel == null && !region.hasType(type, cities)) {
            throw bad(at + ".entityType", "unknown type '" + Names.abbreviate(typeName) + "': not a Smart Data Model"
                    + " the platform knows and held by no city; name its data model in dataModel (such as"
                    + " dataModel.Parking) to ask for it anyway");
        }
        if (dataModel != null && !dataModel.matches("dataModel\\.[A-Za-z0-9]+|https?://\\S+")) {
            throw bad(at + ".dataModel", "a Smart Data Models subject such as dataModel.Parking, or the model's URL");
        }
        List<String> names = new ArrayList<>();
        JsonNode attributes = need.get("attributes");
        if (attributes != null && !attributes.isNull()) {
            if (!attributes.isArray()) {
                throw bad(at + ".attributes", "an array of attribute names");
            }
            for (int i = 0; i < attributes.size(); i++) {
                String name = text(attributes.get(i), at + ".attributes[" + i + "]");
                try {
                    Names.requireName("Attribute", name == null ? "" : name);
                } catch (NgsiLdException e) {
                    throw bad(at + ".attributes[" + i + "]", e.getMessage());
                }
                if (!names.contains(name)) {
                    names.add(name);
                }
            }
        }
        String freshness = text(need.get("freshness"), at + ".freshness");
        if (freshness != null) {
            try {
                Duration parsed = Duration.parse(freshness);
                if (parsed.isNegative() || parsed.isZero()) {
                    throw new DateTimeParseException("not positive", freshness, 0);
                }
            } catch (DateTimeParseException e) {
                throw bad(at + ".freshness", "an ISO 8601 duration such as PT15M or P1D, not '" + Names.abbreviate(freshness) + "'");
            }
        }
        String history = text(need.get("history"), at + ".history");
        if (history != null) {
            try {
                if (Need.durationOf(history).isNegative() || Need.durationOf(history).isZero()) {
                    throw new DateTimeParseException("not positive", history, 0);
                }
            } catch (DateTimeParseException | IndexOutOfBoundsException e) {
                throw bad(at + ".history", "an ISO 8601 period such as P1Y or P30D, not '" + Names.abbreviate(history) + "'");
            }
        }
        String id = text(need.get("id"), at + ".id");
        if (id == null) {
            id = compact.apply(type).replaceAll("[^A-Za-z0-9-]", "-").toLowerCase(java.util.Locale.ROOT);
            if (!ID.matcher(id).matches()) {
                id = "need-" + (index + 1);
            }
        } else if (!ID.matcher(id).matches()) {
            throw bad(at + ".id", "1 to 64 lower-case letters, digits and dashes");
        }
        return new Need(id, type, compact.apply(type), dataModel, names.stream().map(expand).toList(), names, freshness,
                history, area(need.get("area"), at + ".area"));
    }

    private static Need.Area area(JsonNode node, String at) {
        if (node == null || node.isNull()) {
            return null;
        }
        JsonNode bbox = node.get("bbox");
        if (!node.isObject() || bbox == null || !bbox.isArray() || bbox.size() != 4) {
            throw bad(at, "an area is {\"bbox\": [west, south, east, north]} in WGS 84 degrees");
        }
        double[] values = new double[4];
        for (int i = 0; i < 4; i++) {
            if (!bbox.get(i).isNumber()) {
                throw bad(at + ".bbox[" + i + "]", "a number of degrees");
            }
            values[i] = bbox.get(i).asDouble();
        }
        if (values[0] < -180 || values[2] > 180 || values[1] < -90 || values[3] > 90 || values[0] >= values[2]
                || values[1] >= values[3]) {
            throw bad(at + ".bbox", "west < east within ±180 and south < north within ±90");
        }
        return new Need.Area(values[0], values[1], values[2], values[3]);
    }

    private static Map<String, String> texts(ObjectNode object, String member, boolean required) {
        JsonNode node = object.get(member);
        Map<String, String> texts = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            if (required) {
                throw bad(member, "required, as {\"nl\": …, \"en\": …}");
            }
            return texts;
        }
        if (!node.isObject()) {
            throw bad(member, "an object of texts by language, such as {\"nl\": …, \"en\": …}");
        }
        node.properties().forEach(entry -> {
            if (!entry.getKey().matches("nl|en")) {
                throw bad(member + "." + entry.getKey(), "the datapedia speaks nl and en");
            }
            if (!entry.getValue().isTextual() || entry.getValue().asText().isBlank()
                    || entry.getValue().asText().length() > MAX_TEXT) {
                throw bad(member + "." + entry.getKey(), "a non-empty text of at most " + MAX_TEXT + " characters");
            }
            texts.put(entry.getKey(), entry.getValue().asText());
        });
        if (required && !texts.containsKey("nl")) {
            throw bad(member + ".nl", "the Dutch text is required");
        }
        return texts;
    }

    private static String text(JsonNode node, String at) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw bad(at, "a string, not " + Names.abbreviate(node.toString()));
        }
        return node.asText().isBlank() ? null : node.asText();
    }

    private static String textOrNull(JsonNode node) {
        return node == null || !node.isTextual() ? null : node.asText();
    }

    private static NgsiLdException bad(String member, String detail) {
        return NgsiLdException.badData(member + ": " + detail);
    }

    /** The question in its JSON form: what the API shows and what is stored. */
    public static ObjectNode toJson(Question question) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("id", question.id());
        ObjectNode title = out.putObject("title");
        question.title().forEach(title::put);
        ObjectNode description = out.putObject("description");
        question.description().forEach(description::put);
        out.put("domain", question.domain().term());
        question.cities().forEach(out.putArray("cities")::add);
        var needs = out.putArray("needs");
        for (Need need : question.needs()) {
            ObjectNode node = needs.addObject().put("id", need.id()).put("entityType", need.typeName());
            if (need.dataModel() != null) {
                node.put("dataModel", need.dataModel());
            }
            need.attributeNames().forEach(node.putArray("attributes")::add);
            if (need.freshness() != null) {
                node.put("freshness", need.freshness());
            }
            if (need.history() != null) {
                node.put("history", need.history());
            }
            if (need.area() != null) {
                node.putObject("area").putArray("bbox").add(need.area().west()).add(need.area().south())
                        .add(need.area().east()).add(need.area().north());
            }
        }
        if (question.createdAt() != null) {
            out.put("createdAt", question.createdAt());
            out.put("modifiedAt", question.modifiedAt());
        }
        return out;
    }
}
