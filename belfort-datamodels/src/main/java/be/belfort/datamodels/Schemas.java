package be.belfort.datamodels;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.AbsoluteIri;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bundled JSON Schemas, compiled once per type and kept. Every {@code $ref} to the Smart Data Models' sites is
 * answered from the bundled copies, so validation never reaches the network.
 */
final class Schemas {
    static final String BUNDLED = "be/belfort/datamodels/schemas/";
    private static final String LOCAL = "classpath:" + BUNDLED;
    private static final String MODEL_PAGES = "https://smart-data-models.github.io/";
    private static final String SHARED_DEFINITIONS = "https://smart-data-models.github.io/data-models/";
    private static final String MODEL_SOURCES = "https://raw.githubusercontent.com/smart-data-models/";

    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            builder -> builder.schemaMappers(mappers -> mappers.add(Schemas::bundledCopy))
                    .metaSchema(JsonMetaSchema.builder(JsonMetaSchema.getV202012())
                            // The models' own annotations: known, and nothing to check.
                            .keywords(List.of(new NonValidationKeyword("$schemaVersion"),
                                    new NonValidationKeyword("modelTags")))
                            .build()));
    private final SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
    private final Map<String, JsonSchema> compiled = new ConcurrentHashMap<>();

    /**
     * The bundled copy of a Smart Data Models schema URL: the shared definitions
     * ({@code …/data-models/common-schema.json}), a subject's shared schema
     * ({@code raw.githubusercontent.com/smart-data-models/dataModel.Environment/master/Environment-schema.json}) and a
     * model's own ({@code smart-data-models.github.io/dataModel.Parking/OffStreetParking/schema.json}); null for
     * anything else.
     */
    static AbsoluteIri bundledCopy(AbsoluteIri iri) {
        String url = iri.toString();
        int fragment = url.indexOf('#');
        String document = fragment < 0 ? url : url.substring(0, fragment);
        String rest = fragment < 0 ? "" : url.substring(fragment);
        if (document.startsWith(SHARED_DEFINITIONS) || document.startsWith(MODEL_SOURCES)) {
            return AbsoluteIri.of(LOCAL + document.substring(document.lastIndexOf('/') + 1) + rest);
        }
        if (document.startsWith(MODEL_PAGES) && document.endsWith("/schema.json")) {
            String[] segments = document.substring(MODEL_PAGES.length()).split("/");
            return segments.length == 3 ? AbsoluteIri.of(LOCAL + segments[1] + ".json" + rest) : null;
        }
        return null;
    }

    /** The problems of a keyValues entity against the bundled schema of the type, sorted by path. */
    List<Problem> problems(String type, JsonNode keyValues) {
        JsonSchema schema = compiled.computeIfAbsent(type,
                name -> factory.getSchema(SchemaLocation.of(LOCAL + name + ".json"), config));
        List<Problem> problems = new ArrayList<>();
        for (ValidationMessage message : schema.validate(keyValues)) {
            problems.add(problem(message));
        }
        problems.sort(Comparator.comparing(Problem::path).thenComparing(Problem::message));
        return problems;
    }

    private static Problem problem(ValidationMessage message) {
        StringBuilder path = new StringBuilder();
        JsonNodePath location = message.getInstanceLocation();
        for (int i = 0; i < location.getNameCount(); i++) {
            Object element = location.getElement(i);
            if (element instanceof Integer index) {
                path.append('[').append(index).append(']');
            } else {
                path.append(path.isEmpty() ? "" : ".").append(element);
            }
        }
        if ("required".equals(message.getType()) && message.getProperty() != null) {
            path.append(path.isEmpty() ? "" : ".").append(message.getProperty());
        }
        return new Problem(path.toString(), message.getError());
    }
}
