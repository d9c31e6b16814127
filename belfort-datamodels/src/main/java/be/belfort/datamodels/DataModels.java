package be.belfort.datamodels;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Smart Data Models the platform knows ({@code models.tsv}: type and subject) and, for those whose JSON Schema it
 * bundles, what the schema requires and whether an entity is valid against it. One instance holds the compiled
 * schemas; share it ({@link #bundled()}).
 */
public final class DataModels {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> ALWAYS_THERE = Set.of("id", "type");
    private static final DataModels BUNDLED = load();

    private final Map<String, DataModel> byType;
    private final Schemas schemas = new Schemas();

    private DataModels(Map<String, DataModel> byType) {
        this.byType = Map.copyOf(byType);
    }

    /** The models bundled with the platform, read once. */
    public static DataModels bundled() {
        return BUNDLED;
    }

    /** The model of a type, by its name ({@code OffStreetParking}) or Smart Data Models IRI; null when unknown. */
    public DataModel of(String type) {
        return type == null ? null : byType.get(KeyValues.localName(type));
    }

    /** Every known model, by type name. */
    public List<DataModel> all() {
        return byType.values().stream().sorted(java.util.Comparator.comparing(DataModel::type)).toList();
    }

    /**
     * The model an entity is checked against: that of its first type whose schema the platform holds, or null.
     *
     * @param entity in normalized, concise or keyValues form, with names as its model's @context gives them
     */
    public DataModel checkedAgainst(ObjectNode entity) {
        JsonNode type = entity.path("type");
        for (JsonNode one : type.isArray() ? type : List.of(type)) {
            DataModel model = of(one.asText(null));
            if (model != null && model.hasSchema()) {
                return model;
            }
        }
        return null;
    }

    /**
     * What makes an entity invalid against its model's schema, sorted by path; empty when it is valid.
     *
     * @throws IllegalArgumentException when no type of the entity has a schema ({@link #checkedAgainst})
     */
    public List<Problem> problems(ObjectNode entity) {
        DataModel model = checkedAgainst(entity);
        if (model == null) {
            throw new IllegalArgumentException("No Smart Data Model schema is known for type " + entity.path("type"));
        }
        ObjectNode keyValues = KeyValues.of(entity);
        keyValues.put("type", model.type());
        return schemas.problems(model.type(), keyValues);
    }

    private static DataModels load() {
        Map<String, DataModel> models = new LinkedHashMap<>();
        try (InputStream in = resource("models.tsv")) {
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] columns = line.split("\t", -1);
                models.put(columns[0], model(columns[0], columns[1]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new DataModels(models);
    }

    private static DataModel model(String type, String dataModel) throws IOException {
        InputStream in = DataModels.class.getClassLoader().getResourceAsStream(Schemas.BUNDLED + type + ".json");
        if (in == null) {
            return new DataModel(type, dataModel, List.of(), null);
        }
        try (in) {
            JsonNode schema = JSON.readTree(in);
            return new DataModel(type, dataModel, required(schema), schema.path("$id").asText(null));
        }
    }

    /** What the schema requires at its top level and in the parts it is made of ({@code allOf}), beside id and type. */
    static List<String> required(JsonNode schema) {
        Set<String> required = new LinkedHashSet<>();
        List<JsonNode> parts = new ArrayList<>(List.of(schema));
        schema.path("allOf").forEach(parts::add);
        for (JsonNode part : parts) {
            part.path("required").forEach(name -> required.add(name.asText()));
        }
        required.removeAll(ALWAYS_THERE);
        return List.copyOf(required);
    }

    private static InputStream resource(String name) {
        InputStream in = DataModels.class.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("The Smart Data Models index is missing from the jar: " + name);
        }
        return in;
    }
}
