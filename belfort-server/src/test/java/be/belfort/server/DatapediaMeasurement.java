package be.belfort.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A printed measurement, not a test of speed: a question with 5 needs over 6 cities, with 100,000 entities and
 * 10 million history instances behind it (written into the database in bulk, as the API would take hours to), its
 * full recomputation and the time its kept diagnosis is served in. Run on purpose only:
 * {@code ./mvnw -pl belfort-server test -Dtest=DatapediaMeasurement -Dbelfort.measure=true}.
 */
@EnabledIfSystemProperty(named = "belfort.measure", matches = "true")
class DatapediaMeasurement {
    private static final int CITIES = 6;
    private static final int TYPES = 5;
    private static final int ENTITIES = Integer.getInteger("belfort.measure.entities", 100_000);
    private static final int INSTANCES_PER_ENTITY = Integer.getInteger("belfort.measure.instances", 100);
    private static final String VOCAB = "https://uri.etsi.org/ngsi-ld/default-context/";

    @Test
    void diagnosisServedAndRecomputed() throws Exception {
        try (Platform platform = Platform.start(TestPlatform.unlimited(TestPlatform.temporaryDirectory())
                .withAuth(false, null).withPool(16, Settings.DatabaseWaits.DEFAULT))) {
            Http http = new Http(platform.port());
            long loading = System.nanoTime();
            load(platform.dataSource());
            System.out.printf("Loaded %,d entities and %,d history instances in %.1f s%n", ENTITIES,
                    (long) ENTITIES * INSTANCES_PER_ENTITY, (System.nanoTime() - loading) / 1e9);

            StringBuilder needs = new StringBuilder();
            for (int type = 1; type <= TYPES; type++) {
                needs.append(type == 1 ? "" : ",").append("{\"entityType\": \"").append(typeName(type))
                        .append("\", \"attributes\": [\"reading\", \"label\"], \"freshness\": \"PT1H\", \"history\": \"P1Y\"}");
            }
            List<String> cities = new ArrayList<>();
            for (int city = 1; city <= CITIES; city++) {
                cities.add("\"bench-city-" + city + "\"");
            }
            String question = "{\"title\": {\"nl\": \"Meting\"}, \"domain\": \"government\", \"cities\": " + cities
                    + ", \"needs\": [" + needs + "]}";
            Http.Answer created = http.put("/datapedia/api/questions/measurement", question);
            assertThat(created.status()).as(created.body()).isEqualTo(201);

            long[] recomputed = new long[3];
            for (int run = 0; run < recomputed.length; run++) {
                long start = System.nanoTime();
                JsonNode diagnosis = http.post("/datapedia/api/questions/measurement/diagnosis", "").json();
                recomputed[run] = (System.nanoTime() - start) / 1_000_000;
                assertThat(diagnosis.path("cells")).hasSize(TYPES * CITIES);
            }
            System.out.printf("Full recomputation (5 needs x 6 cities): %d, %d, %d ms over HTTP%n", recomputed[0],
                    recomputed[1], recomputed[2]);

            int requests = 200;
            long[] served = new long[requests];
            for (int i = 0; i < requests; i++) {
                long start = System.nanoTime();
                Http.Answer answer = http.get("/datapedia/api/questions/measurement/diagnosis");
                served[i] = System.nanoTime() - start;
                assertThat(answer.status()).isEqualTo(200);
            }
            java.util.Arrays.sort(served);
            System.out.printf("Diagnosis served (%d requests, one connection): p50 %.1f ms, p95 %.1f ms, max %.1f ms%n",
                    requests, served[requests / 2] / 1e6, served[requests * 95 / 100] / 1e6, served[requests - 1] / 1e6);
            long page = System.nanoTime();
            assertThat(http.get("/datapedia/questions/measurement").status()).isEqualTo(200);
            System.out.printf("Question page rendered in %.1f ms%n", (System.nanoTime() - page) / 1e6);
        }
    }

    /** The last type is a Smart Data Model whose schema the platform holds, so that its entities are validated. */
    private static String typeName(int type) {
        return type == TYPES ? "OffStreetParking" : "BenchThing" + type;
    }

    /**
     * 100,000 entities over 6 cities and 5 types (a tenth without their label), each with 100 observations of one
     * attribute, one an hour back from now; history rows are written in the current month's partition.
     */
    private static void load(DataSource dataSource) throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
            for (int city = 1; city <= CITIES; city++) {
                sql.execute("INSERT INTO tenants (name) VALUES ('bench-city-" + city + "') ON CONFLICT DO NOTHING");
            }
            sql.execute("""
                    INSERT INTO entities (tenant, id, types, attrs, created_at, modified_at)
                    SELECT 'bench-city-' || (1 + n %% %d), 'urn:ngsi-ld:BenchThing:' || n,
                           ARRAY['%s' || CASE WHEN (n / %d) %% %d = %d THEN '%s' ELSE 'BenchThing' || (1 + (n / %d) %% %d) END],
                           jsonb_build_object('%sreading', jsonb_build_array(jsonb_build_object('type', 'Property',
                               'value', n, 'observedAt', to_char((now() - (n %% 7200) * interval '1 second') AT TIME ZONE 'UTC',
                               'YYYY-MM-DD"T"HH24:MI:SS"Z"'))))
                           || CASE WHEN n %% 10 = 0 THEN '{}'::jsonb ELSE jsonb_build_object('%slabel',
                               jsonb_build_array(jsonb_build_object('type', 'Property', 'value', 'thing ' || n))) END,
                           now() - interval '1 year', now()
                    FROM generate_series(0, %d) AS n
                    """.formatted(CITIES, VOCAB, CITIES, TYPES, TYPES - 1, typeName(TYPES), CITIES, TYPES, VOCAB, VOCAB, ENTITIES - 1));
            sql.execute("""
                    INSERT INTO attribute_instances (tenant, entity_id, entity_key, attribute, instance_id, observed_at,
                                                     modified_at, number_value, instance)
                    SELECT e.tenant, e.id, hashtextextended(e.tenant || '/' || e.id, 0), '%sreading', gen_random_uuid(),
                           now() - i * interval '1 hour', now(), i, jsonb_build_object('type', 'Property', 'value', i)
                    FROM entities e CROSS JOIN generate_series(0, %d) AS i
                    WHERE e.tenant LIKE 'bench-city-%%'
                    """.formatted(VOCAB, INSTANCES_PER_ENTITY - 1));
            sql.execute("ANALYZE entities");
            sql.execute("ANALYZE attribute_instances");
        }
    }
}
