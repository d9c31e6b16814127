package be.belfort.api;

import be.belfort.jsonld.LdContext;
import be.belfort.jsonld.Representation;
import be.belfort.model.Names;
import be.belfort.model.NgsiLdException;
import io.javalin.http.Context;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Reads the representation parameters of a read request: options, format, attrs, pick, lang. */
final class RepresentationParams {
    private static final Set<String> KNOWN_OPTIONS = Set.of("sysAttrs", "keyValues", "concise", "normalized",
            "simplified");

    private RepresentationParams() {
    }

    static Representation of(Context ctx, LdContext context) {
        return of(ctx, context, attributeSet(ctx, context), ctx.queryParam("lang"));
    }

    /** As {@link #of(Context, LdContext)}, with the attributes and language a Query body gave. */
    static Representation of(Context ctx, LdContext context, Set<String> attributes, String lang) {
        List<String> options = commaList(ctx.queryParam("options"));
        for (String option : options) {
            if (!KNOWN_OPTIONS.contains(option)) {
                throw NgsiLdException.badData("Unknown value '" + option + "' in options; known are "
                        + String.join(", ", KNOWN_OPTIONS.stream().sorted().toList()));
            }
        }
        Set<String> formats = new LinkedHashSet<>();
        options.stream().filter(option -> !option.equals("sysAttrs")).map(RepresentationParams::canonicalFormat)
                .forEach(formats::add);
        String format = ctx.queryParam("format");
        if (format != null) {
            if (!Set.of("normalized", "concise", "keyValues", "simplified").contains(format)) {
                throw NgsiLdException.badData("Unknown format '" + format + "'; use normalized, concise or keyValues");
            }
            formats.clear();
            formats.add(canonicalFormat(format));
        }
        if (formats.size() > 1) {
            throw NgsiLdException.badData("Choose one representation, not " + String.join(" and ", formats));
        }
        Representation.Format chosen = formats.isEmpty() ? Representation.Format.NORMALIZED
                : switch (formats.iterator().next()) {
                    case "keyValues" -> Representation.Format.KEY_VALUES;
                    case "concise" -> Representation.Format.CONCISE;
                    default -> Representation.Format.NORMALIZED;
                };
        if (lang != null && lang.isBlank()) {
            throw NgsiLdException.badData("lang must name a language tag");
        }
        String omit = ctx.queryParam("omit");
        Set<String> omitted = omit == null ? Set.of() : attributeNames(omit, context);
        List<String> datasetIds = commaList(ctx.queryParam("datasetId"));
        datasetIds.forEach(id -> {
            if (!id.equals(Representation.DEFAULT_DATASET)) {
                Names.requireUri("A datasetId", id);
            }
        });
        return new Representation(chosen, options.contains("sysAttrs"), attributes, "*".equals(lang) ? null : lang,
                omitted, datasetIds.isEmpty() ? null : Set.copyOf(datasetIds));
    }

    /** The attributes named by attrs or pick (expanded), or null for all of them. */
    static Set<String> attributeSet(Context ctx, LdContext context) {
        String attrs = ctx.queryParam("attrs");
        String pick = ctx.queryParam("pick");
        if (attrs != null && pick != null) {
            throw NgsiLdException.badData("Use attrs or pick, not both");
        }
        String names = attrs != null ? attrs : pick;
        if (names == null) {
            return null;
        }
        return attributeNames(names, context);
    }

    /** Attribute names from a comma-separated parameter, expanded; the entity members id and type are left out. */
    static Set<String> attributeNames(String names, LdContext context) {
        Set<String> expanded = new LinkedHashSet<>();
        for (String name : commaList(names)) {
            if (!name.equals("id") && !name.equals("type")) {
                expanded.add(context.expand(Names.requireName("Attribute name", name)));
            }
        }
        return expanded;
    }

    private static String canonicalFormat(String name) {
        return name.equals("simplified") ? "keyValues" : name;
    }

    static List<String> commaList(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return List.of(value.split(",")).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
