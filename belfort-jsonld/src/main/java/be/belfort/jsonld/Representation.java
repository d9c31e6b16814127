package be.belfort.jsonld;

import be.belfort.model.Members;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;
import java.util.Set;

/**
 * How an entity is to be shown: the format (NGSI-LD clause 4.5), whether system attributes are
 * included, which attributes (expanded IRIs: {@code attributes} null for all, {@code omitted} left out),
 * the preferred language, which datasetIds ({@code @none} for the default instance; null for all), and
 * which of the entity's own members ({@code id}, {@code type}, {@code scope}) a v1.8 projection (pick or
 * omit) leaves out; {@code linked} holds the nested projections of the entities that relationships lead to
 * (v1.8.1 {@code pick=rel{attr}}), by the relationship's expanded name.
 */
public record Representation(Format format, boolean sysAttrs, Set<String> attributes, String lang,
                             Set<String> omitted, Set<String> datasetIds, Set<String> hiddenMembers,
                             Map<String, Representation> linked) {

    public enum Format { NORMALIZED, CONCISE, KEY_VALUES }

    public static final String DEFAULT_DATASET = "@none";
    public static final Representation NORMALIZED = new Representation(Format.NORMALIZED, false, null, null);

    public Representation {
        linked = Map.copyOf(linked);
    }

    public Representation(Format format, boolean sysAttrs, Set<String> attributes, String lang) {
        this(format, sysAttrs, attributes, lang, Set.of(), null, Set.of());
    }

    public Representation(Format format, boolean sysAttrs, Set<String> attributes, String lang,
                          Set<String> omitted, Set<String> datasetIds, Set<String> hiddenMembers) {
        this(format, sysAttrs, attributes, lang, omitted, datasetIds, hiddenMembers, Map.of());
    }

    /**
     * How a linked entity inside this one is shown (join): in the same format, with the same system attributes
     * and language, whole (the projection and the datasetId filter name the entity's own attributes).
     */
    public Representation forLinked() {
        return new Representation(format, sysAttrs, null, lang);
    }

    /**
     * How the entity that the relationship {@code attribute} leads to is shown (join): as {@link #forLinked()},
     * with the nested projection this one gives for that relationship, if any.
     */
    public Representation forLinked(String attribute) {
        Representation nested = linked.get(attribute);
        return nested == null ? forLinked() : new Representation(format, sysAttrs, nested.attributes, lang,
                nested.omitted, null, nested.hiddenMembers, nested.linked);
    }

    /**
     * The shape a join walks through (see the query module's {@code LinkedEntities.Shapes}): the representation of
     * the entity that {@code attribute} leads to, or null when this representation does not show that attribute.
     */
    public Representation through(String attribute) {
        return includes(attribute) ? forLinked(attribute) : null;
    }

    /** The most relationships deep the nested projections reach: 0 without any. */
    public int nestedDepth() {
        return linked.values().stream().mapToInt(nested -> 1 + nested.nestedDepth()).max().orElse(0);
    }

    /** Whether the entity member {@code id}, {@code type} or {@code scope} is shown. */
    public boolean shows(String entityMember) {
        return !hiddenMembers.contains(entityMember);
    }

    public boolean includes(String attributeIri) {
        return (attributes == null || attributes.contains(attributeIri)) && !omitted.contains(attributeIri);
    }

    /** Whether an instance is shown under the datasetId filter. */
    public boolean includesInstance(ObjectNode instance) {
        if (datasetIds == null) {
            return true;
        }
        var datasetId = instance.get(Members.DATASET_ID);
        return datasetIds.contains(datasetId == null ? DEFAULT_DATASET : datasetId.asText());
    }
}
