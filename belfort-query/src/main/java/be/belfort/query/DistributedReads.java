package be.belfort.query;

import be.belfort.model.Entity;
import be.belfort.model.ReadScope;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Reads that other context sources may help answer (NGSI-LD distributed operations, clause 4.3.6): the
 * registered sources are asked beside the local store and their answers merged. The checks whether a source
 * is concerned run in memory, so a platform without registrations pays nothing on its local path.
 */
public interface DistributedReads {
    /** No registered sources: every read is local. */
    DistributedReads LOCAL = new DistributedReads() {
        @Override
        public boolean concerns(String tenant, EntityQuery query) {
            return false;
        }

        @Override
        public boolean concerns(String tenant, String entityId) {
            return false;
        }

        @Override
        public boolean isLoop(String via) {
            return false;
        }

        @Override
        public Answer query(Forward forward, EntityQuery query, Supplier<EntityQuery.Page> local) {
            EntityQuery.Page page = local.get();
            return new Answer(page.entities(), page.total(), List.of());
        }

        @Override
        public Answer retrieve(Forward forward, String entityId, Supplier<Entity> local) {
            Entity entity = local.get();
            return new Answer(entity == null ? List.of() : List.of(entity), null, List.of());
        }

        @Override
        public boolean concerns(String tenant, DocumentRead read) {
            return false;
        }

        @Override
        public DocumentAnswer read(Forward forward, DocumentRead read, Supplier<Document> local) {
            return new DocumentAnswer(local.get(), List.of());
        }
    };

    /**
     * The reads whose answer is one JSON document in the client's terms, merged from the sources' documents by the
     * kind's rules: discovery (types, attributes) and temporal evolution. {@code operation} is the NGSI-LD operation
     * a source must serve to be asked.
     */
    enum DocumentKind {
        ENTITY_TYPES("retrieveEntityTypes"), ENTITY_TYPE_DETAILS("retrieveEntityTypeDetails"),
        ENTITY_TYPE("retrieveEntityTypeInfo"), ATTRIBUTES("retrieveAttrTypes"),
        ATTRIBUTE_DETAILS("retrieveAttrTypeDetails"), ATTRIBUTE("retrieveAttrTypeInfo"),
        TEMPORAL_ENTITY("retrieveTemporal"), TEMPORAL_ENTITIES("queryTemporal");

        private final String operation;

        DocumentKind(String operation) {
            this.operation = operation;
        }

        public String operation() {
            return operation;
        }
    }

    /**
     * @param path     the API path to ask the sources, from {@code /ngsi-ld/v1} on (the client's)
     * @param query    for a temporal query: which entities (sources that cannot hold any are not asked), else null
     * @param entityId for a temporal retrieval: the entity, else null
     * @param readable what the reader may see, applied to the sources' documents as to local data
     * @param expand   expands a name in the client's terms (the documents' terms) to its IRI
     */
    record DocumentRead(DocumentKind kind, String path, EntityQuery query, String entityId, ReadScope readable,
                        java.util.function.UnaryOperator<String> expand) {
    }

    /**
     * A document and, for a list that is paged, the number of all its items when counted.
     *
     * @param body  the JSON document (an object, or an array of them), or null when there is none
     * @param total the count, or null
     */
    record Document(JsonNode body, Long total) {
        public static final Document NONE = new Document(null, null);
    }

    /** The merged document, and one warning per source that could not answer. */
    record DocumentAnswer(Document document, List<String> warnings) {
        public DocumentAnswer {
            warnings = List.copyOf(warnings);
        }
    }

    /** Whether a registered source of the tenant serves this read and may hold what it asks for (in memory). */
    boolean concerns(String tenant, DocumentRead read);

    /**
     * The document merged from the local one and every concerned source's. For a temporal query the local
     * document holds the entities from the first match to the end of the asked page; the merged one the asked page.
     *
     * @param local the local document, {@link Document#NONE} when there is nothing here
     */
    DocumentAnswer read(Forward forward, DocumentRead read, Supplier<Document> local);

    /**
     * The tenants in which context sources are registered now, sorted (in memory): where entities may come from
     * elsewhere, even when nothing of the tenant is kept here.
     */
    default java.util.SortedSet<String> tenants() {
        return java.util.Collections.emptySortedSet();
    }

    /** Whether a registered source of the tenant may hold entities this query asks for (in memory). */
    boolean concerns(String tenant, EntityQuery query);

    /**
     * Whether a registered source of the tenant may hold entities of this type (in memory): the data of a dataset of
     * that type comes, at least in part, from elsewhere.
     */
    default boolean holdsType(String tenant, String type) {
        return concerns(tenant, new EntityQuery(List.of(new EntitySelector(List.of(), null,
                new TypeExpression.Name(type))), List.of(), null, null, null, 1, 0, false));
    }

    /** Whether a registered source of the tenant may hold this entity (in memory). */
    boolean concerns(String tenant, String entityId);

    /** Whether a request that came through these proxies ({@code Via}, or null) already passed this platform. */
    boolean isLoop(String via);

    /**
     * The page the query asks for, merged from the local matches and every concerned source's. The sources are
     * asked first, so that they answer while the local store does.
     *
     * @param local reads the local matches from the first one up to the end of the asked page, in id order
     */
    Answer query(Forward forward, EntityQuery query, Supplier<EntityQuery.Page> local);

    /**
     * A query paged through an entity map (clause 5.5.14): a map of every match (entity id to the sources that hold
     * it) is made when none is given or the one given has expired, and the page is answered from the entities the map
     * lists, asking only the sources it names, so that pages across sources stay consistent. Without federation
     * there are no maps: the query is answered locally.
     *
     * @param local reads local matches of a query (its page as given)
     */
    default MappedAnswer query(Forward forward, EntityQuery query, MapRequest map,
                               Function<EntityQuery, EntityQuery.Page> local) {
        EntityQuery.Page page = local.apply(query);
        return new MappedAnswer(new Answer(page.entities(), page.total(), List.of()), null, false, null);
    }

    /**
     * What a query asks of entity maps.
     *
     * @param mapId    the map the client names (NGSILD-EntityMap), or null
     * @param lifetime how long the client would like a new map kept (entityMapLifetime), or null for the default
     * @param reader   who asks: a map is only ever used by the reader who made it
     * @param local    whether the query is limited to local data (no sources asked)
     */
    record MapRequest(String mapId, java.time.Duration lifetime, String reader, boolean local) {
    }

    /**
     * @param mapId   the id of the map the page was answered from, null without one
     * @param created whether the map was made by this request
     * @param map     the map as the API shows it (an EntityMap), null without one
     */
    record MappedAnswer(Answer answer, String mapId, boolean created, JsonNode map) {
    }

    /**
     * The entity merged from the local one and every concerned source's.
     *
     * @param local reads the local entity, null when there is none here
     */
    Answer retrieve(Forward forward, String entityId, Supplier<Entity> local);

    /**
     * How the client's request is passed on.
     *
     * @param tenant     the tenant the client asked
     * @param parameters the client's query parameters
     * @param contextUrl the client's @context as a URL for the Link header, or null for the core context
     * @param via        the Via header the request came with, or null
     * @param reader     reads a source's entity (as JSON in the client's @context) into the expanded form
     * @param query      the Query body of a query by POST (in the client's terms, without @context), else null
     */
    record Forward(String tenant, Map<String, List<String>> parameters, String contextUrl, String via,
                   Function<JsonNode, Entity> reader, JsonNode query) {
        public Forward {
            parameters = Map.copyOf(parameters);
        }
    }

    /**
     * @param entities the merged entities (for a query: the asked page)
     * @param total    the number of all matches when counted, else null
     * @param warnings one line per source that could not answer, for the client's Warning header
     */
    record Answer(List<Entity> entities, Long total, List<String> warnings) {
        public Answer {
            entities = List.copyOf(entities);
            warnings = List.copyOf(warnings);
        }
    }
}
