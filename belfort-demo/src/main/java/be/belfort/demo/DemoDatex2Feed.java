package be.belfort.demo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * One city's car parks as a parking operator would publish them: a DATEX II v2.3 ParkingTablePublication (names,
 * capacity, place) and ParkingStatusPublication (vacant spaces, status), served by the demo on the loopback address
 * with ETags. The platform polls them as a DATEX II feed device, so that they arrive through ingestion rather than
 * through the NGSI-LD API. The values are the demo region's simulation, and the publications say so.
 */
public final class DemoDatex2Feed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DemoDatex2Feed.class);
    static final String TENANT = "kortrijk";
    public static final String DEVICE = "parkings-kortrijk";
    private static final String SUPPLIER = "belfort-demo-simulated-" + TENANT;

    private final HttpServer server;
    private final DemoRegion region;
    private final Clock clock;
    private final AtomicLong served = new AtomicLong();
    private final AtomicLong notModified = new AtomicLong();

    private DemoDatex2Feed(HttpServer server, DemoRegion region, Clock clock) {
        this.server = server;
        this.region = region;
        this.clock = clock;
    }

    /** Serves the city's publications on the loopback address, on a free port. */
    public static DemoDatex2Feed serve(long seed, Clock clock) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            DemoDatex2Feed feed = new DemoDatex2Feed(server, new DemoRegion(seed), clock);
            server.createContext("/datex2/" + TENANT + "/table.xml", exchange -> feed.answer(exchange, feed::table));
            server.createContext("/datex2/" + TENANT + "/status.xml", exchange -> feed.answer(exchange, feed::status));
            server.start();
            return feed;
        } catch (IOException e) {
            throw new UncheckedIOException("The demo's DATEX II feed could not be served", e);
        }
    }

    public URI statusUrl() {
        return base().resolve("status.xml");
    }

    public URI tableUrl() {
        return base().resolve("table.xml");
    }

    private URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/datex2/" + TENANT + "/");
    }

    /** Documents served whole, and answered 304 because the platform had them already. */
    public long[] requests() {
        return new long[] {served.get(), notModified.get()};
    }

    /** Whether an entity of a tenant arrives through this feed. */
    static boolean feeds(String tenant, ObjectNode entity) {
        return tenant.equals(TENANT) && entity.path("type").asText().equals("OffStreetParking");
    }

    /** The feed as a device to provision through the IoT Agent API: polled every minute. */
    ObjectNode device() {
        ObjectNode device = Demo.JSON.createObjectNode().put("device_id", DEVICE).put("protocol", "DATEX-II");
        device.putObject("datex2").put("url", statusUrl().toString()).put("table_url", tableUrl().toString())
                .put("interval", "PT1M");
        return device;
    }

    private void answer(HttpExchange exchange, Supplier<String> document) throws IOException {
        try (exchange) {
            byte[] body = document.get().getBytes(StandardCharsets.UTF_8);
            String etag = "\"" + Integer.toHexString(java.util.Arrays.hashCode(body)) + "\"";
            if (etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
                notModified.incrementAndGet();
                exchange.sendResponseHeaders(304, -1);
                return;
            }
            if (served.getAndIncrement() == 0) {
                LOG.info("Demo DATEX II feed: the platform fetched {} (simulated car parks of {})",
                        exchange.getRequestURI(), TENANT);
            }
            exchange.getResponseHeaders().add("Content-Type", "application/xml; charset=utf-8");
            exchange.getResponseHeaders().add("ETag", etag);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private List<Places.CarPark> carParks() {
        return Places.SIMULATED_CAR_PARKS.stream().filter(park -> park.tenant().equals(TENANT)).toList();
    }

    String table() {
        StringBuilder records = new StringBuilder();
        for (Places.CarPark park : carParks()) {
            records.append("""
                          <parkingRecord xsi:type="UrbanParkingSite" id="%s" version="1">
                            <parkingName><values><value lang="nl">%s</value></values></parkingName>
                            <parkingRecordVersionTime>2026-01-01T00:00:00Z</parkingRecordVersionTime>
                            <parkingNumberOfSpaces>%d</parkingNumberOfSpaces>
                            <parkingLocation xsi:type="Point"><pointByCoordinates><pointCoordinates>\
                    <latitude>%s</latitude><longitude>%s</longitude></pointCoordinates></pointByCoordinates></parkingLocation>
                            <urbanParkingSiteType>offStreetParking</urbanParkingSiteType>
                          </parkingRecord>
                    """.formatted(recordId(park), park.name(), park.capacity(), park.latitude(), park.longitude()));
        }
        return publication("ParkingTablePublication", Instant.parse("2026-01-01T00:00:00Z"), """
                    <parkingTable id="%s-parkings" version="1">
                      <parkingTableVersionTime>2026-01-01T00:00:00Z</parkingTableVersionTime>
                %s    </parkingTable>
                """.formatted(TENANT, records));
    }

    /** The status of every five minutes, as an operator's publication would change: polled in between, it is 304. */
    String status() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MINUTES);
        now = now.minus(now.getEpochSecond() / 60 % 5, ChronoUnit.MINUTES);
        StringBuilder records = new StringBuilder();
        for (ObjectNode entity : region.liveEntities(TENANT, now)) {
            if (!feeds(TENANT, entity)) {
                continue;
            }
            String id = entity.path("id").asText().substring("urn:ngsi-ld:OffStreetParking:".length());
            records.append("""
                        <parkingRecordStatus xsi:type="ParkingSiteStatus">
                          <parkingRecordReference targetClass="ParkingRecord" id="%s" version="1"/>
                          <parkingStatusOriginTime>%s</parkingStatusOriginTime>
                          <parkingOccupancy>
                            <parkingNumberOfVacantSpaces>%d</parkingNumberOfVacantSpaces>
                            <parkingNumberOfOccupiedSpaces>%d</parkingNumberOfOccupiedSpaces>
                          </parkingOccupancy>
                          <parkingSiteStatus>%s</parkingSiteStatus>
                          <parkingSiteOpeningStatus>open</parkingSiteOpeningStatus>
                        </parkingRecordStatus>
                    """.formatted(id, entity.path("availableSpotNumber").path("observedAt").asText(),
                    entity.path("availableSpotNumber").path("value").asInt(),
                    entity.path("occupiedSpotNumber").path("value").asInt(),
                    entity.path("status").path("value").get(0).asText()));
        }
        return publication("ParkingStatusPublication", now, records.toString());
    }

    private static String recordId(Places.CarPark park) {
        return park.tenant() + "-" + park.key();
    }

    /** A DATEX II v2.3 publication: a GenericPublication carrying the parking publication, as the schema has it. */
    private static String publication(String type, Instant time, String content) {
        String element = Character.toLowerCase(type.charAt(0)) + type.substring(1);
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <!-- Simulated by the Belfort demo: not a real operator's data. -->
                <d2LogicalModel xmlns="http://datex2.eu/schema/2/2_0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                                modelBaseVersion="2">
                  <exchange>
                    <supplierIdentification><country>be</country><nationalIdentifier>%s</nationalIdentifier></supplierIdentification>
                  </exchange>
                  <payloadPublication xsi:type="GenericPublication" lang="nl">
                    <publicationTime>%s</publicationTime>
                    <publicationCreator><country>be</country><nationalIdentifier>%s</nationalIdentifier></publicationCreator>
                    <genericPublicationName>%s</genericPublicationName>
                    <genericPublicationExtension>
                      <%s>
                %s      </%s>
                    </genericPublicationExtension>
                  </payloadPublication>
                </d2LogicalModel>
                """.formatted(SUPPLIER, time, SUPPLIER, type, element, content, element);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
