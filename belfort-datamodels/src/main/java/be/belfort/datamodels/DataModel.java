package be.belfort.datamodels;

import java.util.List;

/**
 * A FIWARE Smart Data Model as the platform knows it.
 *
 * @param type      the entity type it describes ({@code OffStreetParking})
 * @param dataModel its subject ({@code dataModel.Parking})
 * @param required  the properties its schema requires beside {@code id} and {@code type}; empty without a schema
 * @param schemaId  the {@code $id} of its JSON Schema when the platform bundles it, else null
 */
public record DataModel(String type, String dataModel, List<String> required, String schemaId) {
    public DataModel {
        required = List.copyOf(required);
    }

    /** Whether the platform holds the model's schema, and so can check entities against it. */
    public boolean hasSchema() {
        return schemaId != null;
    }

    /** Where people read about the model. */
    public String url() {
        return "https://github.com/smart-data-models/" + dataModel + "/tree/master/" + type;
    }
}
