package be.belfort.federation;

import be.belfort.model.Entity;
import be.belfort.model.NgsiLdException;
import be.belfort.model.Times;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Merges the same entity as several sources hold it (clause 4.3.6.4): its types are the union; of the instances
 * of one attribute with the same datasetId the most recent observedAt wins (without observedAt on either side,
 * the first source's); createdAt is the earliest and modifiedAt the latest. An auxiliary source only adds
 * attributes no other source has.
 */
final class EntityMerge {
    private final Map<String, Entity> byId = new LinkedHashMap<>();

    /** Adds a source's entities; sources added earlier win ties. */
    void add(List<Entity> entities, boolean auxiliary) {
        for (Entity entity : entities) {
            Entity present = byId.get(entity.id());
            if (present == null) {
                byId.put(entity.id(), entity.copy());
            } else {
                merge(present, entity, auxiliary);
            }
        }
    }

    Map<String, Entity> merged() {
        return byId;
    }

    private static void merge(Entity into, Entity from, boolean auxiliary) {
        LinkedHashSet<String> types = new LinkedHashSet<>(into.types());
        types.addAll(from.types());
        into.setTypes(List.copyOf(types));
        if (from.scopes() != null) {
            LinkedHashSet<String> scopes = new LinkedHashSet<>(into.scopes() == null ? List.of() : into.scopes());
            scopes.addAll(from.scopes());
            into.setScopes(List.copyOf(scopes));
        }
        into.setCreatedAt(earliest(into.createdAt(), from.createdAt()));
        into.setModifiedAt(latest(into.modifiedAt(), from.modifiedAt()));
        from.attributes().forEach((name, instances) -> {
            List<ObjectNode> present = into.attributes().get(name);
            if (present == null) {
                List<ObjectNode> copied = new ArrayList<>();
                instances.forEach(instance -> copied.add(instance.deepCopy()));
                into.attributes().put(name, copied);
            } else if (!auxiliary) {
                List<ObjectNode> mergedInstances = new ArrayList<>(present);
                for (ObjectNode instance : instances) {
                    mergeInstance(mergedInstances, instance);
                }
                into.attributes().put(name, mergedInstances);
            }
        });
    }

    private static void mergeInstance(List<ObjectNode> instances, ObjectNode candidate) {
        String datasetId = candidate.path("datasetId").asText(null);
        for (int i = 0; i < instances.size(); i++) {
            ObjectNode present = instances.get(i);
            if (Objects.equals(present.path("datasetId").asText(null), datasetId)) {
                Instant presentAt = observedAt(present);
                Instant candidateAt = observedAt(candidate);
                if (candidateAt != null && (presentAt == null || candidateAt.isAfter(presentAt))) {
                    instances.set(i, candidate.deepCopy());
                }
                return;
            }
        }
        instances.add(candidate.deepCopy());
    }

    private static Instant observedAt(ObjectNode instance) {
        JsonNode observedAt = instance.get("observedAt");
        if (observedAt == null || !observedAt.isTextual()) {
            return null;
        }
        try {
            return Times.parse("observedAt", observedAt.asText());
        } catch (NgsiLdException unreadable) {
            return null;
        }
    }

    private static Instant earliest(Instant a, Instant b) {
        return a == null ? b : b == null || a.isBefore(b) ? a : b;
    }

    private static Instant latest(Instant a, Instant b) {
        return a == null ? b : b == null || a.isAfter(b) ? a : b;
    }
}
