package be.belfort.model;

import java.util.Set;

/**
 * Member names of entities and attributes that the NGSI-LD core @context defines. The core context
 * is protected and always applies last, so these names mean the same under every user context and
 * are kept in this short form internally; everything else (entity types, attribute names) is kept
 * as an expanded IRI.
 */
public final class Members {
    public static final String ID = "id";
    public static final String TYPE = "type";
    public static final String SCOPE = "scope";
    public static final String VALUE = "value";
    public static final String OBJECT = "object";
    public static final String OBJECT_TYPE = "objectType";
    public static final String LANGUAGE_MAP = "languageMap";
    public static final String VOCAB = "vocab";
    public static final String JSON = "json";
    public static final String VALUE_LIST = "valueList";
    public static final String OBJECT_LIST = "objectList";
    public static final String OBSERVED_AT = "observedAt";
    public static final String UNIT_CODE = "unitCode";
    public static final String DATASET_ID = "datasetId";
    public static final String CREATED_AT = "createdAt";
    public static final String MODIFIED_AT = "modifiedAt";
    public static final String DELETED_AT = "deletedAt";
    /**
     * When a transient entity (v1.8.1) or attribute instance (v1.9) expires: it then disappears. See
     * {@link AttributeExpiry} for attributes.
     */
    public static final String EXPIRES_AT = "expiresAt";
    public static final String INSTANCE_ID = "instanceId";
    /** The linked entity shown inside a Relationship (join=inline, v1.8.1); never stored. */
    public static final String ENTITY = "entity";
    /** The linked entities shown inside a ListRelationship (join=inline, v1.8.1); never stored. */
    public static final String ENTITY_LIST = "entityList";
    public static final String CONTEXT = "@context";

    /** Members of an attribute instance that are not sub-attributes. */
    public static final Set<String> ATTRIBUTE_MEMBERS = Set.of(TYPE, VALUE, OBJECT, OBJECT_TYPE, LANGUAGE_MAP,
            VOCAB, JSON, VALUE_LIST, OBJECT_LIST, OBSERVED_AT, UNIT_CODE, DATASET_ID, CREATED_AT, MODIFIED_AT,
            DELETED_AT, INSTANCE_ID, EXPIRES_AT);

    /** Members of an entity that are not attributes. */
    public static final Set<String> ENTITY_MEMBERS = Set.of(ID, TYPE, SCOPE, CREATED_AT, MODIFIED_AT, DELETED_AT,
            EXPIRES_AT, CONTEXT);

    /** The NGSI-LD Null, which removes a member in merge and partial update operations. */
    public static final String NGSI_LD_NULL = "urn:ngsi-ld:null";

    private Members() {
    }

    public static boolean isSubAttribute(String member) {
        return !ATTRIBUTE_MEMBERS.contains(member);
    }
}
