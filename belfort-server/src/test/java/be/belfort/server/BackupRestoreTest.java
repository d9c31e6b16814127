package be.belfort.server;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code belfort backup} copies the embedded database of a running platform while it takes writes, and
 * {@code belfort restore} makes a new data directory from it, on which the platform starts with every entity,
 * its history and the subscriptions as they were at one instant.
 */
class BackupRestoreTest {
    private static final String TENANT = "backup";

    private static int run(StringWriter out, String... args) {
        picocli.CommandLine command = Main.commandLine();
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(out, true));
        return command.execute(args);
    }

    private static Http.Answer create(Http http, int n) {
        return http.post("/ngsi-ld/v1/entities", "{\"id\": \"urn:ngsi-ld:Sensor:" + n + "\", \"type\": \"Sensor\","
                + " \"n\": {\"type\": \"Property\", \"value\": " + n + "}}", "NGSILD-Tenant", TENANT);
    }

    private static long count(Platform platform, String sql) throws Exception {
        try (Connection connection = platform.dataSource().getConnection(); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }

    @Test
    void aBackupTakenUnderWritesRestoresToAConsistentPlatform() throws Exception {
        Path original = TestPlatform.temporaryDirectory();
        Path backup = TestPlatform.temporaryDirectory().resolve("belfort.backup");
        Path restored = TestPlatform.temporaryDirectory().resolve("restored");
        StringWriter out = new StringWriter();
        long entities;
        try (Platform platform = TestPlatform.start(original)) {
            Http http = new Http(platform.port());
            for (int n = 0; n < 100; n++) {
                assertThat(create(http, n).status()).isEqualTo(201);
            }
            assertThat(http.post("/ngsi-ld/v1/subscriptions", """
                    {"id": "urn:ngsi-ld:Subscription:kept", "type": "Subscription", "entities": [{"type": "Sensor"}],
                     "notification": {"endpoint": {"uri": "http://127.0.0.1:9/notify"}}}""", "NGSILD-Tenant", TENANT).status())
                    .isEqualTo(201);
            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicInteger next = new AtomicInteger(100);
            Thread writer = Thread.ofVirtual().start(() -> {
                while (writing.get()) {
                    create(http, next.getAndIncrement());
                }
            });
            int status = run(out, "backup", "--data-dir", original.toString(), "--to", backup.toString());
            writing.set(false);
            writer.join();
            assertThat(status).as(out.toString()).isZero();
            entities = count(platform, "SELECT count(*) FROM entities WHERE tenant = 'backup'");
        }
        System.out.print(out);
        assertThat(Files.size(backup)).isPositive();

        assertThat(run(out, "restore", "--from", backup.toString(), "--data-dir", restored.toString())).as(out.toString()).isZero();
        assertThat(run(out, "restore", "--from", backup.toString(), "--data-dir", restored.toString()))
                .as("a restore never overwrites a database").isEqualTo(1);
        try (Platform platform = TestPlatform.start(restored)) {
            Http http = new Http(platform.port());
            long restoredEntities = count(platform, "SELECT count(*) FROM entities WHERE tenant = 'backup'");
            assertThat(restoredEntities).isBetween(100L, entities);
            assertThat(count(platform, "SELECT count(DISTINCT entity_id) FROM attribute_instances WHERE tenant = 'backup'"))
                    .as("every restored entity has its history, and only they").isEqualTo(restoredEntities);
            assertThat(http.get("/ngsi-ld/v1/entities/urn:ngsi-ld:Sensor:42", "NGSILD-Tenant", TENANT).json()
                    .get("n").get("value").asInt()).isEqualTo(42);
            assertThat(http.get("/ngsi-ld/v1/subscriptions/urn:ngsi-ld:Subscription:kept", "NGSILD-Tenant", TENANT).status())
                    .isEqualTo(200);
            assertThat(create(http, 1_000_000).status()).as("writes go on after the restore").isEqualTo(201);
        }
    }
}
