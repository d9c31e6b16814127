package be.belfort.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The rules by which NGSI-LD operations change an entity (ETSI GS CIM 009 clause 5.6). Pure
 * functions on the in-memory entity: the service loads, applies one of these and stores.
 */
public final class EntityChanges {
    private EntityChanges() {
    }

    /** Prepares a new entity: every instance gets its system members. */
    public static void stampNew(Entity entity, Instant now) {
        entity.setCreatedAt(now);
        entity.setModifiedAt(now);
        entity.attributes().values().forEach(list -> list.forEach(instance -> Instances.stamp(instance, null, now)));
    }

    /** Replaces the whole entity content (PUT /entities/{id}, upsert with replace), keeping its createdAt. */
    public static Entity replace(Entity existing, Entity replacement, Instant now) {
        stampNew(replacement, now);
        replacement.setCreatedAt(existing.createdAt());
        // what the replacement leaves out is deleted, and the history says so
        existing.attributes().forEach((name, instances) -> {
            List<ObjectNode> kept = replacement.attributes().getOrDefault(name, List.of());
            for (ObjectNode instance : instances) {
                String datasetId = instance.path(Members.DATASET_ID).asText(null);
                if (Instances.indexOf(kept, datasetId) < 0) {
                    replacement.recordDeletion(name, instance, now);
                }
            }
        });
        return replacement;
    }

    /**
     * Append Entity Attributes (clause 5.6.3): adds each instance, or overwrites the instance with the
     * same datasetId unless {@code noOverwrite} is set.
     */
    public static UpdateResult append(Entity entity, Map<String, List<ObjectNode>> attributes, boolean noOverwrite,
                                      Instant now) {
        return append(entity, attributes, null, noOverwrite, now);
    }

    /** Append with a scope: it is set like an attribute, and left alone under noOverwrite when there is one. */
    public static UpdateResult append(Entity entity, Map<String, List<ObjectNode>> attributes, ScopePatch scope,
                                      boolean noOverwrite, Instant now) {
        UpdateResult result = new UpdateResult();
        if (scope != null) {
            if (noOverwrite && entity.scopes() != null) {
                result.notUpdated(Members.SCOPE, "the entity has a scope and noOverwrite was requested");
            } else {
                entity.setScopes(scope.scopes());
                result.updated(Members.SCOPE);
            }
        }
        attributes.forEach((name, instances) -> {
            for (ObjectNode instance : instances) {
                List<ObjectNode> existing = entity.attributes().computeIfAbsent(name, k -> new ArrayList<>());
                int index = Instances.indexOf(existing, Instances.datasetId(instance));
                if (index < 0) {
                    Instances.stamp(instance, null, now);
                    existing.add(instance);
                    result.updated(name);
                } else if (noOverwrite) {
                    result.notUpdated(name, "the attribute exists and noOverwrite was requested");
                } else {
                    Instances.stamp(instance, Instances.createdAt(existing.get(index)), now);
                    existing.set(index, instance);
                    result.updated(name);
                }
            }
        });
        touch(entity, result, now);
        return result;
    }

    /**
     * Update Entity Attributes (clause 5.6.2): overwrites only instances that exist; an instance given
     * with the NGSI-LD Null as its value deletes the existing one.
     */
    public static UpdateResult update(Entity entity, Map<String, List<ObjectNode>> attributes, ScopePatch scope,
                                      Instant now) {
        UpdateResult result = new UpdateResult();
        if (scope != null) {
            if (entity.scopes() == null) {
                result.notUpdated(Members.SCOPE, "the entity has no scope");
            } else {
                entity.setScopes(scope.scopes());
                result.updated(Members.SCOPE);
            }
        }
        attributes.forEach((name, instances) -> {
            for (ObjectNode instance : instances) {
                List<ObjectNode> existing = entity.attributes().get(name);
                String datasetId = Instances.datasetId(instance);
                int index = existing == null ? -1 : Instances.indexOf(existing, datasetId);
                if (index < 0) {
                    result.notUpdated(name, datasetId == null
                            ? "the entity has no such attribute"
                            : "the attribute has no instance with datasetId " + datasetId);
                } else if (Instances.isNgsiLdNull(instance)) {
                    deleteInstance(entity, name, index, now);
                    result.updated(name);
                } else {
                    Instances.stamp(instance, Instances.createdAt(existing.get(index)), now);
                    existing.set(index, instance);
                    result.updated(name);
                }
            }
        });
        touch(entity, result, now);
        return result;
    }

    /**
     * Partial Attribute Update (clause 5.6.4): merges the given members into the existing instance with
     * the same datasetId. An NGSI-LD Null value deletes the instance; a null sub-attribute deletes it.
     *
     * @throws NgsiLdException ResourceNotFound when there is no such attribute instance
     */
    public static void partialUpdate(Entity entity, String name, ObjectNode patch, Instant now) {
        List<ObjectNode> existing = entity.attributes().get(name);
        String datasetId = Instances.datasetId(patch);
        int index = existing == null ? -1 : Instances.indexOf(existing, datasetId);
        if (index < 0) {
            throw NgsiLdException.notFound("Entity " + entity.id() + " has no attribute " + name
                    + (datasetId == null ? "" : " with datasetId " + datasetId));
        }
        if (Instances.isNgsiLdNull(patch)) {
            deleteInstance(entity, name, index, now);
        } else {
            mergeInstance(existing.get(index), patch, now);
        }
        entity.setModifiedAt(now);
    }

    /**
     * Merge Entity (clause 5.6.17): adds types, replaces the scope when given (the NGSI-LD Null deletes it),
     * merges each attribute instance into the existing one, adds new ones; NGSI-LD Null removes an
     * attribute instance.
     */
    public static void merge(Entity entity, Entity patch, ScopePatch scope, Instant now) {
        LinkedHashSet<String> types = new LinkedHashSet<>(entity.types());
        types.addAll(patch.types());
        entity.setTypes(new ArrayList<>(types));
        if (scope != null) {
            entity.setScopes(scope.scopes());
        }
        if (patch.expiresAt() != null) {
            entity.setExpiresAt(patch.expiresAt());
        }
        patch.attributes().forEach((name, instances) -> {
            for (ObjectNode instance : instances) {
                List<ObjectNode> existing = entity.attributes().get(name);
                int index = existing == null ? -1 : Instances.indexOf(existing, Instances.datasetId(instance));
                if (Instances.isNgsiLdNull(instance)) {
                    if (index >= 0) {
                        deleteInstance(entity, name, index, now);
                    }
                } else if (index >= 0) {
                    mergeInstance(existing.get(index), instance, now);
                } else {
                    Instances.stamp(instance, null, now);
                    entity.attributes().computeIfAbsent(name, k -> new ArrayList<>()).add(instance);
                }
            }
        });
        entity.setModifiedAt(now);
    }

    /**
     * Replace Attribute (clause 5.6.19): the instances with the same datasetId are replaced.
     *
     * @throws NgsiLdException ResourceNotFound when the entity has no such attribute
     */
    public static void replaceAttribute(Entity entity, String name, List<ObjectNode> instances, Instant now) {
        List<ObjectNode> existing = entity.attributes().get(name);
        if (existing == null) {
            throw NgsiLdException.notFound("Entity " + entity.id() + " has no attribute " + name);
        }
        for (ObjectNode instance : instances) {
            int index = Instances.indexOf(existing, Instances.datasetId(instance));
            if (index < 0) {
                Instances.stamp(instance, null, now);
                existing.add(instance);
            } else {
                Instances.stamp(instance, Instances.createdAt(existing.get(index)), now);
                existing.set(index, instance);
            }
        }
        entity.setModifiedAt(now);
    }

    /**
     * Delete Attribute (clause 5.6.5): the default instance, the instance with the given datasetId,
     * or every instance when {@code deleteAll}.
     *
     * @throws NgsiLdException ResourceNotFound when there is nothing to delete
     */
    public static void deleteAttribute(Entity entity, String name, String datasetId, boolean deleteAll, Instant now) {
        List<ObjectNode> existing = entity.attributes().get(name);
        if (existing == null) {
            throw NgsiLdException.notFound("Entity " + entity.id() + " has no attribute " + name);
        }
        if (deleteAll) {
            existing.forEach(instance -> entity.recordDeletion(name, instance, now));
            entity.attributes().remove(name);
        } else {
            int index = Instances.indexOf(existing, datasetId);
            if (index < 0) {
                throw NgsiLdException.notFound("Attribute " + name + " of entity " + entity.id() + " has no "
                        + (datasetId == null ? "default instance" : "instance with datasetId " + datasetId));
            }
            deleteInstance(entity, name, index, now);
        }
        entity.setModifiedAt(now);
    }

    /**
     * Delete Attribute of {@code scope}.
     *
     * @throws NgsiLdException ResourceNotFound when the entity has no scope
     */
    public static void deleteScope(Entity entity, Instant now) {
        if (entity.scopes() == null) {
            throw NgsiLdException.notFound("Entity " + entity.id() + " has no scope");
        }
        entity.setScopes(null);
        entity.setModifiedAt(now);
    }

    /** Removes an instance and records its deletion, so that history and subscriptions learn of it. */
    private static void deleteInstance(Entity entity, String name, int index, Instant now) {
        entity.recordDeletion(name, entity.attributes().get(name).get(index), now);
        removeInstance(entity, name, index);
    }

    private static void removeInstance(Entity entity, String name, int index) {
        List<ObjectNode> existing = entity.attributes().get(name);
        existing.remove(index);
        if (existing.isEmpty()) {
            entity.attributes().remove(name);
        }
    }

    /** Merges the patch's members into the target instance; sub-attributes are merged one level down. */
    private static void mergeInstance(ObjectNode target, ObjectNode patch, Instant now) {
        JsonNode newType = patch.get(Members.TYPE);
        if (newType != null && !newType.equals(target.get(Members.TYPE))) {
            Instances.clearValueMembers(target);
        }
        for (Map.Entry<String, JsonNode> member : patch.properties()) {
            String key = member.getKey();
            JsonNode value = member.getValue();
            if (Members.CREATED_AT.equals(key) || Members.MODIFIED_AT.equals(key)) {
                continue;
            }
            if (Members.isSubAttribute(key) && value instanceof ObjectNode subPatch) {
                if (Instances.isNgsiLdNull(subPatch)) {
                    target.remove(key);
                } else if (target.get(key) instanceof ObjectNode subTarget) {
                    mergeInstance(subTarget, subPatch, now);
                } else {
                    Instances.stamp(subPatch, null, now);
                    target.set(key, subPatch);
                }
            } else if (value.isTextual() && Members.NGSI_LD_NULL.equals(value.asText())) {
                target.remove(key);
            } else {
                target.set(key, value);
            }
        }
        target.put(Members.MODIFIED_AT, now.toString());
    }

    /**
     * Adds the entity types an Append or Update fragment names (clauses 5.6.2 and 5.6.3 keep the types an entity
     * has: types are only ever added); the types already there are left as they are.
     */
    public static void addTypes(Entity entity, List<String> types, UpdateResult result, Instant now) {
        if (types.isEmpty()) {
            return;
        }
        java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>(entity.types());
        if (all.addAll(types)) {
            entity.setTypes(new ArrayList<>(all));
            result.updated(Members.TYPE);
            entity.setModifiedAt(now);
        }
    }

    private static void touch(Entity entity, UpdateResult result, Instant now) {
        entity.attributes().values().removeIf(List::isEmpty);
        if (result.changedAnything()) {
            entity.setModifiedAt(now);
        }
    }
}
