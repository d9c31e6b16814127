package be.belfort.storage.entities;

import be.belfort.model.Members;
import be.belfort.storage.EntityRows;
import be.belfort.query.AttributePath;
import be.belfort.query.Ordering;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The ORDER BY of a query over {@code entities e}: an entity member is its column; an attribute path is
 * the first value its instances hold (the value, object, vocab, json, languageMap, valueList or objectList;
 * a typed {@code @value} counts as its value), compared as JSONB compares (numbers as numbers, strings
 * by the database collation; mixed kinds: null < string < number < boolean < array < object). Entities
 * without the value come last in either direction; ties are broken by id, so pages never overlap.
 * Every path travels as a bind parameter.
 */
final class OrderSql {
    private static final String VALUE_MEMBERS = List.of(Members.VALUE, Members.OBJECT, Members.VOCAB, Members.JSON,
                    Members.LANGUAGE_MAP, Members.VALUE_LIST, Members.OBJECT_LIST).stream()
            .map(member -> "@.key == " + JsonPathCondition.quote(member)).collect(Collectors.joining(" || "));

    private OrderSql() {
    }

    /** " ORDER BY …, e.id" for the ordering, or " ORDER BY e.id" without one. */
    static QuerySql.Statement of(Ordering ordering) {
        if (ordering == null) {
            return new QuerySql.Statement(" ORDER BY e.id", List.of());
        }
        StringBuilder sql = new StringBuilder(" ORDER BY ");
        List<Object> parameters = new ArrayList<>();
        for (Ordering.Key key : ordering.keys()) {
            switch (key.target()) {
                case Ordering.EntityMember member -> sql.append(switch (member.name()) {
                    case Members.ID -> "e.id";
                    case Members.TYPE -> "e.types";
                    case Members.CREATED_AT -> "e.created_at";
                    case Members.MODIFIED_AT -> "e.modified_at";
                    default -> throw new IllegalArgumentException("Not an entity member: " + member.name());
                });
                case Ordering.Attribute attribute -> {
                    sql.append("(SELECT COALESCE(v -> '@value', v) FROM jsonb_path_query_first(" + EntityRows.LIVE_ATTRS
                            + ", ?::jsonpath) v)");
                    parameters.add(path(attribute.path()));
                }
            }
            sql.append(key.descending() ? " DESC NULLS LAST, " : " ASC NULLS LAST, ");
        }
        sql.append("e.id");
        return new QuerySql.Statement(sql.toString(), parameters);
    }

    /** The SQL/JSON path to the values an attribute path names, in instance order. */
    static String path(AttributePath attribute) {
        StringBuilder path = new StringBuilder("$.").append(JsonPathCondition.quote(attribute.attribute())).append("[*]");
        List<String> subAttributes = attribute.subAttributes();
        int last = attribute.endsInCoreMember() ? subAttributes.size() - 1 : subAttributes.size();
        for (int i = 0; i < last; i++) {
            path.append('.').append(JsonPathCondition.quote(subAttributes.get(i))).append("[*]");
        }
        if (attribute.endsInCoreMember()) {
            path.append('.').append(JsonPathCondition.quote(subAttributes.get(last)));
        } else {
            path.append(".keyvalue() ? (").append(VALUE_MEMBERS).append(").value");
        }
        attribute.jsonKeys().forEach(key -> path.append('.').append(JsonPathCondition.quote(key)));
        return path.toString();
    }
}
