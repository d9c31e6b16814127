package be.belfort.datapedia;

import java.util.List;

/** The cities (tenants) of the region and the entity types they hold, as the datapedia checks questions against. */
public interface Region {
    /** True for a tenant that exists: one written to, or one that declared a dataset. */
    boolean hasCity(String city);

    /** True when a dataset of any city, or an entity of one of the cities named, has the type (an IRI). */
    boolean hasType(String type, List<String> cities);

    /** The cities, sorted. */
    List<String> cities();
}
