package be.belfort.api;

import be.belfort.model.Members;
import be.belfort.model.Names;
import be.belfort.model.NgsiLdException;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Which members of an entity a read returns (ETSI GS CIM 009 v1.8 clause 4.21): {@code attrs} (attributes only;
 * id and type always shown), or the projection {@code pick} (only the named members, id and type included) or
 * {@code omit} (all but the named ones). At most one of the three; names are separated by {@code ,} or
 * {@code |}. Nested projection over linked entities ({@code a{b}}) is not supported and answered 400.
 *
 * @param attributes    the expanded attribute names to show, or null for all
 * @param omitted       the expanded attribute names to leave out
 * @param hiddenMembers which of {@code id}, {@code type}, {@code scope} and {@code expiresAt} to leave out
 */
public record Projection(Set<String> attributes, Set<String> omitted, Set<String> hiddenMembers) {
    public static final Projection ALL = new Projection(null, Set.of(), Set.of());
    private static final Set<String> ENTITY_MEMBERS = Set.of(Members.ID, Members.TYPE, Members.SCOPE, Members.EXPIRES_AT);

    /**
     * Reads the three URL parameters (each null when absent) and expands attribute names with {@code expand}.
     *
     * @throws NgsiLdException BadRequestData when more than one is given or one is malformed
     */
    public static Projection of(String attrs, String pick, String omit, UnaryOperator<String> expand) {
        return of(split("attrs", attrs), split("pick", pick), split("omit", omit), expand);
    }

    /** As {@link #of(String, String, String, UnaryOperator)}, with the names already listed (a Query body). */
    public static Projection of(List<String> attrs, List<String> pick, List<String> omit, UnaryOperator<String> expand) {
        int given = (attrs != null ? 1 : 0) + (pick != null ? 1 : 0) + (omit != null ? 1 : 0);
        if (given > 1) {
            throw NgsiLdException.badData("Use one of attrs, pick and omit, not "
                    + (attrs != null ? "attrs and " + (pick != null ? "pick" : "omit") : "pick and omit"));
        }
        if (attrs != null) {
            return new Projection(attributesOf(checked(attrs), expand), Set.of(), Set.of());
        }
        if (pick != null) {
            List<String> names = checked(pick);
            Set<String> hidden = new LinkedHashSet<>(ENTITY_MEMBERS);
            names.forEach(hidden::remove);
            return new Projection(attributesOf(names, expand), Set.of(), hidden);
        }
        if (omit != null) {
            List<String> names = checked(omit);
            Set<String> hidden = new LinkedHashSet<>(names);
            hidden.retainAll(ENTITY_MEMBERS);
            return new Projection(null, attributesOf(names, expand), hidden);
        }
        return ALL;
    }

    private static Set<String> attributesOf(List<String> names, UnaryOperator<String> expand) {
        Set<String> attributes = new LinkedHashSet<>();
        names.stream().filter(name -> !ENTITY_MEMBERS.contains(name)).forEach(name -> attributes.add(expand.apply(name)));
        return attributes;
    }

    /** The names of a projection parameter; an empty name ({@code a,,b}) or a brace is a mistake. */
    private static List<String> split(String parameter, String value) {
        if (value == null) {
            return null;
        }
        if (value.indexOf('{') >= 0 || value.indexOf('}') >= 0) {
            throw NgsiLdException.badData(parameter + ": nested projection with { } is not supported; name the "
                    + "attributes of the entity itself");
        }
        String[] parts = value.split("[,|]", -1);
        for (String part : parts) {
            if (part.isBlank()) {
                throw NgsiLdException.badData(parameter + " has an empty name in '" + value + "'");
            }
        }
        return Arrays.stream(parts).map(String::trim).toList();
    }

    private static List<String> checked(List<String> names) {
        return names.stream().map(name -> ENTITY_MEMBERS.contains(name) ? name
                : Names.requireName("Attribute name", name)).toList();
    }

    /** Whether this is an attrs list: it names attributes, and an entity with none of them has nothing to show. */
    public boolean namesAttributesOnly() {
        return attributes != null && hiddenMembers.isEmpty();
    }
}
