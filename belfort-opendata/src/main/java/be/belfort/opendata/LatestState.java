package be.belfort.opendata;

import be.belfort.jsonld.EntityRenderer;
import be.belfort.jsonld.GeoJsonRenderer;
import be.belfort.jsonld.LdContext;
import be.belfort.jsonld.Representation;
import be.belfort.model.Entity;
import be.belfort.query.EntityQuery;
import be.belfort.query.EntitySelector;
import be.belfort.query.QueryService;
import be.belfort.query.TypeExpression;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The latest state of an open dataset as a download: CSV (one row per entity, a column per attribute
 * with its key-values value) or a GeoJSON FeatureCollection. Entities are read and written a page at a
 * time, so a dataset of any size streams in constant memory.
 */
public final class LatestState {
    static final int PAGE = 1000;
    private static final Representation KEY_VALUES = new Representation(Representation.Format.KEY_VALUES, false, null, null);

    private final QueryService queries;
    private final LdContext context;
    private final ObjectMapper json;
    private final EntityRenderer renderer = new EntityRenderer();
    private final GeoJsonRenderer geoJson = new GeoJsonRenderer();

    /** @param context the @context whose terms name the columns and properties (the core context) */
    public LatestState(QueryService queries, LdContext context, ObjectMapper json) {
        this.queries = queries;
        this.context = context;
        this.json = json;
    }

    /** The column with the time of an entity's latest observation (the newest observedAt of its attributes). */
    static final String OBSERVED_AT = "observedAt";

    /**
     * Writes the CSV: a header of id, type, observedAt and every attribute any entity has (in alphabetical
     * order, so that the columns stay put from one download to the next), then one row per entity.
     */
    public void csv(Dataset dataset, OutputStream out) {
        Set<String> columns = new java.util.TreeSet<>();
        eachPage(dataset, page -> page.forEach(entity -> render(entity).fieldNames().forEachRemaining(columns::add)));
        columns.remove("id");
        columns.remove("type");
        columns.remove(OBSERVED_AT);
        List<String> header = new ArrayList<>(List.of("id", "type", OBSERVED_AT));
        header.addAll(columns);
        try {
            CSVPrinter printer = new CSVPrinter(new OutputStreamWriter(out, StandardCharsets.UTF_8),
                    CSVFormat.RFC4180.builder().setHeader(header.toArray(String[]::new)).get());
            eachPage(dataset, page -> page.forEach(entity -> {
                ObjectNode row = render(entity);
                latestObservation(entity).ifPresent(observed -> row.put(OBSERVED_AT, observed.toString()));
                List<String> cells = new ArrayList<>(header.size());
                header.forEach(column -> cells.add(cell(row.get(column))));
                try {
                    printer.printRecord(cells);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }));
            printer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a GeoJSON FeatureCollection, with key-values properties and the location as geometry. */
    public void geoJson(Dataset dataset, OutputStream out) {
        try (JsonGenerator generator = json.getFactory().createGenerator(out)) {
            generator.writeStartObject();
            generator.writeStringField("type", "FeatureCollection");
            generator.writeArrayFieldStart("features");
            eachPage(dataset, page -> page.forEach(entity -> {
                try {
                    json.writeTree(generator, geoJson.feature(entity, context.expand("location"), context, KEY_VALUES));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }));
            generator.writeEndArray();
            generator.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static java.util.Optional<java.time.Instant> latestObservation(Entity entity) {
        return entity.attributes().values().stream().flatMap(List::stream)
                .map(instance -> instance.path(OBSERVED_AT))
                .filter(JsonNode::isTextual)
                .map(observed -> parseInstant(observed.asText()))
                .flatMap(java.util.Optional::stream)
                .max(java.util.Comparator.naturalOrder());
    }

    private static java.util.Optional<java.time.Instant> parseInstant(String text) {
        try {
            return java.util.Optional.of(java.time.OffsetDateTime.parse(text).toInstant());
        } catch (java.time.format.DateTimeParseException e) {
            return java.util.Optional.empty();
        }
    }

    private ObjectNode render(Entity entity) {
        return renderer.render(entity, context, KEY_VALUES, false);
    }

    private static String cell(JsonNode value) {
        if (value == null || value.isNull()) {
            return "";
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }

    /** The dataset's entities in id order, {@code limit} from {@code offset}, as they are published. */
    public List<Entity> entities(Dataset dataset, int offset, int limit) {
        EntitySelector selector = new EntitySelector(List.of(), null, new TypeExpression.Name(dataset.type()));
        try {
            // Attributes marked personal are never published.
            return queries.query(dataset.tenant(), new EntityQuery(List.of(selector), List.of(), null, null, null,
                    limit, offset, false)).entities().stream()
                    .map(entity -> entity.without(dataset.personalAttributes())).toList();
        } catch (be.belfort.model.NgsiLdException e) {
            if (e.type() == be.belfort.model.ErrorType.NONEXISTENT_TENANT) {
                return List.of();
            }
            throw e;
        }
    }

    private void eachPage(Dataset dataset, Consumer<List<Entity>> consumer) {
        for (int offset = 0; ; offset += PAGE) {
            List<Entity> page = entities(dataset, offset, PAGE);
            consumer.accept(page);
            if (page.size() < PAGE) {
                return;
            }
        }
    }
}
