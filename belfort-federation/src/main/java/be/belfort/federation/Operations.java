package be.belfort.federation;

import be.belfort.model.NgsiLdException;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The operations a registered source serves (clause 4.20): single operation names and the four groups
 * that stand for several at once.
 */
public final class Operations {
    public static final String RETRIEVE_ENTITY = "retrieveEntity";
    public static final String QUERY_ENTITY = "queryEntity";
    public static final String QUERY_BATCH = "queryBatch";
    /** The group a registration serves when it names none. */
    static final String DEFAULT_GROUP = "federationOps";

    private static final List<String> DISCOVERY = List.of("retrieveEntityTypes", "retrieveEntityTypeDetails",
            "retrieveEntityTypeInfo", "retrieveAttrTypes", "retrieveAttrTypeDetails", "retrieveAttrTypeInfo");
    private static final List<String> SUBSCRIPTIONS = List.of("createSubscription", "updateSubscription",
            "retrieveSubscription", "querySubscription", "deleteSubscription");
    private static final List<String> WRITES = List.of("createEntity", "updateEntity", "appendAttrs", "updateAttrs",
            "deleteAttrs", "deleteEntity", "mergeEntity", "replaceEntity", "replaceAttrs");
    private static final List<String> BATCH_WRITES = List.of("createBatch", "upsertBatch", "updateBatch",
            "deleteBatch", "mergeBatch");
    private static final List<String> TEMPORAL_WRITES = List.of("upsertTemporal", "appendAttrsTemporal",
            "deleteAttrsTemporal", "updateAttrsTemporal", "deleteAttrInstanceTemporal", "deleteTemporal");
    private static final List<String> OTHERS = List.of("queryBatch", "retrieveTemporal", "queryTemporal",
            "createTemporal", "retrieveEntityMap", "queryEntityMap", "createEntityMap", "updateEntityMap",
            "deleteEntityMap");

    private static final Map<String, Set<String>> GROUPS = Map.of(
            "federationOps", union(List.of(RETRIEVE_ENTITY, QUERY_ENTITY, "queryBatch", "retrieveTemporal",
                    "queryTemporal"), DISCOVERY, SUBSCRIPTIONS),
            "updateOps", Set.of("updateEntity", "updateAttrs", "replaceEntity", "replaceAttrs"),
            "retrieveOps", Set.of(RETRIEVE_ENTITY, QUERY_ENTITY),
            "redirectionOps", union(WRITES, BATCH_WRITES, TEMPORAL_WRITES, List.of(RETRIEVE_ENTITY, QUERY_ENTITY),
                    DISCOVERY));
    private static final Set<String> SINGLE = union(List.of(RETRIEVE_ENTITY, QUERY_ENTITY), DISCOVERY, SUBSCRIPTIONS,
            WRITES, BATCH_WRITES, TEMPORAL_WRITES, OTHERS);

    private Operations() {
    }

    /** The single operations that the named operations and groups stand for; refuses an unknown name. */
    static Set<String> resolve(List<String> names) {
        Set<String> resolved = new LinkedHashSet<>();
        for (String name : names) {
            Set<String> group = GROUPS.get(name);
            if (group != null) {
                resolved.addAll(group);
            } else if (SINGLE.contains(name)) {
                resolved.add(name);
            } else {
                throw NgsiLdException.badData("operations: '" + name + "' is neither an NGSI-LD operation nor one of"
                        + " the groups " + String.join(", ", GROUPS.keySet().stream().sorted().toList()));
            }
        }
        return Set.copyOf(resolved);
    }

    @SafeVarargs
    private static Set<String> union(List<String>... lists) {
        Set<String> all = new LinkedHashSet<>();
        for (List<String> list : lists) {
            all.addAll(list);
        }
        return Set.copyOf(all);
    }
}
