package be.belfort.demo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks payloads against the Smart Data Models JSON Schemas kept in the project. The schemas'
 * remote {@code $ref}s are mapped to the local copies, so nothing is fetched.
 */
public final class SchemaCheck {
    private static final String LOCAL = "classpath:be/belfort/demo/schemas/";

    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            builder -> builder.schemaMappers(mappers -> mappers
                    .mapPrefix("https://smart-data-models.github.io/data-models/", LOCAL)
                    .mapPrefix("https://raw.githubusercontent.com/smart-data-models/dataModel.Environment/master/", LOCAL)
                    .mapPrefix("https://smart-data-models.github.io/dataModel.Parking/OffStreetParking/schema.json",
                            LOCAL + "OffStreetParking.json")
                    .mapPrefix("https://smart-data-models.github.io/dataModel.Transportation/CrowdFlowObserved/schema.json",
                            LOCAL + "CrowdFlowObserved.json")
                    .mapPrefix("https://smart-data-models.github.io/dataModel.Environment/AirQualityObserved/schema.json",
                            LOCAL + "AirQualityObserved.json")
                    .mapPrefix("https://smart-data-models.github.io/dataModel.Building/Building/schema.json",
                            LOCAL + "Building.json")));
    private final SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
    private final Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();

    /** The problems of a normalized entity's keyValues form against its type's schema; empty when valid. */
    public List<String> problems(ObjectNode normalized) {
        String type = normalized.path("type").asText();
        JsonSchema schema = schemas.computeIfAbsent(type,
                t -> factory.getSchema(SchemaLocation.of(LOCAL + t + ".json"), config));
        Set<ValidationMessage> messages = schema.validate(Payload.keyValues(normalized));
        return messages.stream().map(ValidationMessage::getMessage).sorted().toList();
    }
}
