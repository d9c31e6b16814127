package be.belfort.datapedia;

import be.belfort.dashboard.SchemaValidity;
import be.belfort.datamodels.DataModel;
import be.belfort.opendata.Dataset;

import java.util.List;

/**
 * What the diagnosis of one need in one city is computed from.
 *
 * @param dataset  the dataset the city declared for the type, or null (undeclared data is restricted)
 * @param facts    the figures of the city's entities of the type ({@link PlatformFacts#NONE} without any)
 * @param external the harvested datasets about the type for the city
 * @param cityTeam whom to ask where nothing exists: the city's data team
 * @param model    the type's Smart Data Model as the platform knows it, or null
 * @param validity the city's entities checked against the model's schema (all, or a sample), or null without a
 *                 schema or entities
 */
public record CellInputs(Dataset dataset, PlatformFacts facts, List<Matched> external, Diagnosis.Partner cityTeam,
                         DataModel model, SchemaValidity validity) {
    public CellInputs {
        external = List.copyOf(external);
    }

    /** A harvested dataset and the catalogue it came from. */
    public record Matched(ExternalSource source, ExternalDataset dataset) {
    }
}
