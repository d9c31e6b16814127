package be.belfort.temporal;

import be.belfort.model.Entity;
import be.belfort.model.EntityService;
import be.belfort.model.ErrorType;
import be.belfort.model.Members;
import be.belfort.model.NgsiLdException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Writing history directly (clauses 5.6.11 - 5.6.16): create a temporal entity or add instances to it, append,
 * modify or delete instances, delete an attribute's history or the whole temporal entity. A new temporal entity
 * and its history are written in one transaction.
 */
public final class TemporalWrites {
    private final EntityService entities;
    private final HistoryStore history;
    private final Clock clock;

    public TemporalWrites(EntityService entities, HistoryStore history, Clock clock) {
        this.entities = entities;
        this.history = history;
        this.clock = clock;
    }

    /**
     * A new temporal entity becomes an entity whose attributes are the newest given instance of each datasetId,
     * with all the others as its history; an existing entity gets the instances added to its history.
     *
     * @param named     the entity's id, types and scopes
     * @param instances the instances of each attribute (expanded name)
     * @return true when the entity was created
     */
    public boolean createOrAdd(String tenant, Entity named, Map<String, List<ObjectNode>> instances) {
        Instant now = now();
        stamp(instances, now);
        if (!exists(tenant, named.id())) {
            Map<String, List<ObjectNode>> newest = new LinkedHashMap<>();
            Map<String, List<ObjectNode>> older = new LinkedHashMap<>();
            instances.forEach((attribute, list) -> splitNewest(attribute, list, newest, older));
            try {
                entities.create(tenant, new Entity(named.id(), named.types(), named.scopes(), null, null, newest), older);
                return true;
            } catch (NgsiLdException e) {
                if (e.type() != ErrorType.ALREADY_EXISTS) {
                    throw e;
                }
                // Created by someone else since we looked: the instances join its history like any addition.
            }
        }
        history.append(tenant, named.id(), instances, now);
        return false;
    }

    /** Adds instances to the history of an existing entity. */
    public void append(String tenant, String id, Map<String, List<ObjectNode>> instances) {
        entities.retrieve(tenant, id);
        Instant now = now();
        history.append(tenant, id, stamp(instances, now), now);
    }

    /** Replaces one recorded instance; false when there is no such instance. */
    public boolean modifyInstance(String tenant, String id, String attribute, UUID instanceId, ObjectNode instance) {
        return history.replaceInstance(tenant, id, attribute, instanceId,
                stamp(Map.of(attribute, List.of(instance)), now()).get(attribute).get(0));
    }

    public boolean deleteInstance(String tenant, String id, String attribute, UUID instanceId) {
        return history.deleteInstance(tenant, id, attribute, instanceId);
    }

    /** Removes an attribute's history (see {@link HistoryStore#deleteAttribute}); the count of instances removed. */
    public int deleteAttribute(String tenant, String id, String attribute, String datasetId, boolean all) {
        return history.deleteAttribute(tenant, id, attribute, datasetId, all);
    }

    /** Removes an entity and its whole history; false when neither existed. */
    public boolean deleteEntity(String tenant, String id) {
        entities.requireTenant(tenant);
        return history.deleteEntity(tenant, id);
    }

    /** The newest instance of each datasetId goes to the entity; the others only to the history. */
    private static void splitNewest(String attribute, List<ObjectNode> list, Map<String, List<ObjectNode>> newest,
                                    Map<String, List<ObjectNode>> older) {
        Map<String, ObjectNode> byDataset = new LinkedHashMap<>();
        for (ObjectNode instance : list) {
            String dataset = instance.path(Members.DATASET_ID).asText("");
            ObjectNode current = byDataset.get(dataset);
            if (current == null || !observedAt(instance).isBefore(observedAt(current))) {
                if (current != null) {
                    older.computeIfAbsent(attribute, name -> new ArrayList<>()).add(current);
                }
                byDataset.put(dataset, instance);
            } else {
                older.computeIfAbsent(attribute, name -> new ArrayList<>()).add(instance);
            }
        }
        newest.put(attribute, new ArrayList<>(byDataset.values()));
    }

    private static Instant observedAt(ObjectNode instance) {
        JsonNode observedAt = instance.get(Members.OBSERVED_AT);
        return observedAt == null ? Instant.MIN : OffsetDateTime.parse(observedAt.asText()).toInstant();
    }

    private static Map<String, List<ObjectNode>> stamp(Map<String, List<ObjectNode>> instances, Instant now) {
        instances.values().forEach(list -> list.forEach(instance -> {
            instance.put(Members.CREATED_AT, now.toString());
            instance.put(Members.MODIFIED_AT, now.toString());
        }));
        return instances;
    }

    private boolean exists(String tenant, String id) {
        try {
            entities.retrieve(tenant, id);
            return true;
        } catch (NgsiLdException e) {
            if (e.type() == ErrorType.RESOURCE_NOT_FOUND || e.type() == ErrorType.NONEXISTENT_TENANT) {
                return false;
            }
            throw e;
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
