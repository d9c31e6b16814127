package be.belfort.jsonld;

import java.util.Set;

/**
 * How an entity is to be shown: the format (NGSI-LD clause 4.5), whether system attributes are
 * included, which attributes (expanded IRIs, null for all) and the preferred language, if any.
 */
public record Representation(Format format, boolean sysAttrs, Set<String> attributes, String lang) {

    public enum Format { NORMALIZED, CONCISE, KEY_VALUES }

    public static final Representation NORMALIZED = new Representation(Format.NORMALIZED, false, null, null);

    public boolean includes(String attributeIri) {
        return attributes == null || attributes.contains(attributeIri);
    }
}
