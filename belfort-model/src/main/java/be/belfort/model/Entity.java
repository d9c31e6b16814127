package be.belfort.model;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An NGSI-LD entity in expanded form: entity types and attribute names are full IRIs. Each
 * attribute holds one or more instances (a multi-attribute has one instance per {@code datasetId}),
 * each instance an object with the core members of {@link Members} and sub-attributes keyed by IRI.
 */
public final class Entity {
    private final String id;
    private List<String> types;
    private List<String> scopes;
    private Instant createdAt;
    private Instant modifiedAt;
    private Instant expiresAt;
    private final LinkedHashMap<String, List<ObjectNode>> attributes;
    /** Instances an operation deleted, as the history records them; not part of the entity itself. */
    private List<History.Written> deletions;

    public Entity(String id, List<String> types, List<String> scopes, Instant createdAt, Instant modifiedAt,
                  Map<String, List<ObjectNode>> attributes) {
        this.id = Objects.requireNonNull(id, "id");
        this.types = List.copyOf(types);
        this.scopes = scopes == null ? null : List.copyOf(scopes);
        this.createdAt = createdAt;
        this.modifiedAt = modifiedAt;
        this.attributes = new LinkedHashMap<>(attributes);
    }

    public String id() {
        return id;
    }

    public List<String> types() {
        return types;
    }

    public void setTypes(List<String> types) {
        this.types = List.copyOf(types);
    }

    /** The scopes, or null when the entity has none. */
    public List<String> scopes() {
        return scopes;
    }

    public void setScopes(List<String> scopes) {
        this.scopes = scopes == null || scopes.isEmpty() ? null : List.copyOf(scopes);
    }

    /** When this transient entity expires and disappears, or null for an entity that stays. */
    public Instant expiresAt() {
        return expiresAt;
    }

    public void setExpiresAt(Instant expiresAt) {
        this.expiresAt = expiresAt;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant modifiedAt() {
        return modifiedAt;
    }

    public void setCreatedAt(Instant createdAt) {
        this.createdAt = createdAt;
    }

    public void setModifiedAt(Instant modifiedAt) {
        this.modifiedAt = modifiedAt;
    }

    /** Attribute IRI to its instances, in insertion order. Mutable: operations edit it in place. */
    public Map<String, List<ObjectNode>> attributes() {
        return attributes;
    }

    /** Notes that an operation deleted an instance, so that the history records it with the change. */
    public void recordDeletion(String attribute, ObjectNode removed, Instant at) {
        if (deletions == null) {
            deletions = new ArrayList<>();
        }
        deletions.add(new History.Written(attribute, History.deletion(removed, at)));
    }

    public List<History.Written> deletions() {
        return deletions == null ? List.of() : deletions;
    }

    public boolean hasType(String typeIri) {
        return types.contains(typeIri);
    }

    /**
     * The entity without some of its attributes (and without their recorded deletions), sharing the
     * instances it keeps; itself when it has none of them.
     */
    public Entity without(java.util.Set<String> hidden) {
        if (hidden.isEmpty() || (hidden.stream().noneMatch(attributes::containsKey)
                && deletions().stream().noneMatch(deleted -> hidden.contains(deleted.attribute())))) {
            return this;
        }
        LinkedHashMap<String, List<ObjectNode>> kept = new LinkedHashMap<>(attributes);
        kept.keySet().removeAll(hidden);
        Entity trimmed = new Entity(id, types, scopes, createdAt, modifiedAt, kept);
        trimmed.expiresAt = expiresAt;
        deletions().stream().filter(deleted -> !hidden.contains(deleted.attribute())).forEach(deleted -> {
            if (trimmed.deletions == null) {
                trimmed.deletions = new ArrayList<>();
            }
            trimmed.deletions.add(deleted);
        });
        return trimmed;
    }

    /** A deep copy, so that an operation can compare before and after. */
    public Entity copy() {
        LinkedHashMap<String, List<ObjectNode>> copied = new LinkedHashMap<>();
        attributes.forEach((name, instances) -> {
            List<ObjectNode> list = new ArrayList<>(instances.size());
            instances.forEach(instance -> list.add(instance.deepCopy()));
            copied.put(name, list);
        });
        Entity copy = new Entity(id, types, scopes, createdAt, modifiedAt, copied);
        copy.expiresAt = expiresAt;
        return copy;
    }
}
