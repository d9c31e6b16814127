package be.belfort.api;

import be.belfort.jsonld.LdContext;
import be.belfort.jsonld.Representation;
import be.belfort.model.Names;
import be.belfort.model.NgsiLdException;

import io.javalin.http.Context;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Reads the representation parameters of a read request: options, format, attrs, pick, omit, lang. */
public final class RepresentationParams {
    private static final Set<String> KNOWN_OPTIONS = Set.of("sysAttrs", "keyValues", "concise", "normalized",
            "simplified");

    private RepresentationParams() {
    }

    public static Representation of(Context ctx, LdContext context) {
        return of(ctx, context, projection(ctx, context), ctx.queryParam("lang"));
    }

    /** The projection the URL asks for: attrs, pick or omit. */
    public static Projection projection(Context ctx, LdContext context) {
        return Projection.of(ctx.queryParam("attrs"), ctx.queryParam("pick"), ctx.queryParam("omit"), context::expand);
    }

    /** As {@link #of(Context, LdContext)}, with the projection and language a Query body gave. */
    public static Representation of(Context ctx, LdContext context, Projection projection, String lang) {
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
        List<String> datasetIds = commaList(ctx.queryParam("datasetId"));
        datasetIds.forEach(id -> {
            if (!id.equals(Representation.DEFAULT_DATASET)) {
                Names.requireUri("A datasetId", id);
            }
        });
        return new Representation(chosen, options.contains("sysAttrs"), projection.attributes(),
                "*".equals(lang) ? null : lang, projection.omitted(), datasetIds.isEmpty() ? null : Set.copyOf(datasetIds),
                projection.hiddenMembers(), projection.linkedRepresentations());
    }

    /** Attribute names from a comma-separated parameter, expanded; the entity members id and type are left out. */
    public static Set<String> attributeNames(String names, LdContext context) {
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

    public static List<String> commaList(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return List.of(value.split(",")).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
