package be.belfort.storage.entities;

import be.belfort.model.Entity;
import be.belfort.storage.EntityRow;
import be.belfort.storage.EntityRows;
import be.belfort.storage.JsonTexts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Existing entities rewritten by one statement over parallel arrays, whatever their number: the rows as they will
 * be stored, and what the statement answers, each row's new version (its {@code xmin}), which lets the rows be
 * kept as written.
 */
final class RowRewrite {
    /**
     * Rewrites the rows from parallel arrays (ids, types, scopes, attributes as one JSON array, modified, expiry,
     * attribute expiry), then the tenant and the ids again. The ids are repeated as a condition of the entities' own
     * scan: without it, a plan made while the table had no statistics (a fresh platform loading its first entities)
     * joins the whole tenant by hash, every group, until the table is next analysed; with it, every plan reads only
     * the rows it rewrites.
     */
    static final String REWRITE = rewrite("", "", "e.id = ANY (?::text[])");

    /**
     * Two {@code WITH} items that rewrite the rows still at a version given and held by no other transaction, and
     * answer them as {@code written}: the tenant and the ids of those to lock ({@code free}), then the arrays, the
     * versions and the tenant of the rewrite.
     */
    static final String REWRITE_UNCHANGED = "free AS (SELECT e.id FROM entities e WHERE e.tenant = ? AND"
            + " e.id = ANY (?::text[]) AND " + EntityRows.NOT_EXPIRED + " ORDER BY e.id FOR UPDATE SKIP LOCKED),"
            + " written AS (" + rewrite(", unnest(?::text[])", ", version",
            "e.id IN (SELECT id FROM free) AND e.xmin = u.version::xid") + ")";

    private static String rewrite(String moreArrays, String moreColumns, String condition) {
        return "UPDATE entities AS e SET types = u.types::text[], scopes = u.scopes::text[],"
                + " attrs = u.attrs, modified_at = u.modified_at, expires_at = u.expires_at,"
                + " attrs_expire_at = u.attrs_expire_at"
                + " FROM ROWS FROM (unnest(?::text[]), unnest(?::text[]), unnest(?::text[]), jsonb_array_elements(?::jsonb),"
                + " unnest(?::timestamptz[]), unnest(?::timestamptz[]), unnest(?::timestamptz[])" + moreArrays + ")"
                + " AS u (id, types, scopes, attrs, modified_at, expires_at, attrs_expire_at" + moreColumns + ")"
                + " WHERE e.tenant = ? AND " + condition + " AND e.id = u.id"
                + " RETURNING e.id, e.xmin::text AS version";
    }

    private final List<Entity> entities;
    private final List<String> attributes = new ArrayList<>();

    RowRewrite(Collection<Entity> entities, EntityRows rows) {
        this.entities = List.copyOf(entities);
        this.entities.forEach(entity -> attributes.add(rows.attributesJson(entity)));
    }

    List<Entity> entities() {
        return entities;
    }

    /** The ids, as the array parameter that names them. */
    java.sql.Array ids(Connection connection) throws SQLException {
        return connection.createArrayOf("text", entities.stream().map(Entity::id).toArray());
    }

    /** Sets the seven arrays of the rows from parameter {@code first} on; answers the next parameter's index. */
    int bindRows(Connection connection, PreparedStatement statement, int first) throws SQLException {
        List<String> types = new ArrayList<>();
        List<String> scopes = new ArrayList<>();
        List<Timestamp> modified = new ArrayList<>();
        List<Timestamp> expires = new ArrayList<>();
        List<Timestamp> attributesExpire = new ArrayList<>();
        for (Entity entity : entities) {
            types.add(EntityRows.arrayLiteral(entity.types()));
            scopes.add(entity.scopes() == null ? null : EntityRows.arrayLiteral(entity.scopes()));
            modified.add(EntityRows.timestamp(entity.modifiedAt()));
            expires.add(entity.expiresAt() == null ? null : EntityRows.timestamp(entity.expiresAt()));
            attributesExpire.add(EntityRows.attributesExpireAt(entity));
        }
        statement.setArray(first, ids(connection));
        statement.setArray(first + 1, connection.createArrayOf("text", types.toArray()));
        statement.setArray(first + 2, connection.createArrayOf("text", scopes.toArray()));
        statement.setString(first + 3, JsonTexts.array(attributes));
        statement.setArray(first + 4, connection.createArrayOf("timestamptz", modified.toArray()));
        statement.setArray(first + 5, connection.createArrayOf("timestamptz", expires.toArray()));
        statement.setArray(first + 6, connection.createArrayOf("timestamptz", attributesExpire.toArray()));
        return first + 7;
    }

    /** The row of each entity rewritten, with its new version, by id: read from the statement's answer. */
    Map<String, Written> written(ResultSet answer) throws SQLException {
        Map<String, String> versions = new LinkedHashMap<>();
        while (answer.next()) {
            versions.put(answer.getString(1), answer.getString(2));
        }
        Map<String, Written> written = new LinkedHashMap<>();
        for (int i = 0; i < entities.size(); i++) {
            Entity entity = entities.get(i);
            String version = versions.get(entity.id());
            if (version != null) {
                written.put(entity.id(), new Written(new EntityRow(entity.id(), entity.types(), entity.scopes(),
                        attributes.get(i), entity.createdAt(), entity.modifiedAt(), entity.expiresAt()), version));
            }
        }
        return written;
    }

    /** A row as this process wrote it, and its version in the database. */
    record Written(EntityRow row, String version) {
    }
}
