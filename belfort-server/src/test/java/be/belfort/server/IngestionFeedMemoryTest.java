package be.belfort.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a DATEX II feed remembers between polls (its documents' ETags, each car park's record written) survives a
 * restart of the platform: an unchanged document is not fetched whole again and an unchanged car park writes no
 * second history instance, while a car park that changed while the platform was down is written.
 */
class IngestionFeedMemoryTest {
    private static final String TENANT = "feed-memory";
    private HttpServer publisher;
    private volatile String southVacant = "40";
    private final AtomicInteger servedWhole = new AtomicInteger();
    private final AtomicInteger notModified = new AtomicInteger();
    private final AtomicInteger servedWithoutValidators = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        publisher = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        publisher.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        publisher.createContext("/with-etag.xml", this::serveWithEtag);
        publisher.createContext("/without-etag.xml", exchange -> {
            servedWithoutValidators.incrementAndGet();
            send(exchange, publication("MEM-NORTH", "120", "MEM-SOUTH", southVacant), null);
        });
        publisher.start();
    }

    @AfterEach
    void stop() {
        publisher.stop(0);
    }

    private void serveWithEtag(HttpExchange exchange) throws IOException {
        String document = publication("MEM-ETAG", "75", "MEM-ETAG-2", "5");
        String etag = "\"" + Integer.toHexString(document.hashCode()) + "\"";
        if (etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
            notModified.incrementAndGet();
            exchange.sendResponseHeaders(304, -1);
            exchange.close();
            return;
        }
        servedWhole.incrementAndGet();
        send(exchange, document, etag);
    }

    private static void send(HttpExchange exchange, String document, String etag) throws IOException {
        byte[] body = document.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/xml");
        if (etag != null) {
            exchange.getResponseHeaders().add("ETag", etag);
        }
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    /** A DATEX II v3 ParkingStatusPublication of two car parks. */
    private static String publication(String firstId, String firstVacant, String secondId, String secondVacant) {
        return """
                <d2:payload xmlns:d2="http://datex2.eu/schema/3/d2Payload" xmlns:com="http://datex2.eu/schema/3/common"
                    xmlns:fac="http://datex2.eu/schema/3/facilities" xmlns:prk="http://datex2.eu/schema/3/parking"
                    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                    xsi:type="prk:ParkingStatusPublication" lang="nl" modelBaseVersion="3">
                  <com:publicationTime>2026-12-01T09:00:05Z</com:publicationTime>
                  <com:publicationCreator><com:country>be</com:country><com:nationalIdentifier>memory</com:nationalIdentifier></com:publicationCreator>
                  %s%s
                </d2:payload>""".formatted(record(firstId, firstVacant), record(secondId, secondVacant));
    }

    private static String record(String id, String vacant) {
        return """
                <prk:parkingStatusInformation xsi:type="prk:PlaceStatus">
                  <fac:reference targetClass="fac:FacilityObject" id="%s" version="1"/>
                  <fac:lastUpdated>2026-12-01T09:00:00Z</fac:lastUpdated>
                  <prk:occupancy><prk:numberOfVacantSpaces>%s</prk:numberOfVacantSpaces>
                    <prk:numberOfOccupiedSpaces>100</prk:numberOfOccupiedSpaces></prk:occupancy>
                </prk:parkingStatusInformation>""".formatted(id, vacant);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + publisher.getAddress().getPort() + path;
    }

    @Test
    void aRestartNeitherFetchesUnchangedDocumentsWholeNorWritesUnchangedCarParksAgain() throws Exception {
        Path data = TestPlatform.temporaryDirectory();
        try (Platform first = TestPlatform.start(data)) {
            Http http = new Http(first.port());
            Http.Answer provisioned = http.post("/iot/devices", """
                    {"devices": [{"device_id": "with-etag", "datex2": {"url": "%s", "interval": "PT1S"}},
                                 {"device_id": "without-etag", "datex2": {"url": "%s", "interval": "PT1S"}}]}"""
                    .formatted(url("/with-etag.xml"), url("/without-etag.xml")), "fiware-service", TENANT);
            assertThat(provisioned.status()).as(provisioned.body()).isEqualTo(201);
            await(http, history("MEM-SOUTH"), body -> body.path("availableSpotNumber").size() == 1);
            await(http, history("MEM-ETAG"), body -> body.path("availableSpotNumber").size() == 1);
            int polled = servedWithoutValidators.get();
            int unchanged = notModified.get();
            // Polled again while up: still one instance each, the ETag sent.
            await(http, "/iot/devices/without-etag", body -> servedWithoutValidators.get() >= polled + 2
                    && notModified.get() >= unchanged + 2);
        }
        assertThat(servedWhole.get()).as("the document with an ETag was fetched whole once").isEqualTo(1);

        southVacant = "12";
        try (Platform second = TestPlatform.start(data)) {
            Http http = new Http(second.port());
            int polled = servedWithoutValidators.get();
            int unchanged = notModified.get();
            await(http, history("MEM-SOUTH"), body -> body.path("availableSpotNumber").size() == 2);
            await(http, "/iot/devices/without-etag", body -> servedWithoutValidators.get() >= polled + 3
                    && notModified.get() >= unchanged + 3);

            assertThat(servedWhole.get()).as("after the restart the ETag kept is sent: 304, not the whole document")
                    .isEqualTo(1);
            assertThat(await(http, history("MEM-NORTH"), body -> true).path("availableSpotNumber"))
                    .as("an unchanged car park writes nothing after the restart").hasSize(1);
            assertThat(await(http, history("MEM-ETAG"), body -> true).path("availableSpotNumber")).hasSize(1);
            assertThat(await(http, history("MEM-SOUTH"), body -> true).path("availableSpotNumber")
                    .findValuesAsText("value")).containsExactlyInAnyOrder("40", "12");
            JsonNode status = http.get("/iot/devices/without-etag", "fiware-service", TENANT).json().path("status");
            assertThat(status.path("refused").asLong()).isZero();
            assertThat(status.path("accepted").asLong()).as("two car parks, then the changed one").isEqualTo(3);
        }
    }

    private static String history(String recordId) {
        return "/ngsi-ld/v1/temporal/entities/urn:ngsi-ld:OffStreetParking:" + recordId + "?attrs=availableSpotNumber";
    }

    private static JsonNode await(Http http, String path, Predicate<JsonNode> check) throws InterruptedException {
        return http.await(path, check, "NGSILD-Tenant", TENANT, "fiware-service", TENANT);
    }
}
