package be.belfort.jsonld;

import be.belfort.model.AttributeType;
import be.belfort.model.Members;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Entities as a client of an earlier NGSI-LD version understands them ({@code Prefer: ngsi-ld=1.6}, the
 * backwards-compatibility fallbacks of ETSI GS CIM 009): attribute types newer than that version fall back to a
 * Property or Relationship holding the same value, and members it does not know are left out. Belfort speaks v1.8;
 * a client asking for v1.8 or later gets entities unchanged.
 */
public final class VersionFallback {
    /** The version Belfort's representations follow. */
    public static final Version NATIVE = new Version(1, 8);
    /** The oldest version entities can be brought back to: before it, entities had a single type and no datasetId. */
    public static final Version OLDEST = new Version(1, 3);

    private static final Pattern PREFERENCE = Pattern.compile("(?:^|[,;\\s])ngsi-ld\\s*=\\s*\"?(\\d+)\\.(\\d+)(?:\\.\\d+)?\"?");

    /** A major.minor version of the specification. */
    public record Version(int major, int minor) implements Comparable<Version> {
        @Override
        public int compareTo(Version other) {
            return major != other.major ? Integer.compare(major, other.major) : Integer.compare(minor, other.minor);
        }

        public boolean before(Version other) {
            return compareTo(other) < 0;
        }

        @Override
        public String toString() {
            return major + "." + minor;
        }
    }

    private final Version target;

    private VersionFallback(Version target) {
        this.target = target;
    }

    /**
     * The fallback a {@code Prefer} header asks for, or null when it names no {@code ngsi-ld} version. A version
     * newer than Belfort's gets Belfort's; one older than {@link #OLDEST} gets the oldest.
     */
    public static VersionFallback preferred(String prefer) {
        if (prefer == null) {
            return null;
        }
        Matcher matcher = PREFERENCE.matcher(prefer);
        if (!matcher.find()) {
            return null;
        }
        Version asked = new Version(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)));
        return new VersionFallback(asked.compareTo(NATIVE) > 0 ? NATIVE : asked.before(OLDEST) ? OLDEST : asked);
    }

    /** The version the answer follows, for {@code Preference-Applied}. */
    public Version applied() {
        return target;
    }

    /** Brings an entity, or each entity of an array, back to the target version, in place. */
    public void apply(JsonNode answer) {
        if (!target.before(NATIVE)) {
            return;
        }
        if (answer instanceof ArrayNode entities) {
            entities.forEach(this::apply);
        } else if (answer instanceof ObjectNode entity) {
            entity(entity);
        }
    }

    private void entity(ObjectNode entity) {
        if (target.before(new Version(1, 8))) {
            entity.remove(Members.EXPIRES_AT);
        }
        if (target.before(new Version(1, 4))) {
            entity.remove(Members.SCOPE);
        }
        List<String> names = new ArrayList<>();
        entity.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            if (!Members.ENTITY_MEMBERS.contains(name)) {
                attribute(entity.get(name));
            }
        }
    }

    private void attribute(JsonNode attribute) {
        if (attribute instanceof ArrayNode instances) {
            instances.forEach(this::attribute);
            return;
        }
        if (!(attribute instanceof ObjectNode instance)) {
            return;
        }
        AttributeType type = AttributeType.ofTerm(instance.path(Members.TYPE).asText()).orElse(null);
        if (type != null && introduced(type).compareTo(target) > 0) {
            boolean relationship = type == AttributeType.LIST_RELATIONSHIP;
            JsonNode value = instance.remove(type.valueMember());
            instance.put(Members.TYPE, relationship ? AttributeType.RELATIONSHIP.term() : AttributeType.PROPERTY.term());
            instance.set(relationship ? Members.OBJECT : Members.VALUE, value);
        }
        if (target.before(new Version(1, 8))) {
            instance.remove(Members.OBJECT_TYPE);
            instance.remove(Members.ENTITY_LIST);
        }
        List<Map.Entry<String, JsonNode>> members = new ArrayList<>(instance.properties());
        for (Map.Entry<String, JsonNode> member : members) {
            if (Members.isSubAttribute(member.getKey()) && !member.getKey().equals(Members.ENTITY)) {
                attribute(member.getValue());
            }
        }
    }

    /** The version that brought each attribute type. */
    private static Version introduced(AttributeType type) {
        return switch (type) {
            case LANGUAGE_PROPERTY -> new Version(1, 4);
            case JSON_PROPERTY, VOCAB_PROPERTY, LIST_PROPERTY, LIST_RELATIONSHIP -> new Version(1, 8);
            default -> new Version(1, 0);
        };
    }
}
