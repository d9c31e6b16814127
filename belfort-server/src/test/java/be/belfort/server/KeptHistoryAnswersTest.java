package be.belfort.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Aggregations of history, and the instances of named attributes (lastN above all: the last values a sensor's page
 * shows), are kept in memory on the embedded database and answer the same question again, and every answer after an
 * acknowledged change of the entity or of its history shows that change, whichever way it came, in every form.
 */
class KeptHistoryAnswersTest {
    private static final String TENANT = "kept-history-answers";
    private static final String HOURLY_SUM = "?options=aggregatedValues&aggrMethods=sum,totalCount&aggrPeriodDuration=PT1H";
    private static Http http;

    @BeforeAll
    static void start() {
        http = new Http(TestPlatform.shared().port());
    }

    private static String id(TestInfo test) {
        return "urn:ngsi-ld:Sensor:" + test.getTestMethod().orElseThrow().getName();
    }

    private static long keptReads(String result) {
        return http.metric("belfort_history_cache_reads_total{result=\"" + result + "\"}");
    }

    /** Two hours of three observations: 1 + 2 in the first, 3 in the second. */
    private static void create(String id) {
        Http.Answer created = http.post("/ngsi-ld/v1/temporal/entities", """
                {"id": "%s", "type": "Sensor", "t": [
                  {"type": "Property", "value": 1, "observedAt": "2024-01-01T00:00:00Z"},
                  {"type": "Property", "value": 2, "observedAt": "2024-01-01T00:30:00Z"},
                  {"type": "Property", "value": 3, "observedAt": "2024-01-01T01:00:00Z"}]}""".formatted(id),
                "NGSILD-Tenant", TENANT);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
    }

    /** The hourly sums of the entity's t, asked twice: the same answer both times. */
    private static String sums(String id) {
        String first = sumsOnce(id);
        assertThat(sumsOnce(id)).isEqualTo(first);
        return first;
    }

    private static String sumsOnce(String id) {
        Http.Answer answer = http.get("/ngsi-ld/v1/temporal/entities/" + id + HOURLY_SUM + "&attrs=t", "NGSILD-Tenant",
                TENANT);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode sums = answer.json().path("t").path("sum");
        StringBuilder text = new StringBuilder();
        sums.forEach(period -> text.append(text.isEmpty() ? "" : " ").append(period.get(0).asDouble()));
        return text.toString();
    }

    @Test
    void theSameQuestionIsAnsweredFromMemoryUntilTheHistoryChanges(TestInfo test) {
        String id = id(test);
        create(id);
        long hits = keptReads("hit");
        assertThat(sums(id)).isEqualTo("3.0 3.0");
        assertThat(keptReads("hit")).as("the second answer came from memory").isGreaterThan(hits);

        assertThat(http.post("/ngsi-ld/v1/temporal/entities/" + id + "/attrs", """
                {"t": [{"type": "Property", "value": 10, "observedAt": "2024-01-01T01:15:00Z"}]}""",
                "NGSILD-Tenant", TENANT).status()).as("an instance appended").isEqualTo(204);
        assertThat(sums(id)).isEqualTo("3.0 13.0");

        assertThat(http.patch("/ngsi-ld/v1/entities/" + id + "/attrs/t",
                "{\"value\": 100, \"observedAt\": \"2024-01-01T02:00:00Z\"}", "NGSILD-Tenant", TENANT).status())
                .as("the entity updated").isEqualTo(204);
        assertThat(sums(id)).isEqualTo("3.0 13.0 100.0");

        JsonNode instances = http.get("/ngsi-ld/v1/temporal/entities/" + id + "?attrs=t", "NGSILD-Tenant", TENANT)
                .json().path("t");
        String first = instances.get(0).get("instanceId").asText();
        assertThat(instances.get(0).get("value").asInt()).isEqualTo(1);
        assertThat(http.patch("/ngsi-ld/v1/temporal/entities/" + id + "/attrs/t/" + first,
                "{\"type\": \"Property\", \"value\": 5, \"observedAt\": \"2024-01-01T00:00:00Z\"}", "NGSILD-Tenant",
                TENANT).status()).as("an instance replaced").isEqualTo(204);
        assertThat(sums(id)).isEqualTo("7.0 13.0 100.0");

        assertThat(http.delete("/ngsi-ld/v1/temporal/entities/" + id + "/attrs/t/" + first, "NGSILD-Tenant", TENANT)
                .status()).as("an instance deleted").isEqualTo(204);
        assertThat(sums(id)).as("periods now start with the first instance left, at 00:30").isEqualTo("15.0 100.0");

        assertThat(http.delete("/ngsi-ld/v1/temporal/entities/" + id + "/attrs/t", "NGSILD-Tenant", TENANT).status())
                .as("the attribute's history deleted").isEqualTo(204);
        assertThat(sums(id)).isEmpty();

        assertThat(http.delete("/ngsi-ld/v1/temporal/entities/" + id, "NGSILD-Tenant", TENANT).status())
                .as("the temporal entity deleted").isEqualTo(204);
        assertThat(http.get("/ngsi-ld/v1/temporal/entities/" + id + HOURLY_SUM, "NGSILD-Tenant", TENANT).status())
                .isEqualTo(404);
        create(id);
        assertThat(sums(id)).as("created again").isEqualTo("3.0 3.0");
    }

    @Test
    void everyKeptFormShowsTheLastAcknowledgedChange(TestInfo test) {
        String id = id(test);
        create(id);
        String path = "/ngsi-ld/v1/temporal/entities/" + id + HOURLY_SUM + "&attrs=t";
        for (int value = 1; value <= 3; value++) {
            assertThat(http.post("/ngsi-ld/v1/temporal/entities/" + id + "/attrs", """
                    {"t": [{"type": "Property", "value": %d, "observedAt": "2024-01-01T00:45:00Z"}]}"""
                    .formatted(value * 100), "NGSILD-Tenant", TENANT).status()).isEqualTo(204);
            double firstHour = 3 + 100 * value * (value + 1) / 2.0;
            for (int read = 0; read < 2; read++) {
                Http.Answer json = http.get(path, "NGSILD-Tenant", TENANT);
                assertThat(json.raw().headers().firstValue("Content-Type")).hasValue("application/json");
                assertThat(json.header("Link")).contains("ngsi-ld-core-context");
                assertThat(json.json().path("t").path("sum").get(0).get(0).asDouble()).isEqualTo(firstHour);

                Http.Answer jsonLd = http.get(path, "NGSILD-Tenant", TENANT, "Accept", "application/ld+json");
                assertThat(jsonLd.raw().headers().firstValue("Content-Type")).hasValue("application/ld+json");
                assertThat(jsonLd.json().has("@context")).isTrue();
                assertThat(jsonLd.json().path("t").path("sum").get(0).get(0).asDouble()).isEqualTo(firstHour);

                Http.Answer counted = http.get(path.replace("sum,totalCount", "totalCount"), "NGSILD-Tenant", TENANT);
                assertThat(counted.json().path("t").has("sum")).as("another question").isFalse();
                assertThat(counted.json().path("t").path("totalCount").get(0).get(0).asInt()).isEqualTo(2 + value);
            }
        }
    }

    @Test
    void aQueryOverManyEntitiesShowsAChangeOfAnyOfThem(TestInfo test) {
        String prefix = id(test);
        for (int n = 0; n < 3; n++) {
            create(prefix + "-" + n);
        }
        String query = "/ngsi-ld/v1/temporal/entities" + HOURLY_SUM + "&type=Sensor&attrs=t&idPattern=" + prefix + "-.*";
        String before = http.get(query, "NGSILD-Tenant", TENANT).body();
        assertThat(http.get(query, "NGSILD-Tenant", TENANT).body()).isEqualTo(before);
        assertThat(before).doesNotContain("53");
        JsonNode asJsonLd = http.get(query, "NGSILD-Tenant", TENANT, "Accept", "application/ld+json").json();
        assertThat(asJsonLd).hasSize(3);
        asJsonLd.forEach(entity -> assertThat(entity.has("@context")).as("each entity of a JSON-LD answer").isTrue());

        assertThat(http.post("/ngsi-ld/v1/temporal/entities/" + prefix + "-2/attrs", """
                {"t": [{"type": "Property", "value": 50, "observedAt": "2024-01-01T01:30:00Z"}]}""",
                "NGSILD-Tenant", TENANT).status()).isEqualTo(204);
        for (String accept : List.of("application/json", "application/ld+json")) {
            JsonNode after = http.get(query, "NGSILD-Tenant", TENANT, "Accept", accept).json();
            assertThat(after).hasSize(3);
            for (JsonNode entity : after) {
                double secondHour = entity.path("t").path("sum").get(1).get(0).asDouble();
                assertThat(secondHour).as(accept + " " + entity.get("id").asText())
                        .isEqualTo(entity.get("id").asText().endsWith("-2") ? 53 : 3);
            }
        }
    }

    /**
     * A client that accepts gzip (a browser) gets kept answers compressed once, with their pieces joined for a page of
     * many entities (five days of hourly sums each; a page of small parts is compressed whole): the same JSON as a
     * client without gzip gets, in every kept form, before and after a change.
     */
    @Test
    void gzipClientsGetTheKeptAnswersCompressed(TestInfo test) {
        String prefix = id(test);
        StringBuilder instances = new StringBuilder();
        for (int hour = 0; hour < 120; hour++) {
            instances.append(hour == 0 ? "" : ",").append("{\"type\": \"Property\", \"value\": ").append(hour)
                    .append(", \"observedAt\": \"2024-01-0").append(1 + hour / 24).append('T')
                    .append(String.format(Locale.ROOT, "%02d", hour % 24)).append(":00:00Z\"}");
        }
        for (int n = 1; n <= 3; n++) {
            assertThat(http.post("/ngsi-ld/v1/temporal/entities", "{\"id\": \"" + prefix + "-" + n
                    + "\", \"type\": \"GzipSensor\", \"t\": [" + instances + "], \"notes\": [{\"type\": \"Property\","
                    + " \"value\": \"" + "a note long enough to be compressed ".repeat(40) + "\"}]}", "NGSILD-Tenant", TENANT)
                    .status())
                    .isEqualTo(201);
        }
        List<String> questions = List.of(
                "/ngsi-ld/v1/temporal/entities/" + prefix + "-1" + HOURLY_SUM + "&attrs=t",
                "/ngsi-ld/v1/temporal/entities/" + prefix + "-1?attrs=t&lastN=40",
                "/ngsi-ld/v1/temporal/entities" + HOURLY_SUM + "&type=GzipSensor&attrs=t",
                "/ngsi-ld/v1/temporal/entities?type=GzipSensor&attrs=t&lastN=5",
                "/ngsi-ld/v1/entities/" + prefix + "-1");
        for (String accept : List.of("application/json", "application/ld+json")) {
            for (String question : questions) {
                assertGzippedAsPlain(question, accept);
            }
        }
        assertThat(http.post("/ngsi-ld/v1/temporal/entities/" + prefix + "-2/attrs", """
                {"t": [{"type": "Property", "value": 1000, "observedAt": "2024-01-02T23:30:00Z"}]}""",
                "NGSILD-Tenant", TENANT).status()).isEqualTo(204);
        String page = assertGzippedAsPlain(questions.get(2), "application/json");
        assertThat(page).as("the change, in the page from its kept pieces").contains("[1047.0,");

        HttpResponse<byte[]> refused = http.getBytes(questions.get(0), "NGSILD-Tenant", TENANT,
                "Accept-Encoding", "gzip;q=0, identity");
        assertThat(refused.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(new String(refused.body(), StandardCharsets.UTF_8)).startsWith("{");
    }

    /**
     * A long answer (two months of hourly figures, 180 kB) is kept in arrays, and held compressed only where a client
     * that accepts gzip asked first: every client gets the same JSON from it, plain or gzip, alone or in a page, and the
     * figures are those recorded.
     */
    @Test
    void aLongAnswerKeptCompressedReadsTheSameForEveryClient(TestInfo test) {
        String prefix = id(test);
        int hours = 1_500;
        StringBuilder instances = new StringBuilder();
        for (int hour = 0; hour < hours; hour++) {
            instances.append(hour == 0 ? "" : ",").append("{\"type\": \"Property\", \"value\": ").append(hour % 97)
                    .append(".5, \"observedAt\": \"").append(Instant.parse("2024-01-01T00:00:00Z").plusSeconds(3600L * hour))
                    .append("\"}");
        }
        assertThat(http.post("/ngsi-ld/v1/temporal/entities", "{\"id\": \"" + prefix + "\", \"type\": \"LongSensor\","
                + " \"t\": [" + instances + "]}", "NGSILD-Tenant", TENANT).status()).isEqualTo(201);
        String question = "/ngsi-ld/v1/temporal/entities/" + prefix + HOURLY_SUM + "&attrs=t";
        long hits = keptReads("hit");
        HttpResponse<byte[]> gzipFirst = http.getBytes(question, "NGSILD-Tenant", TENANT, "Accept-Encoding", "gzip");
        assertThat(gzipFirst.headers().firstValue("Content-Encoding")).contains("gzip");

        Http.Answer first = http.get(question, "NGSILD-Tenant", TENANT);
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(first.body().length()).as("large enough to be held compressed").isGreaterThan(100_000);
        JsonNode sums = first.json().path("t").path("sum");
        assertThat(sums).hasSize(hours);
        for (int hour = 0; hour < hours; hour += 149) {
            assertThat(sums.get(hour).get(0).asDouble()).isEqualTo(hour % 97 + 0.5);
            assertThat(sums.get(hour).get(1).asText())
                    .isEqualTo(Instant.parse("2024-01-01T00:00:00Z").plusSeconds(3600L * hour).toString());
        }
        assertThat(Http.inflated(gzipFirst.body())).isEqualTo(first.body());
        assertThat(assertGzippedAsPlain(question, "application/json")).isEqualTo(first.body());
        assertThat(keptReads("hit") - hits).as("answered from memory after the first").isGreaterThanOrEqualTo(4);
        String page = assertGzippedAsPlain("/ngsi-ld/v1/temporal/entities" + HOURLY_SUM + "&type=LongSensor&attrs=t",
                "application/json");
        assertThat(page).contains(first.json().path("t").path("sum").get(hours - 1).toString());
    }

    /** The answer to a client that accepts gzip, asked twice, inflated: the answer to one that does not. */
    private static String assertGzippedAsPlain(String question, String accept) {
        String plain = http.get(question, "NGSILD-Tenant", TENANT, "Accept", accept).body();
        for (int time = 0; time < 2; time++) {
            HttpResponse<byte[]> gzipped = http.getBytes(question, "NGSILD-Tenant", TENANT,
                    "Accept", accept, "Accept-Encoding", "gzip");
            assertThat(gzipped.statusCode()).isEqualTo(200);
            assertThat(gzipped.headers().firstValue("Content-Encoding")).as(question).contains("gzip");
            assertThat(gzipped.headers().allValues("Vary")).as(question).containsExactly("Accept-Encoding");
            assertThat(gzipped.headers().firstValue("Content-Type")).contains(accept);
            assertThat(Http.inflated(gzipped.body())).as(question).isEqualTo(plain);
        }
        assertThat(plain.length()).as("large enough to be compressed").isGreaterThan(1024);
        return plain;
    }

    /** The values of the answer to {@code query} about the entity's t, asked twice: the same answer both times. */
    private static String values(String id, String query, String... headers) {
        String first = valuesOnce(id, query, headers);
        assertThat(valuesOnce(id, query, headers)).isEqualTo(first);
        return first;
    }

    private static String valuesOnce(String id, String query, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "NGSILD-Tenant";
        all[1] = TENANT;
        System.arraycopy(headers, 0, all, 2, headers.length);
        Http.Answer answer = http.get("/ngsi-ld/v1/temporal/entities/" + id + "?attrs=t&" + query, all);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode series = answer.json().path("t");
        JsonNode values = series.has("values") ? series.get("values") : series;
        StringBuilder text = new StringBuilder();
        values.forEach(value -> text.append(text.isEmpty() ? "" : " ")
                .append((value.isArray() ? value.get(0) : value.get("value")).asInt()));
        return text.toString();
    }

    @Test
    void lastNIsAnsweredFromMemoryUntilTheHistoryChanges(TestInfo test) {
        String id = id(test);
        create(id);
        long hits = keptReads("hit");
        assertThat(values(id, "lastN=2")).isEqualTo("2 3");
        assertThat(keptReads("hit")).as("the second answer came from memory").isGreaterThan(hits);

        assertThat(http.post("/ngsi-ld/v1/temporal/entities/" + id + "/attrs", """
                {"t": [{"type": "Property", "value": 10, "observedAt": "2024-01-01T01:15:00Z"}]}""",
                "NGSILD-Tenant", TENANT).status()).as("an instance appended").isEqualTo(204);
        assertThat(values(id, "lastN=2")).isEqualTo("3 10");

        // twice: the second update goes without locks, from the row the first one kept
        for (int value = 100; value <= 200; value += 100) {
            assertThat(http.patch("/ngsi-ld/v1/entities/" + id + "/attrs/t",
                    "{\"value\": " + value + ", \"observedAt\": \"2024-01-01T0" + (value / 100 + 1) + ":00:00Z\"}",
                    "NGSILD-Tenant", TENANT).status()).as("the entity updated").isEqualTo(204);
            assertThat(values(id, "lastN=2")).isEqualTo(value == 100 ? "10 100" : "100 200");
        }

        JsonNode instances = http.get("/ngsi-ld/v1/temporal/entities/" + id + "?attrs=t&lastN=1", "NGSILD-Tenant",
                TENANT).json().path("t");
        String last = instances.get(0).get("instanceId").asText();
        assertThat(http.patch("/ngsi-ld/v1/temporal/entities/" + id + "/attrs/t/" + last,
                "{\"type\": \"Property\", \"value\": 7, \"observedAt\": \"2024-01-01T03:00:00Z\"}", "NGSILD-Tenant",
                TENANT).status()).as("an instance replaced").isEqualTo(204);
        assertThat(values(id, "lastN=2")).isEqualTo("100 7");

        assertThat(http.delete("/ngsi-ld/v1/temporal/entities/" + id + "/attrs/t/" + last, "NGSILD-Tenant", TENANT)
                .status()).as("an instance deleted").isEqualTo(204);
        assertThat(values(id, "lastN=2")).isEqualTo("10 100");

        assertThat(http.delete("/ngsi-ld/v1/temporal/entities/" + id + "/attrs/t", "NGSILD-Tenant", TENANT).status())
                .as("the attribute's history deleted").isEqualTo(204);
        assertThat(values(id, "lastN=2")).isEmpty();

        assertThat(http.delete("/ngsi-ld/v1/temporal/entities/" + id, "NGSILD-Tenant", TENANT).status())
                .as("the temporal entity deleted").isEqualTo(204);
        assertThat(http.get("/ngsi-ld/v1/temporal/entities/" + id + "?attrs=t&lastN=2", "NGSILD-Tenant", TENANT)
                .status()).isEqualTo(404);
        create(id);
        assertThat(values(id, "lastN=2")).as("created again").isEqualTo("2 3");
    }

    @Test
    void everyKeptFormOfInstancesShowsTheLastAcknowledgedChange(TestInfo test) {
        String id = id(test);
        create(id);
        for (int value = 1; value <= 3; value++) {
            assertThat(http.post("/ngsi-ld/v1/temporal/entities/" + id + "/attrs", """
                    {"t": [{"type": "Property", "value": %d, "observedAt": "2024-01-02T0%d:00:00Z"}]}"""
                    .formatted(value * 100, value), "NGSILD-Tenant", TENANT).status()).isEqualTo(204);
            String newest = String.valueOf(value * 100);
            assertThat(values(id, "lastN=1")).isEqualTo(newest);
            assertThat(values(id, "lastN=1", "Accept", "application/ld+json")).isEqualTo(newest);
            assertThat(values(id, "lastN=1&options=temporalValues")).isEqualTo(newest);
            assertThat(values(id, "lastN=1&options=sysAttrs")).isEqualTo(newest);
            assertThat(values(id, "timerel=after&timeAt=2024-01-01T00:45:00Z"))
                    .as("a window, oldest first").startsWith("3 100");

            Http.Answer jsonLd = http.get("/ngsi-ld/v1/temporal/entities/" + id + "?attrs=t&lastN=1", "NGSILD-Tenant",
                    TENANT, "Accept", "application/ld+json");
            assertThat(jsonLd.raw().headers().firstValue("Content-Type")).hasValue("application/ld+json");
            assertThat(jsonLd.json().has("@context")).isTrue();
            Http.Answer json = http.get("/ngsi-ld/v1/temporal/entities/" + id + "?attrs=t&lastN=1", "NGSILD-Tenant",
                    TENANT);
            assertThat(json.raw().headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(json.header("Link")).contains("ngsi-ld-core-context");
            assertThat(json.json().has("@context")).isFalse();
        }
    }
}
