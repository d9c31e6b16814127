package be.belfort.datapedia;

import java.time.Instant;
import java.util.List;

/** Port: the figures of a type's entities in a city, aggregated where the data is. */
public interface FactsReader {
    /**
     * @param required       the required attributes: name to IRI, in order
     * @param schemaRequired the IRIs of the properties the type's schema requires
     * @param staleBefore    an entity whose newest observation is older is stale; null: none is
     * @param area           the need's area, or null
     */
    PlatformFacts facts(String tenant, String type, java.util.Map<String, String> required, List<String> schemaRequired,
                        Instant staleBefore, Need.Area area);
}
