package be.belfort.dashboard;

import be.belfort.model.Entity;
import be.belfort.model.ReadScope;
import be.belfort.opendata.Dataset;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The first entities of a dataset as a table: a column per attribute of its model (or, for an unknown model,
 * per attribute the first entities have), each value as text in the viewer's language.
 */
public final class DatasetPreview {
    /** How many entities a preview shows. */
    public static final int ROWS = 20;
    /** How many attribute columns a preview shows beside the name. */
    static final int COLUMNS = 5;
    private static final Set<String> NOT_A_COLUMN = Set.of("name", "location");

    private final Entities entities;
    private final UnaryOperator<String> compact;

    public DatasetPreview(Entities entities, UnaryOperator<String> compact) {
        this.entities = entities;
        this.compact = compact;
    }

    /** @param columns attribute names under the core @context */
    public record Table(List<String> columns, List<Row> rows) {
    }

    /** @param values one text per column, "" where the entity lacks the attribute */
    public record Row(String id, String name, List<String> values) {
    }

    public Table of(Dataset dataset, ReadScope scope, Texts texts) {
        List<Entity> first = entities.ofType(dataset.tenant(), dataset.type(), scope, ROWS);
        List<String> columns = columns(ModelAttributes.of(dataset.typeName()), first);
        List<Row> rows = new ArrayList<>();
        for (Entity entity : first) {
            List<String> values = new ArrayList<>();
            for (String column : columns) {
                String iri = Attributes.find(entity, compact, column);
                values.add(iri == null ? "" : Attributes.text(Attributes.value(entity, iri), texts));
            }
            rows.add(new Row(entity.id(), Attributes.name(entity, compact), values));
        }
        return new Table(columns, rows);
    }

    /** The model's attributes, else those the entities have; never the name or place, which have their own. */
    List<String> columns(List<String> model, List<Entity> first) {
        Set<String> candidates = new LinkedHashSet<>(model);
        if (candidates.isEmpty()) {
            first.forEach(entity -> entity.attributes().keySet().forEach(iri -> candidates.add(compact.apply(iri))));
        }
        candidates.removeAll(NOT_A_COLUMN);
        return candidates.stream().limit(COLUMNS).toList();
    }
}
