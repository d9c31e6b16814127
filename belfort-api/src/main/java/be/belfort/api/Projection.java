package be.belfort.api;

import be.belfort.jsonld.Representation;
import be.belfort.model.Members;
import be.belfort.model.Names;
import be.belfort.model.NgsiLdException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Which members of an entity a read returns (ETSI GS CIM 009 v1.8 clause 4.21): {@code attrs} (attributes only;
 * id and type always shown), or the projection {@code pick} (only the named members, id and type included) or
 * {@code omit} (all but the named ones). At most one of the three; names are separated by {@code ,} or
 * {@code |}. A pick or omit term {@code rel{a,b}} projects the entity the relationship {@code rel} leads to
 * (v1.8.1, with {@code join}): {@code pick=id,rel{name}} shows {@code rel} and only the name of its entity;
 * {@code omit=rel{name}} keeps {@code rel} and leaves the name out of its entity.
 *
 * @param attributes    the expanded attribute names to show, or null for all
 * @param omitted       the expanded attribute names to leave out
 * @param hiddenMembers which of {@code id}, {@code type}, {@code scope} and {@code expiresAt} to leave out
 * @param linked        the projections of the entities that relationships lead to, by expanded relationship name
 */
public record Projection(Set<String> attributes, Set<String> omitted, Set<String> hiddenMembers,
                         Map<String, Projection> linked) {
    public static final Projection ALL = new Projection(null, Set.of(), Set.of());
    private static final Set<String> ENTITY_MEMBERS = Set.of(Members.ID, Members.TYPE, Members.SCOPE, Members.EXPIRES_AT);

    public Projection {
        linked = Map.copyOf(linked);
    }

    public Projection(Set<String> attributes, Set<String> omitted, Set<String> hiddenMembers) {
        this(attributes, omitted, hiddenMembers, Map.of());
    }

    /** One name of a projection, with the projection of the entity it leads to ({@code rel{…}}) or null. */
    private record Term(String name, List<Term> nested) {
    }

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
            List<Term> terms = terms("attrs", attrs);
            if (terms.stream().anyMatch(term -> term.nested() != null)) {
                throw NgsiLdException.badData("attrs names attributes of the entity itself; project linked entities"
                        + " with pick or omit (rel{attr})");
            }
            return new Projection(attributesOf(terms, expand), Set.of(), Set.of());
        }
        if (pick != null) {
            return picked(terms("pick", pick), expand);
        }
        if (omit != null) {
            return omitting(terms("omit", omit), expand);
        }
        return ALL;
    }

    private static Projection picked(List<Term> terms, UnaryOperator<String> expand) {
        Set<String> hidden = new LinkedHashSet<>(ENTITY_MEMBERS);
        terms.forEach(term -> hidden.remove(term.name()));
        return new Projection(attributesOf(terms, expand), Set.of(), hidden, nested(terms, expand, true));
    }

    private static Projection omitting(List<Term> terms, UnaryOperator<String> expand) {
        // rel{…} projects the linked entity; it does not leave rel out
        List<Term> left = terms.stream().filter(term -> term.nested() == null).toList();
        Set<String> hidden = new LinkedHashSet<>();
        left.stream().map(Term::name).filter(ENTITY_MEMBERS::contains).forEach(hidden::add);
        return new Projection(null, attributesOf(left, expand), hidden, nested(terms, expand, false));
    }

    private static Map<String, Projection> nested(List<Term> terms, UnaryOperator<String> expand, boolean pick) {
        Map<String, Projection> linked = new LinkedHashMap<>();
        for (Term term : terms) {
            if (term.nested() != null) {
                linked.put(expand.apply(term.name()), pick ? picked(term.nested(), expand)
                        : omitting(term.nested(), expand));
            }
        }
        return linked;
    }

    private static Set<String> attributesOf(List<Term> terms, UnaryOperator<String> expand) {
        Set<String> attributes = new LinkedHashSet<>();
        terms.stream().map(Term::name).filter(name -> !ENTITY_MEMBERS.contains(name))
                .forEach(name -> attributes.add(expand.apply(name)));
        return attributes;
    }

    /** The names of a projection parameter as one text (null when absent). */
    private static List<String> split(String parameter, String value) {
        return value == null ? null : List.of(value);
    }

    /**
     * The terms of a projection given as texts (a URL parameter, or the names of a Query body), each a list of names
     * separated by {@code ,} or {@code |}, a name perhaps followed by {@code {…}}; an empty name ({@code a,,b}),
     * empty braces and unbalanced ones are mistakes.
     */
    private static List<Term> terms(String parameter, List<String> texts) {
        List<Term> terms = new ArrayList<>();
        for (String text : texts) {
            TermReader reader = new TermReader(parameter, text);
            terms.addAll(reader.list());
            reader.requireEnd();
        }
        return terms;
    }

    /** Reads {@code term *(("," / "|") term)}, {@code term = name ["{" terms "}"]}. */
    private static final class TermReader {
        private final String parameter;
        private final String text;
        private int at;

        TermReader(String parameter, String text) {
            this.parameter = parameter;
            this.text = text;
        }

        List<Term> list() {
            List<Term> terms = new ArrayList<>();
            do {
                terms.add(term());
            } while (at < text.length() && (text.charAt(at) == ',' || text.charAt(at) == '|') && at++ >= 0);
            return terms;
        }

        private Term term() {
            int start = at;
            while (at < text.length() && ",|{}".indexOf(text.charAt(at)) < 0) {
                at++;
            }
            String name = text.substring(start, at).trim();
            if (name.isEmpty()) {
                throw NgsiLdException.badData(parameter + " has an empty name in '" + text + "'");
            }
            if (!ENTITY_MEMBERS.contains(name)) {
                Names.requireName("Attribute name", name);
            }
            if (at < text.length() && text.charAt(at) == '{') {
                if (ENTITY_MEMBERS.contains(name)) {
                    throw NgsiLdException.badData(parameter + ": only a relationship leads to an entity, not " + name);
                }
                at++;
                List<Term> nested = list();
                if (at >= text.length() || text.charAt(at) != '}') {
                    throw NgsiLdException.badData(parameter + " has a '{' without its '}' in '" + text + "'");
                }
                at++;
                return new Term(name, nested);
            }
            return new Term(name, null);
        }

        void requireEnd() {
            if (at < text.length()) {
                throw NgsiLdException.badData(parameter + " has an unexpected '" + text.charAt(at) + "' at position "
                        + (at + 1) + " in '" + text + "'");
            }
        }
    }

    /** Whether this is an attrs list: it names attributes, and an entity with none of them has nothing to show. */
    public boolean namesAttributesOnly() {
        return attributes != null && hiddenMembers.isEmpty();
    }

    /** The most relationships deep the nested projections reach: 0 without any. */
    public int depth() {
        return linked.values().stream().mapToInt(nested -> 1 + nested.depth()).max().orElse(0);
    }

    /** The nested projections as the renderer takes them. */
    public Map<String, Representation> linkedRepresentations() {
        Map<String, Representation> shown = new LinkedHashMap<>();
        linked.forEach((relationship, nested) -> shown.put(relationship, new Representation(
                Representation.Format.NORMALIZED, false, nested.attributes, null, nested.omitted, null,
                nested.hiddenMembers, nested.linkedRepresentations())));
        return shown;
    }
}
