package be.belfort.federation;

import be.belfort.query.GeoQuery;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * Which registrations a client looks for (clause 5.10.2): those that may hold entities of the ids, id
 * pattern or types and one of the attributes, and whose own members pass {@code q} and {@code csf}.
 *
 * @param ids        entity ids, or empty
 * @param idPattern  a regular expression on entity ids, or null
 * @param types      expanded entity types, or empty
 * @param attributes expanded attribute names, or empty
 * @param geo        the relation the registration's location (or observationSpace, operationSpace: its
 *                   geoproperty) must have, or null
 */
public record RegistrationQuery(List<String> ids, String idPattern, List<String> types, List<String> attributes,
                                String q, String csf, GeoQuery geo) {
    /** The members of a registration a geo-query may test. */
    public static final List<String> GEOPROPERTIES = List.of("location", "observationSpace", "operationSpace");

    public RegistrationQuery {
        ids = List.copyOf(ids);
        types = List.copyOf(types);
        attributes = List.copyOf(attributes);
    }

    public RegistrationQuery(List<String> ids, String idPattern, List<String> types, List<String> attributes,
                             String q, String csf) {
        this(ids, idPattern, types, attributes, q, csf, null);
    }

    boolean matches(Registration registration, MemberFilter qFilter, MemberFilter csfFilter) {
        if (qFilter != null && !qFilter.matches(registration.document())
                || csfFilter != null && !csfFilter.matches(registration.document())) {
            return false;
        }
        if (geo != null) {
            JsonNode area = registration.document().get(geo.geoproperty());
            if (area == null || !geo.matches(area)) {
                return false;
            }
        }
        for (RegistrationInfo info : registration.information()) {
            if (info.hasAnyAttribute(attributes) && coversEntities(info)) {
                return true;
            }
        }
        return false;
    }

    private boolean coversEntities(RegistrationInfo info) {
        if (info.entities().isEmpty()) {
            return true;
        }
        for (EntityInfo entity : info.entities()) {
            boolean typeMatches = types.isEmpty() || entity.hasAnyType(types);
            boolean idMatches = ids.isEmpty() || ids.stream().anyMatch(entity::mayHold);
            boolean patternMatches = idPattern == null || entity.id() == null
                    || be.belfort.query.ClientPattern.find(idPattern, entity.id());
            if (typeMatches && idMatches && patternMatches) {
                return true;
            }
        }
        return false;
    }
}
