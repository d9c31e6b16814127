package be.belfort.dashboard;

import be.belfort.model.Entity;
import be.belfort.model.ReadScope;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A city's entities as the map and its table show them: one layer per entity type the viewer may read, one
 * row per entity, with its place (when it has one), the headline value and its band.
 */
public final class CityMap {
    /** The most entities a layer shows. */
    public static final int MAX_PER_LAYER = 10_000;

    private final Entities entities;
    private final UnaryOperator<String> compact;

    public CityMap(Entities entities, UnaryOperator<String> compact) {
        this.entities = entities;
        this.compact = compact;
    }

    /**
     * One entity on the map and in the table.
     *
     * @param lon   longitude, or null when it has no place
     * @param value the headline value as text in the viewer's language, or "" when its type has none
     */
    public record Row(String id, String name, Double lon, Double lat, String value, String band) {
    }

    /**
     * What the map and the figures need of one entity, in no language: the rest of the entity is not kept.
     *
     * @param value its headline value, or null
     */
    public record Mark(String id, String name, Double lon, Double lat, JsonNode value, String band, Instant modifiedAt) {
        Double number() {
            return value != null && value.isNumber() ? value.doubleValue() : null;
        }
    }

    /**
     * @param valueLabel what the headline value is, in the viewer's language, or ""
     * @param rows       in id order
     * @param placed     how many rows have a place
     */
    public record Layer(String type, String name, String label, String valueLabel, List<Row> rows, long placed) {
        /** The attribute its markers show (and their sparkline charts), or null. */
        public String headline() {
            return Headlines.attribute(name);
        }
    }

    /** The entity as a row of the layer of its type (named under the core @context). */
    public Row row(Entity entity, String typeName, Texts texts) {
        return row(mark(entity, typeName), texts);
    }

    static Row row(Mark mark, Texts texts) {
        return new Row(mark.id(), mark.name(), mark.lon(), mark.lat(),
                mark.value() == null ? "" : Attributes.text(mark.value(), texts), mark.band());
    }

    Mark mark(Entity entity, String typeName) {
        String headline = Headlines.attribute(typeName);
        double[] point = Attributes.point(entity);
        JsonNode value = headline == null ? null : Attributes.value(entity, Attributes.find(entity, compact, headline));
        return new Mark(entity.id(), Attributes.name(entity, compact), point == null ? null : point[0],
                point == null ? null : point[1], value, Headlines.band(typeName, entity, compact), entity.modifiedAt());
    }

    /**
     * The entities of one type the viewer may see, in id order, at most {@link #MAX_PER_LAYER}; the warnings of the
     * context sources that could not answer are added to {@code warnings}.
     */
    List<Mark> marks(String tenant, Cities.TypeSummary type, ReadScope scope, List<String> warnings) {
        List<Mark> marks = new ArrayList<>();
        for (Entity entity : entities.ofType(tenant, type.type(), scope, MAX_PER_LAYER, warnings)) {
            marks.add(mark(entity, type.name()));
        }
        return marks;
    }

    /** A layer in the viewer's language. */
    static Layer layer(Cities.TypeSummary type, List<Mark> marks, Texts texts) {
        String headline = Headlines.attribute(type.name());
        List<Row> rows = new ArrayList<>(marks.size());
        long placed = 0;
        for (Mark mark : marks) {
            rows.add(row(mark, texts));
            placed += mark.lon() == null ? 0 : 1;
        }
        return new Layer(type.type(), type.name(), Labels.type(texts, type.name()),
                headline == null ? "" : Labels.attribute(texts, headline), List.copyOf(rows), placed);
    }
}
