package be.belfort.datapedia;

import be.belfort.dashboard.SchemaValidity;

/** Port: a city's entities of a type checked against the type's Smart Data Model schema. */
public interface SchemaChecks {
    /**
     * @param type     the type's IRI
     * @param typeName its name under the core @context, which names its model
     * @param entities how many entities of the type the city holds
     * @return the validity of all of them or of a sample, or null when the platform holds no schema for the type or
     *         the city no entity of it
     */
    SchemaValidity check(String tenant, String type, String typeName, long entities);
}
