package be.belfort.storage.entities;

import be.belfort.storage.EntityRows;

import be.belfort.model.ReadScope;
import be.belfort.model.Members;
import be.belfort.query.EntityQuery;
import be.belfort.query.HistoryWindow;
import be.belfort.query.QueryExpression;
import be.belfort.query.EntitySelector;
import be.belfort.query.GeoQuery;
import be.belfort.query.ScopeQuery;
import be.belfort.query.TypeExpression;

import org.locationtech.jts.geom.Envelope;

import java.util.ArrayList;
import java.util.List;

/**
 * The WHERE clause of an entity query over {@code entities e}, with its bind parameters in order. Type
 * expressions become array containment on the GIN-indexed types column, q one SQL/JSON path predicate,
 * a scope query regular expressions on the scopes; a geo-query reads its candidates from the
 * GiST-indexed bounding boxes ({@link #geoCandidates}). Nothing from the request is put into the SQL text.
 */
final class QuerySql {
    final StringBuilder where = new StringBuilder("e.tenant = ? AND " + EntityRows.NOT_EXPIRED);
    final List<Object> parameters = new ArrayList<>();
    /** True when only ids and types filter, which the index on (tenant, id) including types can answer alone. */
    final boolean onlyIdsAndTypes;
    private final EntityQuery query;

    QuerySql(String tenant, EntityQuery query) {
        this.query = query;
        parameters.add(tenant);
        onlyIdsAndTypes = query.attributes().isEmpty() && query.q() == null && query.scope() == null;
        selectors("e.id", "e.types", where, parameters);
        if (!query.attributes().isEmpty()) {
            where.append(" AND jsonb_exists_any(" + EntityRows.LIVE_ATTRS + ", ?)");
            parameters.add(query.attributes().toArray(String[]::new));
        }
        if (query.q() != null) {
            where.append(" AND ");
            q(query.q(), "e", 0, where, parameters);
        }
        if (query.scope() != null) {
            where.append(" AND ");
            scope(query.scope());
        }
        if (query.history() != null) {
            history(tenant, query.history());
        }
    }

    /**
     * q over the entities row {@code alias}: one SQL/JSON path predicate over its attributes, or, for terms over
     * linked entities ({@code rel{attr}}), an EXISTS per relationship over the entities of the same tenant it leads
     * to (Relationship {@code object}, ListRelationship {@code objectList}) that the reader may see, joined by the
     * AND and OR of the expression.
     */
    private void q(QueryExpression q, String alias, int depth, StringBuilder sql, List<Object> values) {
        if (QueryExpression.linkDepth(q) == 0) {
            JsonPathCondition.Translation path = JsonPathCondition.of(q);
            sql.append("jsonb_path_match_tz(").append(EntityRows.liveAttrs(alias)).append(", ?::jsonpath, ?::jsonb, true)");
            values.add(path.path());
            values.add(path.variables());
            return;
        }
        switch (q) {
            case QueryExpression.AllOf all -> qs(all.terms(), " AND ", alias, depth, sql, values);
            case QueryExpression.AnyOf any -> qs(any.terms(), " OR ", alias, depth, sql, values);
            case QueryExpression.Linked linked -> {
                String target = "l" + (depth + 1);
                String attributes = EntityRows.liveAttrs(alias);
                sql.append("EXISTS (SELECT 1 FROM entities ").append(target).append(" WHERE ").append(target)
                        .append(".tenant = ").append(alias).append(".tenant AND ").append(EntityRows.notExpired(target))
                        .append(" AND ").append(target).append(".id IN (SELECT v #>> '{}' FROM jsonb_path_query(")
                        .append(attributes).append(" -> ?::text, 'lax $[*].object') v UNION ALL SELECT CASE WHEN")
                        .append(" jsonb_typeof(v) = 'object' THEN v ->> 'object' ELSE v #>> '{}' END FROM")
                        .append(" jsonb_path_query(").append(attributes).append(" -> ?::text, 'lax $[*].objectList[*]') v)");
                values.add(linked.relationship());
                values.add(linked.relationship());
                readable(query.readable(), target + ".types", sql, values);
                sql.append(" AND ");
                q(linked.term(), target, depth + 1, sql, values);
                sql.append(')');
            }
            default -> throw new IllegalStateException("a term without links has no linked entities: " + q);
        }
    }

    private void qs(List<QueryExpression> terms, String operator, String alias, int depth, StringBuilder sql,
                    List<Object> values) {
        sql.append('(');
        for (int i = 0; i < terms.size(); i++) {
            sql.append(i == 0 ? "" : operator);
            q(terms.get(i), alias, depth, sql, values);
        }
        sql.append(')');
    }

    /** Only entities with recorded instances in the window: one probe of the history index per entity. */
    private void history(String tenant, HistoryWindow window) {
        String time = window.timeProperty().equals(Members.OBSERVED_AT) ? "h.observed_at" : "h.modified_at";
        where.append(" AND EXISTS (SELECT 1 FROM attribute_instances h WHERE h.entity_key ="
                + " hashtextextended(? || '/' || e.id, 0) AND h.tenant = ? AND h.entity_id = e.id");
        parameters.add(tenant);
        parameters.add(tenant);
        if (window.timeProperty().equals(Members.DELETED_AT)) {
            where.append(" AND h.instance ->> 'deletedAt' IS NOT NULL");
        }
        if (window.from() != null) {
            where.append(" AND ").append(time).append(" >= ?");
            parameters.add(java.sql.Timestamp.from(window.from()));
        }
        if (window.until() != null) {
            where.append(" AND ").append(time).append(" < ?");
            parameters.add(java.sql.Timestamp.from(window.until()));
        }
        where.append(')');
    }

    /**
     * The selectors (any of them) over the given id and types columns, as " AND (...)", then what the
     * reader may see, or nothing.
     */
    private void selectors(String id, String types, StringBuilder sql, List<Object> values) {
        readable(types, sql, values);
        if (query.selectors().isEmpty()) {
            return;
        }
        sql.append(" AND (");
        for (int i = 0; i < query.selectors().size(); i++) {
            sql.append(i == 0 ? "" : " OR ");
            selector(query.selectors().get(i), id, types, sql, values);
        }
        sql.append(')');
    }

    private void readable(String types, StringBuilder sql, List<Object> values) {
        readable(query.readable(), types, sql, values);
    }

    /** Only entities whose every type the reader may see: containment tests the GIN index can answer. */
    static void readable(ReadScope readable, String types, StringBuilder sql, List<Object> values) {
        if (readable.seesEverything()) {
            return;
        }
        if (readable.only() != null) {
            sql.append(" AND ").append(types).append(" <@ ?");
            values.add(readable.only().toArray(String[]::new));
        }
        if (!readable.except().isEmpty()) {
            sql.append(" AND NOT (").append(types).append(" && ?)");
            values.add(readable.except().toArray(String[]::new));
        }
    }

    /** Not an attribute the reader may not see in an entity of these types (a personal attribute). */
    static void visibleAttribute(ReadScope readable, String types, String attribute, StringBuilder sql,
                                 List<Object> values) {
        if (readable.hidden().isEmpty()) {
            return;
        }
        List<String> hiddenTypes = new java.util.ArrayList<>();
        List<String> hiddenAttributes = new java.util.ArrayList<>();
        readable.hidden().forEach((type, attributes) -> attributes.forEach(name -> {
            hiddenTypes.add(type);
            hiddenAttributes.add(name);
        }));
        sql.append(" AND NOT EXISTS (SELECT 1 FROM unnest(?::text[], ?::text[]) h(type, attribute) WHERE h.attribute = ")
                .append(attribute).append(" AND h.type = ANY(").append(types).append("))");
        values.add(hiddenTypes.toArray(String[]::new));
        values.add(hiddenAttributes.toArray(String[]::new));
    }

    private static void selector(EntitySelector selector, String id, String types, StringBuilder sql,
                                 List<Object> values) {
        List<String> conditions = new ArrayList<>();
        if (!selector.ids().isEmpty()) {
            conditions.add(id + " = ANY (?)");
            values.add(selector.ids().toArray(String[]::new));
        }
        if (selector.idPattern() != null) {
            conditions.add(id + " ~ ?");
            values.add(selector.idPattern());
        }
        if (selector.type() != null) {
            StringBuilder typeSql = new StringBuilder();
            type(selector.type(), types, typeSql, values);
            conditions.add(typeSql.toString());
        }
        sql.append(conditions.isEmpty() ? "true" : "(" + String.join(" AND ", conditions) + ")");
    }

    /** Containment tests the GIN index on types can answer: one name, all of several, any of several. */
    private static void type(TypeExpression type, String types, StringBuilder sql, List<Object> values) {
        switch (type) {
            case TypeExpression.Name name -> {
                sql.append(types).append(" @> ?");
                values.add(new String[] {name.type()});
            }
            case TypeExpression.AnyOf any when any.terms().stream().allMatch(TypeExpression.Name.class::isInstance) -> {
                sql.append(types).append(" && ?");
                values.add(any.names().toArray(String[]::new));
            }
            case TypeExpression.AllOf all when all.terms().stream().allMatch(TypeExpression.Name.class::isInstance) -> {
                sql.append(types).append(" @> ?");
                values.add(all.names().toArray(String[]::new));
            }
            case TypeExpression.AnyOf any -> join(any.terms(), " OR ", types, sql, values);
            case TypeExpression.AllOf all -> join(all.terms(), " AND ", types, sql, values);
        }
    }

    private static void join(List<TypeExpression> terms, String operator, String types, StringBuilder sql,
                             List<Object> values) {
        sql.append('(');
        for (int i = 0; i < terms.size(); i++) {
            sql.append(i == 0 ? "" : operator);
            type(terms.get(i), types, sql, values);
        }
        sql.append(')');
    }

    private void scope(ScopeQuery scope) {
        switch (scope) {
            case ScopeQuery.Matches matches -> {
                where.append("EXISTS (SELECT 1 FROM unnest(e.scopes) s WHERE s ~ ?)");
                parameters.add(matches.regex());
            }
            case ScopeQuery.AnyOf any -> scopes(any.terms(), " OR ");
            case ScopeQuery.AllOf all -> scopes(all.terms(), " AND ");
        }
    }

    private void scopes(List<ScopeQuery> terms, String operator) {
        where.append('(');
        for (int i = 0; i < terms.size(); i++) {
            where.append(i == 0 ? "" : operator);
            scope(terms.get(i));
        }
        where.append(')');
    }

    /**
     * The candidates of a geo-query in id order, from the GiST-indexed boxes, with their GeoJSON values:
     * id and value array per row, from the id after {@code after} (null for the start), at most
     * {@code limit} rows. Ids and types are tested on the copies beside the boxes; any other filter reads
     * the entities. The exact predicate runs on each candidate afterwards.
     */
    Statement geoCandidates(GeoQuery geo, String after, int limit) {
        StringBuilder sql = new StringBuilder("SELECT g.entity_id, g.geometries FROM entity_geometries g"
                + " WHERE g.tenant = ? AND g.attribute = ?");
        List<Object> values = new ArrayList<>(List.of(parameters.get(0), geo.geoproperty()));
        Envelope box = geo.searchBox();
        if (box != null) {
            sql.append(switch (geo.relation()) {
                case WITHIN -> " AND g.bbox <@ box(point(?, ?), point(?, ?))";
                case CONTAINS -> " AND g.bbox @> box(point(?, ?), point(?, ?))";
                default -> " AND g.bbox && box(point(?, ?), point(?, ?))";
            });
            values.addAll(List.of(box.getMinX(), box.getMinY(), box.getMaxX(), box.getMaxY()));
        }
        if (after != null) {
            sql.append(" AND g.entity_id > ?");
            values.add(after);
        }
        if (onlyIdsAndTypes) {
            selectors("g.entity_id", "g.types", sql, values);
            sql.append(" AND NOT EXISTS (SELECT 1 FROM entities x WHERE x.tenant = g.tenant AND x.id = g.entity_id"
                    + " AND x.expires_at <= now())");
        } else {
            sql.append(" AND g.entity_id IN (SELECT e.id FROM entities e WHERE ").append(where).append(')');
            values.addAll(parameters);
        }
        sql.append(" ORDER BY g.entity_id LIMIT ?");
        values.add(limit);
        return new Statement(sql.toString(), values);
    }

    /** SQL text and its parameters. */
    record Statement(String sql, List<Object> parameters) {
    }
}
