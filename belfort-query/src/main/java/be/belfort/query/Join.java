package be.belfort.query;

import be.belfort.model.Names;
import be.belfort.model.NgsiLdException;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Linked entity retrieval (ETSI GS CIM 009 v1.8.1, {@code join}, {@code joinLevel}, {@code containedBy}): the
 * entities that the Relationships and ListRelationships of an answer point at are shown inside them
 * ({@code inline}) or after the answer's entities ({@code flat}), following links {@code levels} deep; ids in
 * {@code containedBy} were already seen by the caller and are not fetched again.
 */
public record Join(Mode mode, int levels, Set<String> containedBy) {
    public enum Mode { NONE, FLAT, INLINE }

    public static final Join NONE = new Join(Mode.NONE, 0, Set.of());
    /** The deepest joinLevel a request may ask for (listed in docs/limits.md). */
    public static final int MAX_LEVELS = 10;

    public Join {
        containedBy = Set.copyOf(containedBy);
    }

    /**
     * Reads the URL parameters (each null when absent). {@code joinLevel} and {@code containedBy} only mean
     * something with {@code join}.
     *
     * @throws NgsiLdException BadRequestData for an unknown join, a joinLevel that is not a positive integer
     *                         or a containedBy that is not a list of URIs
     */
    public static Join of(String join, String joinLevel, String containedBy) {
        Mode mode = switch (join == null ? "@none" : join) {
            case "@none" -> Mode.NONE;
            case "flat" -> Mode.FLAT;
            case "inline" -> Mode.INLINE;
            default -> throw NgsiLdException.badData("Unknown join '" + join + "'; use flat, inline or @none");
        };
        int levels = 1;
        if (joinLevel != null) {
            try {
                levels = Integer.parseInt(joinLevel.trim());
            } catch (NumberFormatException notANumber) {
                levels = 0;
            }
            if (levels < 1) {
                throw NgsiLdException.badData("joinLevel must be a positive integer, not '" + joinLevel + "'");
            }
            if (levels > MAX_LEVELS) {
                throw NgsiLdException.badData("joinLevel may be at most " + MAX_LEVELS + ", not " + levels);
            }
        }
        Set<String> seen = new LinkedHashSet<>();
        if (containedBy != null) {
            for (String id : List.of(containedBy.split(","))) {
                seen.add(Names.requireUri("An id in containedBy", id.trim()));
            }
        }
        return mode == Mode.NONE ? NONE : new Join(mode, levels, seen);
    }

    /**
     * Reads the {@code join} and {@code joinLevel} members of a JSON object (a Query body or a subscription's
     * {@code notification}); joinLevel is a number or its text.
     *
     * @throws NgsiLdException BadRequestData as {@link #of(String, String, String)} does, or for members that are
     *                         neither text nor a number
     */
    public static Join of(JsonNode object, String where) {
        JsonNode join = object.get("join");
        JsonNode level = object.get("joinLevel");
        if (join != null && !join.isTextual()) {
            throw NgsiLdException.badData(where + "join must be flat, inline or @none");
        }
        if (level != null && !level.isTextual() && !level.isIntegralNumber()) {
            throw NgsiLdException.badData(where + "joinLevel must be a positive integer, not " + level);
        }
        return of(join == null ? null : join.asText(), level == null ? null : level.asText(), null);
    }

    public boolean isNone() {
        return mode == Mode.NONE;
    }
}
