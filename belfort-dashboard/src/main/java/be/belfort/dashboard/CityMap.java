package be.belfort.dashboard;

import be.belfort.model.Entity;
import be.belfort.model.ReadScope;

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

    /** @param valueLabel what the headline value is, in the viewer's language, or "" */
    public record Layer(String type, String name, String label, String valueLabel, List<Row> rows) {
        /** The attribute its markers show (and their sparkline charts), or null. */
        public String headline() {
            return Headlines.attribute(name);
        }

        public long placed() {
            return rows.stream().filter(row -> row.lon() != null).count();
        }
    }

    /** The entity as a row of the layer of its type (named under the core @context). */
    public Row row(Entity entity, String typeName, Texts texts) {
        String headline = Headlines.attribute(typeName);
        double[] point = Attributes.point(entity);
        String value = headline == null ? ""
                : Attributes.text(Attributes.value(entity, Attributes.find(entity, compact, headline)), texts);
        return new Row(entity.id(), Attributes.name(entity, compact), point == null ? null : point[0],
                point == null ? null : point[1], value, Headlines.band(typeName, entity, compact));
    }

    public List<Layer> layers(Cities.City city, ReadScope scope, Texts texts) {
        List<Layer> layers = new ArrayList<>();
        for (Cities.TypeSummary type : city.types()) {
            String headline = Headlines.attribute(type.name());
            List<Row> rows = new ArrayList<>();
            for (Entity entity : entities.ofType(city.tenant(), type.type(), scope, MAX_PER_LAYER)) {
                rows.add(row(entity, type.name(), texts));
            }
            layers.add(new Layer(type.type(), type.name(), Labels.type(texts, type.name()),
                    headline == null ? "" : Labels.attribute(texts, headline), rows));
        }
        return layers;
    }
}
