package be.belfort.server;

import be.belfort.ingestion.Datex2Parser;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DATEX II parking publications (v2.3 table and status, v3 status, a v3 message container) served by a local HTTP
 * server, polled by the platform and written as OffStreetParking entities with history; an unchanged document is not
 * fetched again (ETag) and an unchanged record writes nothing; a feed that is not a publication or too slow is in its status.
 */
class IngestionDatex2Test {
    private static final String TENANT = "datex-city";
    private static Http http;
    private static HttpServer publisher;
    private static volatile String marktVacant = "125";
    private static final AtomicInteger notModified = new AtomicInteger();
    private static volatile long servedAt;

    @BeforeAll
    static void start() throws IOException {
        http = new Http(TestPlatform.shared().port());
        publisher = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        publisher.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        publisher.createContext("/table.xml", exchange -> serve(exchange, sample("v2-table.xml")));
        publisher.createContext("/status.xml", exchange -> serve(exchange,
                sample("v2-status.xml").replace("{MARKT_VACANT}", marktVacant)));
        publisher.createContext("/v3.xml", exchange -> serve(exchange, sample("v3-status.xml")));
        publisher.createContext("/v3-table.xml", exchange -> serve(exchange, sample("v3-table.xml")));
        publisher.createContext("/v3-container.xml", exchange -> serve(exchange, sample("v3-container.xml")));
        publisher.createContext("/not-parking.xml", exchange -> serve(exchange, sample("v2-status.xml")
                .replace("GenericPublication", "SituationPublication")
                .replaceAll("(?s)<genericPublicationName>.*</genericPublicationExtension>", "")));
        // Valid but for one record, whose occupancy comes before its time: the schema refuses the whole document.
        publisher.createContext("/out-of-order.xml", exchange -> serve(exchange, sample("v2-status.xml")
                .replace("P-MARKT", "P-REFUSED-1").replace("P-STATION", "P-REFUSED-2").replace("{MARKT_VACANT}", "7")
                .replaceFirst("(?s)(<parkingStatusOriginTime>[^<]*</parkingStatusOriginTime>)(\\s*)(<parkingOccupancy>.*?</parkingOccupancy>)",
                        "$3$2$1")));
        publisher.createContext("/neighbour.xml", exchange -> serve(exchange, sample("v2-status.xml")
                .replace("P-MARKT", "P-NEIGHBOUR-1").replace("P-STATION", "P-NEIGHBOUR-2").replace("{MARKT_VACANT}", "7")));
        publisher.createContext("/five-hundred.xml", exchange -> {
            servedAt = System.nanoTime();
            serve(exchange, fiveHundredCarParks());
        });
        publisher.createContext("/slow.xml", exchange -> {
            try {
                Thread.sleep(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            serve(exchange, sample("v3-status.xml"));
        });
        publisher.start();
    }

    @AfterAll
    static void stop() {
        publisher.stop(0);
    }

    private static String sample(String name) {
        try (InputStream in = IngestionDatex2Test.class.getResourceAsStream("/datex2/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Answers the document, or 304 when the client already has this version. */
    private static void serve(HttpExchange exchange, String document) throws IOException {
        String etag = "\"" + Integer.toHexString(document.hashCode()) + "\"";
        if (etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
            notModified.incrementAndGet();
            exchange.sendResponseHeaders(304, -1);
            exchange.close();
            return;
        }
        byte[] body = document.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/xml");
        exchange.getResponseHeaders().add("ETag", etag);
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + publisher.getAddress().getPort() + path;
    }

    private static Http.Answer provision(String devices) {
        return http.post("/iot/devices", "{\"devices\": [" + devices + "]}", "fiware-service", TENANT);
    }


    @Test
    void aVersion2FeedWithItsTableBecomesOffStreetParkingsAndAnUnchangedRecordWritesNothing() throws Exception {
        Http.Answer provisioned = provision("{\"device_id\": \"parking-v2\", \"protocol\": \"DATEX-II\", \"datex2\": {\"url\": \""
                + url("/status.xml") + "\", \"table_url\": \"" + url("/table.xml") + "\", \"interval\": \"PT1S\"}}");
        assertThat(provisioned.status()).as(provisioned.body()).isEqualTo(201);

        JsonNode markt = await("/ngsi-ld/v1/entities/urn:ngsi-ld:OffStreetParking:P-MARKT", body -> body.has("name"));
        assertThat(markt.path("type").asText()).isEqualTo("OffStreetParking");
        assertThat(markt.path("availableSpotNumber").path("value").asInt()).isEqualTo(125);
        assertThat(markt.path("availableSpotNumber").path("observedAt").asText()).isEqualTo("2026-12-01T09:00:00Z");
        assertThat(markt.path("totalSpotNumber").path("value").asInt()).as("from the table").isEqualTo(420);
        assertThat(markt.path("occupiedSpotNumber").path("value").asInt()).isEqualTo(295);
        assertThat(markt.path("name").path("value").asText()).isEqualTo("Parking Markt");
        assertThat(markt.path("location").path("value").path("coordinates").toString()).isEqualTo("[3.7253,51.0536]");
        assertThat(markt.path("status").path("value").toString()).isEqualTo("[\"spacesAvailable\",\"open\"]");
        JsonNode station = await("/ngsi-ld/v1/entities/urn:ngsi-ld:OffStreetParking:P-STATION", body -> true);
        assertThat(station.path("totalSpotNumber").path("value").asInt()).as("the status's override").isEqualTo(780);
        assertThat(station.path("status").path("value").toString()).isEqualTo("[\"full\",\"open\"]");

        int before = notModified.get();
        await("/iot/devices/parking-v2", body -> notModified.get() >= before + 4);
        String history = "/ngsi-ld/v1/temporal/entities/urn:ngsi-ld:OffStreetParking:P-MARKT?attrs=availableSpotNumber";
        assertThat(await(history, body -> true).path("availableSpotNumber")).as("polled again, written once").hasSize(1);

        marktVacant = "90";
        JsonNode changed = await(history, body -> body.path("availableSpotNumber").size() == 2);
        assertThat(changed.path("availableSpotNumber").findValuesAsText("value")).contains("90");
        JsonNode status = await("/iot/devices/parking-v2", body -> body.path("status").path("accepted").asLong() >= 3);
        assertThat(status.path("status").path("refused").asLong()).isZero();
        assertThat(status.path("status").path("lastSeen").asText()).isNotEmpty();
    }

    /** A v2.3 status publication of 500 car parks, as a large operator's feed would be. */
    private static String fiveHundredCarParks() {
        StringBuilder records = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            records.append("<parkingRecordStatus xsi:type=\"ParkingSiteStatus\"><parkingRecordReference targetClass=\"ParkingRecord\" id=\"BULK-").append(i)
                    .append("\" version=\"1\"/><parkingStatusOriginTime>2026-12-01T09:00:00Z</parkingStatusOriginTime>")
                    .append("<parkingOccupancy><parkingNumberOfVacantSpaces>").append(i % 97)
                    .append("</parkingNumberOfVacantSpaces><parkingNumberOfOccupiedSpaces>").append(100 - i % 97)
                    .append("</parkingNumberOfOccupiedSpaces></parkingOccupancy></parkingRecordStatus>");
        }
        return sample("v2-status.xml").replaceFirst("(?s)<parkingRecordStatus.*</parkingRecordStatus>", records.toString());
    }

    @Test
    void aFeedOfFiveHundredCarParksIsWrittenWhole() throws Exception {
        String tenant = "datex-bulk";
        Http.Answer provisioned = http.post("/iot/devices", "{\"devices\": [{\"device_id\": \"bulk\", \"datex2\": {\"url\": \""
                + url("/five-hundred.xml") + "\", \"interval\": \"PT1H\"}}]}", "fiware-service", tenant);
        assertThat(provisioned.status()).as(provisioned.body()).isEqualTo(201);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        long count = 0;
        while (count < 500 && System.nanoTime() < deadline) {
            Http.Answer answer = http.get("/ngsi-ld/v1/entities?type=OffStreetParking&count=true&limit=0", "NGSILD-Tenant", tenant);
            // Before the first car park the tenant does not exist yet: no count.
            count = answer.header("NGSILD-Results-Count") == null ? 0 : Long.parseLong(answer.header("NGSILD-Results-Count"));
            if (count < 500) {
                Thread.sleep(20);
            }
        }
        long millis = (System.nanoTime() - servedAt) / 1_000_000;
        assertThat(count).isEqualTo(500);
        byte[] document = fiveHundredCarParks().getBytes(StandardCharsets.UTF_8);
        long readingStarted = System.nanoTime();
        assertThat(Datex2Parser.parse(document).getFirst().statuses()).hasSize(500);
        long readingMicros = (System.nanoTime() - readingStarted) / 1_000;
        // A printed measurement, not a limit: the time from serving the document to its 500 entities being queryable.
        System.out.println("DATEX II: 500 car parks served, validated against the schema, read and queryable in " + millis
                + " ms; validating and reading the document (" + document.length / 1024 + " KiB) alone, once the schema is"
                + " compiled: " + readingMicros / 1000.0 + " ms");
    }

    @Test
    void aVersion3FeedWithItsTableBecomesOffStreetParkings() throws Exception {
        assertThat(provision("{\"device_id\": \"parking-v3\", \"datex2\": {\"url\": \"" + url("/v3.xml") + "\", \"table_url\": \""
                + url("/v3-table.xml") + "\"}}").status()).isEqualTo(201);
        JsonNode zuid = await("/ngsi-ld/v1/entities/urn:ngsi-ld:OffStreetParking:V3-ZUID", body -> body.has("name"));
        assertThat(zuid.path("name").path("value").asText()).isEqualTo("Parking Zuid");
        assertThat(zuid.path("location").path("value").path("coordinates").toString()).isEqualTo("[3.727,51.045]");
        assertThat(zuid.path("availableSpotNumber").path("value").asInt()).isEqualTo(35);
        assertThat(zuid.path("totalSpotNumber").path("value").asInt()).as("the table's supply").isEqualTo(400);
        assertThat(zuid.path("status").path("value").toString()).isEqualTo("[\"almostFull\",\"open\"]");
        assertThat(zuid.path("availableSpotNumber").path("observedAt").asText()).isEqualTo("2026-12-01T09:01:00Z");
    }

    @Test
    void aVersion3MessageContainerWithATableAndAStatusBecomesOffStreetParkings() throws Exception {
        assertThat(provision("{\"device_id\": \"parking-v3-container\", \"datex2\": {\"url\": \""
                + url("/v3-container.xml") + "\"}}").status()).isEqualTo(201);
        JsonNode noord = await("/ngsi-ld/v1/entities/urn:ngsi-ld:OffStreetParking:V3C-NOORD", body -> body.has("name"));
        assertThat(noord.path("name").path("value").asText()).as("from the container's own table").isEqualTo("Parking Noord");
        assertThat(noord.path("location").path("value").path("coordinates").toString()).isEqualTo("[3.72,51.06]");
        assertThat(noord.path("availableSpotNumber").path("value").asInt()).isEqualTo(40);
        assertThat(noord.path("totalSpotNumber").path("value").asInt()).isEqualTo(250);
        assertThat(noord.path("occupiedSpotNumber").path("value").asInt()).isEqualTo(210);
        assertThat(noord.path("status").path("value").toString()).isEqualTo("[\"spacesAvailable\",\"open\"]");
        assertThat(noord.path("availableSpotNumber").path("observedAt").asText()).isEqualTo("2026-12-01T09:02:00Z");
        JsonNode device = await("/iot/devices/parking-v3-container", body -> body.path("status").path("accepted").asLong() >= 1);
        assertThat(device.path("status").path("accepted").asLong()).as("the status's car park, not the table's too").isEqualTo(1);
        assertThat(device.path("status").path("refused").asLong()).isZero();
    }

    @Test
    void aFeedThatIsNoParkingPublicationOrTooSlowIsRefusedInItsStatus() throws Exception {
        assertThat(provision("{\"device_id\": \"not-parking\", \"datex2\": {\"url\": \"" + url("/not-parking.xml") + "\"}},"
                + "{\"device_id\": \"slow-feed\", \"datex2\": {\"url\": \"" + url("/slow.xml") + "\", \"timeout\": \"PT1S\"}}")
                .status()).isEqualTo(201);
        JsonNode notParking = await("/iot/devices/not-parking", body -> body.path("status").path("refused").asLong() >= 1);
        assertThat(notParking.path("status").path("lastErrors").get(0).path("reason").asText())
                .contains("SituationPublication").contains("not ParkingTablePublication or ParkingStatusPublication");
        JsonNode slow = await("/iot/devices/slow-feed", body -> body.path("status").path("refused").asLong() >= 1);
        assertThat(slow.path("status").path("lastErrors").get(0).path("reason").asText()).contains("did not answer within 1000 ms");
    }

    @Test
    void aDocumentThatFailsTheSchemaWritesNothingAndSaysWhyWhileOtherFeedsGoOn() throws Exception {
        assertThat(provision("{\"device_id\": \"out-of-order\", \"datex2\": {\"url\": \"" + url("/out-of-order.xml")
                + "\", \"interval\": \"PT1S\"}}, {\"device_id\": \"neighbour\", \"datex2\": {\"url\": \""
                + url("/neighbour.xml") + "\", \"interval\": \"PT1S\"}}").status()).isEqualTo(201);
        JsonNode refused = await("/iot/devices/out-of-order", body -> body.path("status").path("refused").asLong() >= 2);
        assertThat(refused.path("status").path("lastErrors").get(0).path("reason").asText())
                .contains("out-of-order.xml").contains("not valid against the DATEX II v2.3 schema").containsPattern("line \\d+")
                .contains("parkingStatusOriginTime");
        assertThat(refused.path("status").path("accepted").asLong()).isZero();
        JsonNode neighbour = await("/ngsi-ld/v1/entities/urn:ngsi-ld:OffStreetParking:P-NEIGHBOUR-1", body -> true);
        assertThat(neighbour.path("availableSpotNumber").path("value").asInt()).isEqualTo(7);
        assertThat(http.get("/ngsi-ld/v1/entities/urn:ngsi-ld:OffStreetParking:P-REFUSED-2", "NGSILD-Tenant", TENANT).status())
                .as("not even the valid record of the refused document").isEqualTo(404);
        JsonNode neighbourStatus = await("/iot/devices/neighbour", body -> body.path("status").path("accepted").asLong() >= 2);
        assertThat(neighbourStatus.path("status").path("refused").asLong()).isZero();
    }

    @Test
    void aFeedMustNameItsUrlAndAReasonableInterval() {
        Http.Answer noUrl = provision("{\"device_id\": \"feed-without-url\", \"datex2\": {\"interval\": \"PT1M\"}}");
        assertThat(noUrl.status()).isEqualTo(400);
        assertThat(noUrl.json().path("detail").asText()).contains("'datex2.url' is required");
        Http.Answer tooOften = provision("{\"device_id\": \"feed-too-often\", \"datex2\": {\"url\": \"http://example.org/p.xml\","
                + " \"interval\": \"PT0.1S\"}}");
        assertThat(tooOften.status()).isEqualTo(400);
        assertThat(provision("{\"device_id\": \"feed-ftp\", \"datex2\": {\"url\": \"ftp://example.org/p.xml\"}}").status())
                .isEqualTo(400);
    }

    private static JsonNode await(String path, Predicate<JsonNode> check) throws InterruptedException {
        return http.await(path, check, "NGSILD-Tenant", TENANT, "fiware-service", TENANT);
    }
}
