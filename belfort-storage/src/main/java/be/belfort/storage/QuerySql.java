package be.belfort.storage;

import be.belfort.query.EntityQuery;
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
 * a geo-query a semi-join on the GiST-indexed bounding boxes. Nothing from the request is put into
 * the SQL text.
 */
final class QuerySql {
    final StringBuilder where = new StringBuilder("e.tenant = ?");
    final List<Object> parameters = new ArrayList<>();

    QuerySql(String tenant, EntityQuery query) {
        parameters.add(tenant);
        if (!query.selectors().isEmpty()) {
            where.append(" AND (");
            for (int i = 0; i < query.selectors().size(); i++) {
                where.append(i == 0 ? "" : " OR ");
                selector(query.selectors().get(i));
            }
            where.append(')');
        }
        if (!query.attributes().isEmpty()) {
            where.append(" AND jsonb_exists_any(e.attrs, ?)");
            parameters.add(query.attributes().toArray(String[]::new));
        }
        if (query.q() != null) {
            JsonPathCondition.Translation q = JsonPathCondition.of(query.q());
            where.append(" AND jsonb_path_match_tz(e.attrs, ?::jsonpath, ?::jsonb, true)");
            parameters.add(q.path());
            parameters.add(q.variables());
        }
        if (query.scope() != null) {
            where.append(" AND ");
            scope(query.scope());
        }
        if (query.geo() != null) {
            geo(tenant, query.geo());
        }
    }

    private void selector(EntitySelector selector) {
        List<String> conditions = new ArrayList<>();
        StringBuilder typeSql = new StringBuilder();
        if (!selector.ids().isEmpty()) {
            conditions.add("e.id = ANY (?)");
            parameters.add(selector.ids().toArray(String[]::new));
        }
        if (selector.idPattern() != null) {
            conditions.add("e.id ~ ?");
            parameters.add(selector.idPattern());
        }
        if (selector.type() != null) {
            type(selector.type(), typeSql);
            conditions.add(typeSql.toString());
        }
        where.append(conditions.isEmpty() ? "true" : "(" + String.join(" AND ", conditions) + ")");
    }

    /** Containment tests the GIN index on types can answer: one name, all of several, any of several. */
    private void type(TypeExpression type, StringBuilder sql) {
        switch (type) {
            case TypeExpression.Name name -> {
                sql.append("e.types @> ?");
                parameters.add(new String[] {name.type()});
            }
            case TypeExpression.AnyOf any when any.terms().stream().allMatch(TypeExpression.Name.class::isInstance) -> {
                sql.append("e.types && ?");
                parameters.add(any.names().toArray(String[]::new));
            }
            case TypeExpression.AllOf all when all.terms().stream().allMatch(TypeExpression.Name.class::isInstance) -> {
                sql.append("e.types @> ?");
                parameters.add(all.names().toArray(String[]::new));
            }
            case TypeExpression.AnyOf any -> join(any.terms(), " OR ", sql);
            case TypeExpression.AllOf all -> join(all.terms(), " AND ", sql);
        }
    }

    private void join(List<TypeExpression> terms, String operator, StringBuilder sql) {
        sql.append('(');
        for (int i = 0; i < terms.size(); i++) {
            sql.append(i == 0 ? "" : operator);
            type(terms.get(i), sql);
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

    /** Candidates only: the exact predicate runs on each candidate afterwards. */
    private void geo(String tenant, GeoQuery geo) {
        Envelope box = geo.searchBox();
        if (box == null) {
            where.append(" AND jsonb_exists(e.attrs, ?)");
            parameters.add(geo.geoproperty());
            return;
        }
        String test = switch (geo.relation()) {
            case WITHIN -> "g.bbox <@ box(point(?, ?), point(?, ?))";
            case CONTAINS -> "g.bbox @> box(point(?, ?), point(?, ?))";
            default -> "g.bbox && box(point(?, ?), point(?, ?))";
        };
        where.append(" AND e.id IN (SELECT g.entity_id FROM entity_geometries g WHERE g.tenant = ?"
                + " AND g.attribute = ? AND ").append(test).append(')');
        parameters.add(tenant);
        parameters.add(geo.geoproperty());
        parameters.add(box.getMinX());
        parameters.add(box.getMinY());
        parameters.add(box.getMaxX());
        parameters.add(box.getMaxY());
    }
}
