package be.belfort.federation;

import java.util.List;

/**
 * Which registrations a client looks for (clause 5.10.2): those that may hold entities of the ids, id
 * pattern or types and one of the attributes, and whose own members pass {@code q} and {@code csf}.
 *
 * @param ids        entity ids, or empty
 * @param idPattern  a regular expression on entity ids, or null
 * @param types      expanded entity types, or empty
 * @param attributes expanded attribute names, or empty
 */
public record RegistrationQuery(List<String> ids, String idPattern, List<String> types, List<String> attributes,
                                String q, String csf) {
    public RegistrationQuery {
        ids = List.copyOf(ids);
        types = List.copyOf(types);
        attributes = List.copyOf(attributes);
    }

    boolean matches(Registration registration, MemberFilter qFilter, MemberFilter csfFilter) {
        if (qFilter != null && !qFilter.matches(registration.document())
                || csfFilter != null && !csfFilter.matches(registration.document())) {
            return false;
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
