package be.belfort.datapedia;

import be.belfort.dashboard.Entities;
import be.belfort.dashboard.SchemaValidity;
import be.belfort.datamodels.DataModel;
import be.belfort.datamodels.DataModels;
import be.belfort.model.Entity;
import be.belfort.model.ReadScope;
import be.belfort.query.QueryService;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Checks the entities through the query service, as a client reads them. Validation costs tens of microseconds per
 * entity, so a type with more than {@link #SAMPLE} entities in a city is checked on a sample of that size: pages of
 * {@link #PAGE} entities spread evenly over the id order, so that no one source of the dataset fills the sample.
 */
final class PlatformSchemaChecks implements SchemaChecks {
    /** The most entities checked per need and city. */
    static final int SAMPLE = 500;
    static final int PAGE = 100;

    private final QueryService queries;
    private final Entities entities;
    private final DataModels models;
    private final UnaryOperator<String> compact;

    PlatformSchemaChecks(QueryService queries, DataModels models, UnaryOperator<String> compact) {
        this.queries = queries;
        this.entities = new Entities(queries);
        this.models = models;
        this.compact = compact;
    }

    @Override
    public SchemaValidity check(String tenant, String type, String typeName, long count) {
        DataModel model = models.of(typeName);
        if (model == null || !model.hasSchema() || count == 0) {
            return null;
        }
        List<Entity> sample;
        if (count <= SAMPLE) {
            sample = entities.ofType(tenant, type, ReadScope.EVERYTHING, SAMPLE);
        } else {
            sample = new ArrayList<>(SAMPLE);
            int pages = SAMPLE / PAGE;
            for (int page = 0; page < pages; page++) {
                int offset = (int) (page * count / pages);
                sample.addAll(queries.query(tenant, entities.typeQuery(type, ReadScope.EVERYTHING, PAGE, offset)).entities());
            }
        }
        return SchemaValidity.of(models, typeName, sample, compact);
    }
}
