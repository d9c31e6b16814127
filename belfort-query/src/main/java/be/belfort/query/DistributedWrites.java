package be.belfort.query;

import be.belfort.model.BatchResult;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Writes that registered context sources take (NGSI-LD distributed operations, clause 4.3.6.3): a source
 * registered {@code exclusive} for some attributes of an entity holds them alone, so they are written there and not
 * here; a {@code redirect} source takes the whole write of what it registered; an {@code inclusive} source gets the
 * write as well as the local store; an {@code auxiliary} one never. The checks whether a source is concerned run
 * in memory, so a platform without registrations pays nothing on its local path.
 */
public interface DistributedWrites {
    /** No registered sources: every write is local. */
    DistributedWrites LOCAL = new DistributedWrites() {
        @Override
        public boolean concerns(String tenant, Operation operation, String entityId, List<String> types) {
            return false;
        }

        @Override
        public Outcome write(DistributedReads.Forward forward, Operation operation, String entityId, List<String> types,
                             ObjectNode body, UnaryOperator<String> expand, Consumer<ObjectNode> local) {
            local.accept(body);
            return new Outcome(List.of(), List.of());
        }
    };

    /** The forwarded writes, with the NGSI-LD operation a source must serve and how it is sent. */
    enum Operation {
        CREATE("createEntity", "POST", null),
        /** Update Entity Attributes (clause 5.6.2): the spec's {@code updateEntity}, not the partial update below. */
        UPDATE_ATTRS("updateEntity", "PATCH", "/attrs"),
        APPEND_ATTRS("appendAttrs", "POST", "/attrs"), MERGE("mergeEntity", "PATCH", ""),
        DELETE("deleteEntity", "DELETE", ""), REPLACE("replaceEntity", "PUT", ""),
        /** Deletes the one attribute the payload names (its value is not sent). */
        DELETE_ATTRS("deleteAttrs", "DELETE", "/attrs/"),
        /**
         * Partial Attribute Update (clause 5.6.4, {@code updateAttrs}): part of the one attribute the payload names (its
         * value is the fragment sent).
         */
        UPDATE_ATTR("updateAttrs", "PATCH", "/attrs/"),
        /** Replaces the one attribute the payload names (its value is the attribute sent). */
        REPLACE_ATTR("replaceAttrs", "PUT", "/attrs/"),
        /** Creates a temporal entity, or adds instances to its history. */
        UPSERT_TEMPORAL("upsertTemporal", "POST", null), APPEND_TEMPORAL("appendAttrsTemporal", "POST", "/attrs"),
        DELETE_TEMPORAL("deleteTemporal", "DELETE", ""),
        /** Deletes the history of the one attribute the payload names. */
        DELETE_ATTRS_TEMPORAL("deleteAttrsTemporal", "DELETE", "/attrs/");

        private final String name;
        private final String method;
        /** The path after the entity's, or null for a write to the collection. */
        private final String suffix;

        Operation(String name, String method, String suffix) {
            this.name = name;
            this.method = method;
            this.suffix = suffix;
        }

        public String operationName() {
            return name;
        }

        public String method() {
            return method;
        }

        /** Whether it may create the entity (written to the collection, not to the entity). */
        public boolean creates() {
            return suffix == null;
        }

        /** Whether it deletes the one attribute its payload names. */
        public boolean deletesAttribute() {
            return this == DELETE_ATTRS || this == DELETE_ATTRS_TEMPORAL;
        }

        /**
         * Whether it writes the one attribute its payload names ({@code {"name": fragment}}): the name goes in the
         * path, the fragment (if any) is the body.
         */
        public boolean namesAttribute() {
            return "/attrs/".equals(suffix);
        }

        /** The path at a source, from its endpoint on; {@code attribute}: the one the payload names, if it does. */
        public String path(String entityId, String attribute) {
            String collection = name.endsWith("Temporal") ? "/ngsi-ld/v1/temporal/entities" : "/ngsi-ld/v1/entities";
            if (creates()) {
                return collection;
            }
            String path = collection + "/" + java.net.URLEncoder.encode(entityId, java.nio.charset.StandardCharsets.UTF_8)
                    + suffix;
            return namesAttribute()
                    ? path + java.net.URLEncoder.encode(attribute, java.nio.charset.StandardCharsets.UTF_8) : path;
        }
    }

    /** The batch operations (clauses 5.6.7 - 5.6.10, 5.6.20): a source gets one batch of what it takes. */
    enum BatchOperation {
        CREATE("createBatch", "create"), UPSERT("upsertBatch", "upsert"), UPDATE("updateBatch", "update"),
        MERGE("mergeBatch", "merge"), DELETE("deleteBatch", "delete");

        private final String name;
        private final String path;

        BatchOperation(String name, String path) {
            this.name = name;
            this.path = path;
        }

        public String operationName() {
            return name;
        }

        /** The path at a source, from its endpoint on. */
        public String path() {
            return "/ngsi-ld/v1/entityOperations/" + path;
        }

        /** Whether it creates the entities it does not find. */
        public boolean creates() {
            return this == CREATE || this == UPSERT;
        }
    }

    /**
     * One element of a batch as the client sent it.
     *
     * @param entityId the id it names ("" when none)
     * @param element  the entity or fragment in the client's terms, or the id (a string) for a delete
     * @param expand   expands a member name of the element to its IRI
     */
    record BatchElement(String entityId, JsonNode element, UnaryOperator<String> expand) {
    }

    /** Whether a registered source of the tenant takes this batch operation (in memory). */
    default boolean concerns(String tenant, BatchOperation operation) {
        return false;
    }

    /**
     * Writes what the sources hold at the sources (one batch per source, in parallel) and the rest here, and tells
     * how each entity went, a source's failure as an error of the entities it was to take (with its registration).
     *
     * @param localTypes the types (expanded) an entity has here, empty when it is not here
     * @param local      writes the elements left for the local store (whole or in part; the ids for a delete)
     */
    default BatchResult batch(DistributedReads.Forward forward, BatchOperation operation, List<BatchElement> elements,
                              Function<String, List<String>> localTypes, Function<List<JsonNode>, BatchResult> local) {
        return local.apply(elements.stream().map(BatchElement::element).toList());
    }

    /** Whether a registered source of the tenant takes this write of the entity (in memory). */
    boolean concerns(String tenant, Operation operation, String entityId, List<String> types);

    /**
     * Writes what the sources hold at the sources (in parallel) and the rest here.
     *
     * @param types  the entity's types (expanded) when the request says them, else empty
     * @param body   the payload in the client's terms, null for a delete
     * @param expand expands a member name of the payload to its IRI
     * @param local  writes the part left for the local store (the whole payload, or a part; not called when the
     *               sources take everything); its NGSI-LD errors are the client's
     */
    Outcome write(DistributedReads.Forward forward, Operation operation, String entityId, List<String> types,
                  ObjectNode body, UnaryOperator<String> expand, Consumer<ObjectNode> local);

    /**
     * @param written the sources that took the write, by registration id
     * @param failed  the sources that did not, each with the attributes it was to take (empty: the whole write)
     */
    record Outcome(List<String> written, List<Failure> failed) {
        public Outcome {
            written = List.copyOf(written);
            failed = List.copyOf(failed);
        }
    }

    record Failure(String registrationId, List<String> attributes, String reason) {
        public Failure {
            attributes = List.copyOf(attributes);
        }
    }
}
