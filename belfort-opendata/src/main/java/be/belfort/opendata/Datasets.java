package be.belfort.opendata;

import be.belfort.model.Names;
import be.belfort.model.NgsiLdException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The datasets of every tenant: what publishers declared through the admin API. A (tenant, type) that
 * nobody declared is restricted: data is only published once a publisher opens it.
 */
public final class Datasets {
    private static final Set<String> METADATA_MEMBERS = Set.of("title", "description", "publisher", "contactPoint",
            "license", "themes", "keywords", "spatial", "updateFrequency");

    private final DatasetStore store;
    private final Clock clock;
    private final UnaryOperator<String> expandType;
    private final UnaryOperator<String> compactType;

    /**
     * @param expandType  a type name in a URL to its IRI (the core @context)
     * @param compactType a type IRI to its name in URLs
     */
    public Datasets(DatasetStore store, Clock clock, UnaryOperator<String> expandType, UnaryOperator<String> compactType) {
        this.store = store;
        this.clock = clock;
        this.expandType = expandType;
        this.compactType = compactType;
    }

    /**
     * Declares or replaces a dataset. Opening one needs complete DCAT-AP Vlaanderen metadata; metadata
     * given for a restricted or personal dataset is checked just as strictly.
     */
    public Dataset put(String tenant, String typeName, JsonNode body) {
        if (!(body instanceof ObjectNode)) {
            throw NgsiLdException.badData("A dataset is described by a JSON object");
        }
        String type = typeIri(typeName);
        JsonNode level = body.get("accessLevel");
        if (level == null || !level.isTextual()) {
            throw NgsiLdException.badData("accessLevel is required: open, restricted or personal");
        }
        AccessLevel access = AccessLevel.of(level.asText());
        boolean describes = METADATA_MEMBERS.stream().anyMatch(body::has);
        DatasetMetadata metadata = access == AccessLevel.OPEN || describes ? DatasetMetadata.parse(body) : null;
        Set<String> personal = personalAttributes(body.get("personalAttributes"));
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Instant created = store.find(tenant, type).map(Dataset::createdAt).orElse(now);
        Dataset dataset = new Dataset(tenant, type, compactType.apply(type), access, metadata, personal, created, now);
        store.save(dataset);
        return dataset;
    }

    public Dataset get(String tenant, String typeName) {
        return store.find(tenant, typeIri(typeName))
                .orElseThrow(() -> NgsiLdException.notFound("No dataset " + typeName + " in tenant '" + tenant + "'"));
    }

    /** The dataset if it is open; anything else is not found, so that nothing about hidden data shows. */
    public Dataset getOpen(String tenant, String typeName) {
        Optional<Dataset> dataset = store.find(tenant, typeIri(typeName));
        if (dataset.isEmpty() || !dataset.get().isOpen()) {
            throw NgsiLdException.notFound("No open dataset " + typeName + " in tenant '" + tenant + "'");
        }
        return dataset.get();
    }

    public List<Dataset> all() {
        return store.all().stream().sorted(Comparator.comparing(Dataset::tenant).thenComparing(Dataset::typeName)).toList();
    }

    public List<Dataset> open() {
        return all().stream().filter(Dataset::isOpen).toList();
    }

    public void delete(String tenant, String typeName) {
        if (!store.delete(tenant, typeIri(typeName))) {
            throw NgsiLdException.notFound("No dataset " + typeName + " in tenant '" + tenant + "'");
        }
    }

    /** The entity types of the tenant's datasets declared at this access level. */
    public Set<String> types(String tenant, AccessLevel level) {
        return store.all().stream().filter(dataset -> dataset.tenant().equals(tenant) && dataset.access() == level)
                .map(Dataset::type).collect(java.util.stream.Collectors.toSet());
    }


    /**
     * The attributes each type's dataset in the tenant marks personal, for readers who may not see them;
     * types without any are left out.
     */
    public Map<String, Set<String>> personalAttributes(String tenant) {
        Map<String, Set<String>> personal = new HashMap<>();
        for (Dataset dataset : store.all()) {
            if (dataset.tenant().equals(tenant) && !dataset.personalAttributes().isEmpty()) {
                personal.put(dataset.type(), dataset.personalAttributes());
            }
        }
        return personal;
    }

    /** An attribute or type IRI as its name under the core @context (the IRI itself when it has none). */
    public String compact(String iri) {
        return compactType.apply(iri);
    }

    /** The names in {@code personalAttributes}, expanded with the core @context like type names. */
    private Set<String> personalAttributes(JsonNode names) {
        if (names == null || names.isNull()) {
            return Set.of();
        }
        if (!names.isArray()) {
            throw NgsiLdException.badData("personalAttributes is an array of attribute names");
        }
        Set<String> attributes = new HashSet<>();
        for (JsonNode name : names) {
            if (!name.isTextual()) {
                throw NgsiLdException.badData("personalAttributes is an array of attribute names, not " + name);
            }
            Names.requireName("Attribute", name.asText());
            attributes.add(expandType.apply(name.asText()));
        }
        return attributes;
    }

    private String typeIri(String typeName) {
        Names.requireName("Entity type", typeName);
        return expandType.apply(typeName);
    }
}
