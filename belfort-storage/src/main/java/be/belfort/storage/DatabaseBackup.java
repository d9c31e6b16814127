package be.belfort.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import javax.sql.DataSource;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A consistent copy of the whole database while it serves (every table read in one repeatable-read snapshot, as
 * PostgreSQL's COPY text), and its restoration into a new database. The embedded PostgreSQL comes without
 * {@code pg_dump}, and the copy needs no other tool: a ZIP file with {@code manifest.json} (the schema version,
 * each table's columns, the history partitions, the sequences) and one {@code tables/NAME.copy} per table.
 * Columns computed by the database are left out and computed again on restore.
 */
public final class DatabaseBackup {
    static final String FORMAT = "belfort-backup";
    private static final String MANIFEST = "manifest.json";
    private static final String TABLES = "tables/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private DatabaseBackup() {
    }

    /** What a backup holds: its schema version and each table with its rows. */
    public record Summary(String schemaVersion, Map<String, Long> rows) {
        public long totalRows() {
            return rows.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** Writes a backup of the database to {@code out} (left open); the database keeps serving meanwhile. */
    public static Summary write(DataSource dataSource, OutputStream out) throws IOException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (Statement snapshot = connection.createStatement()) {
                snapshot.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            }
            ObjectNode manifest = JSON.createObjectNode();
            manifest.put("format", FORMAT);
            manifest.put("formatVersion", 1);
            String version = schemaVersion(connection);
            manifest.put("schemaVersion", version);
            manifest.put("createdAt", Instant.now().toString());
            Map<String, List<String>> tables = tables(connection);
            ArrayNode tableList = manifest.putArray("tables");
            tables.forEach((name, columns) -> {
                ObjectNode table = tableList.addObject().put("name", name);
                columns.forEach(table.putArray("columns")::add);
            });
            rows(connection, """
                    SELECT parent.relname, child.relname, pg_get_expr(child.relpartbound, child.oid)
                    FROM pg_inherits JOIN pg_class parent ON parent.oid = inhparent JOIN pg_class child ON child.oid = inhrelid
                    JOIN pg_namespace n ON n.oid = child.relnamespace
                    WHERE n.nspname = 'public' AND child.relkind IN ('r', 'p') AND child.relispartition ORDER BY 2""",
                    row -> manifest.withArray("partitions").addObject().put("parent", row[0]).put("name", row[1])
                            .put("bound", row[2]));
            rows(connection, "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public' AND last_value IS NOT NULL",
                    row -> manifest.withArray("sequences").addObject().put("name", row[0]).put("value", Long.parseLong(row[1])));
            ZipOutputStream zip = new ZipOutputStream(new FilterOutputStream(out) {
                @Override
                public void close() throws IOException {
                    flush();
                }
            });
            zip.putNextEntry(new ZipEntry(MANIFEST));
            zip.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
            zip.closeEntry();
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            Map<String, Long> counts = new LinkedHashMap<>();
            for (Map.Entry<String, List<String>> table : tables.entrySet()) {
                zip.putNextEntry(new ZipEntry(TABLES + table.getKey() + ".copy"));
                counts.put(table.getKey(), copy.copyOut("COPY (SELECT " + columnList(table.getValue()) + " FROM "
                        + quote(table.getKey()) + ") TO STDOUT", zip));
                zip.closeEntry();
            }
            zip.finish();
            zip.close();
            connection.commit();
            return new Summary(version, counts);
        } catch (SQLException e) {
            throw new IOException("The database could not be read: " + e.getMessage(), e);
        }
    }

    /** A backup being read: its manifest first, so that the database can be prepared for it, then its rows. */
    public static final class Reader {
        private final ZipInputStream zip;
        private final JsonNode manifest;

        private Reader(ZipInputStream zip, JsonNode manifest) {
            this.zip = zip;
            this.manifest = manifest;
        }

        /** The schema version the backup was taken at: the database is migrated to it, and no further, before the rows go in. */
        public String schemaVersion() {
            return manifest.path("schemaVersion").asText();
        }

        /**
         * Puts the backup's rows into a database at the backup's schema version, replacing what its tables hold,
         * in one transaction. Triggers do not fire: what they would maintain is in the backup too.
         */
        public Summary restoreInto(DataSource dataSource) throws IOException {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(false);
                String databaseVersion = DatabaseBackup.schemaVersion(connection);
                if (!databaseVersion.equals(schemaVersion())) {
                    throw new IOException("The database is at schema version " + databaseVersion
                            + ", the backup at " + schemaVersion());
                }
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SET LOCAL session_replication_role = replica");
                    for (JsonNode partition : manifest.path("partitions")) {
                        statement.execute("CREATE TABLE IF NOT EXISTS " + quote(partition.get("name").asText()) + " PARTITION OF "
                                + quote(partition.get("parent").asText()) + " " + partition.get("bound").asText());
                    }
                }
                Map<String, List<String>> columns = new LinkedHashMap<>();
                for (JsonNode table : manifest.path("tables")) {
                    List<String> names = new ArrayList<>();
                    table.path("columns").forEach(column -> names.add(column.asText()));
                    columns.put(table.get("name").asText(), names);
                    try (Statement truncate = connection.createStatement()) {
                        truncate.execute("TRUNCATE " + quote(table.get("name").asText()) + " CASCADE");
                    }
                }
                CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
                Map<String, Long> counts = new LinkedHashMap<>();
                for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                    String name = entry.getName().substring(TABLES.length(), entry.getName().length() - ".copy".length());
                    List<String> tableColumns = columns.get(name);
                    if (tableColumns == null) {
                        throw new IOException("The backup holds rows of a table its manifest does not name: " + name);
                    }
                    counts.put(name, copy.copyIn("COPY " + quote(name) + " (" + columnList(tableColumns) + ") FROM STDIN",
                            unclosable(zip)));
                }
                try (PreparedStatement setval = connection.prepareStatement("SELECT setval(?::regclass, ?)")) {
                    for (JsonNode sequence : manifest.path("sequences")) {
                        setval.setString(1, quote(sequence.get("name").asText()));
                        setval.setLong(2, sequence.get("value").asLong());
                        setval.execute();
                    }
                }
                connection.commit();
                return new Summary(schemaVersion(), counts);
            } catch (SQLException e) {
                throw new IOException("The backup could not be restored: " + e.getMessage(), e);
            }
        }
    }

    /** Opens a backup and reads its manifest. */
    public static Reader read(InputStream in) throws IOException {
        ZipInputStream zip = new ZipInputStream(in);
        ZipEntry first = zip.getNextEntry();
        if (first == null || !first.getName().equals(MANIFEST)) {
            throw new IOException("Not a Belfort backup (no " + MANIFEST + " first)");
        }
        JsonNode manifest = JSON.readTree(unclosable(zip));
        if (!FORMAT.equals(manifest.path("format").asText())) {
            throw new IOException("Not a Belfort backup (format " + manifest.path("format") + ")");
        }
        return new Reader(zip, manifest);
    }

    private static InputStream unclosable(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public void close() {
                // The archive's next entry follows.
            }
        };
    }

    /** The tables of the schema and their stored (not generated) columns; partitions are read through their parent. */
    private static Map<String, List<String>> tables(Connection connection) throws SQLException {
        Map<String, List<String>> tables = new LinkedHashMap<>();
        rows(connection, """
                SELECT c.relname, a.attname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
                WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
                  AND c.relname <> 'flyway_schema_history'
                ORDER BY c.relname, a.attnum""",
                row -> tables.computeIfAbsent(row[0], name -> new ArrayList<>()).add(row[1]));
        return tables;
    }

    private static String schemaVersion(Connection connection) throws SQLException {
        List<String> version = new ArrayList<>();
        rows(connection, "SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL"
                + " ORDER BY installed_rank DESC LIMIT 1", row -> version.add(row[0]));
        if (version.isEmpty()) {
            throw new SQLException("The database has no Belfort schema");
        }
        return version.getFirst();
    }

    private interface Row {
        void accept(String[] values);
    }

    private static void rows(Connection connection, String sql, Row each) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            int width = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                String[] values = new String[width];
                for (int i = 0; i < width; i++) {
                    values[i] = rows.getString(i + 1);
                }
                each.accept(values);
            }
        }
    }

    private static String columnList(List<String> columns) {
        return String.join(", ", columns.stream().map(DatabaseBackup::quote).toList());
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
