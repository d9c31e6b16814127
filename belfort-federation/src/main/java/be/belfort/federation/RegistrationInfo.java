package be.belfort.federation;

import java.util.ArrayList;
import java.util.List;

/**
 * One part of what a source holds (clause 5.2.10, RegistrationInfo): entities, attribute names, or both.
 * An empty list means "any".
 *
 * @param entities          the entities, or empty for entities of any type
 * @param propertyNames     expanded property names, or empty
 * @param relationshipNames expanded relationship names, or empty
 */
public record RegistrationInfo(List<EntityInfo> entities, List<String> propertyNames, List<String> relationshipNames) {
    public RegistrationInfo {
        entities = List.copyOf(entities);
        propertyNames = List.copyOf(propertyNames);
        relationshipNames = List.copyOf(relationshipNames);
    }

    /** Every attribute name, properties and relationships; empty for any attribute. */
    public List<String> attributeNames() {
        List<String> names = new ArrayList<>(propertyNames);
        names.addAll(relationshipNames);
        return names;
    }

    /** Whether the registered attributes include one of these (any, when either side names none). */
    boolean hasAnyAttribute(List<String> wanted) {
        List<String> names = attributeNames();
        return wanted.isEmpty() || names.isEmpty() || names.stream().anyMatch(wanted::contains);
    }
}
