package be.belfort.storage.security;

import static org.assertj.core.api.Assertions.assertThat;

import be.belfort.security.AuditEntry;
import be.belfort.storage.Database;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** The audit log writes every entry it is given: one entry PostgreSQL cannot take never loses the others. */
class PostgresAuditLogTest {
    private static Database database;
    private static PostgresAuditLog log;

    @BeforeAll
    static void start() throws IOException {
        database = Database.embedded(Files.createTempDirectory("belfort-audit"), Database.Pool.of(4));
        log = new PostgresAuditLog(database.dataSource());
    }

    @AfterAll
    static void stop() {
        database.close();
    }

    private static List<AuditEntry> accepted(String tenant, int count) {
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<AuditEntry> entries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            entries.add(new AuditEntry(at, "key-" + i, "writer", tenant, "POST /ngsi-ld/v1/entities",
                    "urn:ngsi-ld:Thing:" + i, List.of("count"), 201));
        }
        return entries;
    }

    @Test
    void aRefusedRequestWithANulAmongAcceptedWritesLosesNoneOfThem() {
        List<AuditEntry> batch = accepted("audit-nul", 200);
        batch.add(100, new AuditEntry(Instant.now(), "anonymous", null, "audit-nul",
                "POST /ngsi-ld/v1/entities", "urn:ngsi-ld:Thing:\u0000hidden\uD800", List.of("a\u0000b"), 400));

        log.append(batch);

        List<AuditEntry> written = log.read("audit-nul", null, 1000);
        assertThat(written).hasSize(201);
        AuditEntry refused = written.stream().filter(entry -> entry.status() == 400).findFirst().orElseThrow();
        assertThat(refused.entityId()).isEqualTo("urn:ngsi-ld:Thing:\\u0000hidden\\uD800");
        assertThat(refused.attributes()).containsExactly("a\\u0000b");
    }

    @Test
    void aBatchThatFailsIsWrittenOneByOneSoTheOthersAreKept() {
        List<AuditEntry> batch = accepted("audit-fallback", 50);
        // A time PostgreSQL cannot store: this entry fails alone, in any form.
        batch.add(25, new AuditEntry(Instant.parse("+300000-01-01T00:00:00Z"), "anonymous", null, "audit-fallback",
                "POST /ngsi-ld/v1/entities", null, List.of(), 400));

        log.append(batch);

        assertThat(log.read("audit-fallback", null, 1000)).hasSize(50);
    }

    @Test
    void everyEntryComesBackAsWrittenWhateverItsAttributeNames() {
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<String> names = List.of("quote\"d", "comma,separated", "{braces}", "back\\slash", "NULL", "", "null");
        log.append(List.of(new AuditEntry(at, "key-1", "writer", "audit-names", "PATCH /ngsi-ld/v1/entities/x/attrs",
                        "urn:ngsi-ld:Thing:x", names, 204),
                new AuditEntry(at, "anonymous", null, "audit-names", "GET /x", null, List.of(), 401)));

        List<AuditEntry> written = log.read("audit-names", null, 10);
        assertThat(written).extracting(AuditEntry::attributes).containsExactlyInAnyOrder(names, List.of());
        assertThat(written).extracting(AuditEntry::role).containsExactlyInAnyOrder("writer", null);
        assertThat(written).extracting(AuditEntry::status).containsExactlyInAnyOrder(204, 401);
    }
}
