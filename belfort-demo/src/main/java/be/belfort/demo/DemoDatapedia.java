package be.belfort.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * The demo region's datapedia: four policy questions in Dutch (and English), written through the datapedia's API,
 * and the open data portal of Antwerp, served by the demo on this machine as a DCAT catalogue that describes one more
 * dataset (its car parks, which are not on the platform), registered for harvest.
 */
public final class DemoDatapedia implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DemoDatapedia.class);
    /** The path of the demo's catalogue: a catalogue registered by an earlier run (on another port) is replaced. */
    public static final String CATALOGUE_PATH = "/demo-portal/antwerpen/catalog.ttl";
    static final String CATALOGUE = """
            @prefix dcat: <http://www.w3.org/ns/dcat#> .
            @prefix dct: <http://purl.org/dc/terms/> .
            @prefix foaf: <http://xmlns.com/foaf/0.1/> .
            @prefix vcard: <http://www.w3.org/2006/vcard/ns#> .

            <https://portal.antwerpen.demo.invalid/catalog> a dcat:Catalog ;
                dct:title "Open data Antwerpen (demo)"@nl ;
                dcat:dataset <https://portal.antwerpen.demo.invalid/dataset/parkeergarages> .

            <https://portal.antwerpen.demo.invalid/dataset/parkeergarages> a dcat:Dataset ;
                dct:title "Bezetting van de parkeergarages"@nl, "Occupancy of the car parks"@en ;
                dct:description "Vrije plaatsen in de stedelijke parkeergarages, elke vijf minuten."@nl ;
                dcat:keyword "parkeren", "OffStreetParking" ;
                dct:conformsTo <https://smart-data-models.github.io/dataModel.Parking/OffStreetParking/schema.json> ;
                dct:publisher <https://data.vlaanderen.be/id/gemeente/11002> ;
                dcat:contactPoint [ a vcard:Organization ; vcard:fn "Datateam Antwerpen" ;
                    vcard:hasEmail <mailto:opendata@antwerpen.demo.invalid> ] ;
                dct:accrualPeriodicity <http://publications.europa.eu/resource/authority/frequency/UPDATE_CONT> ;
                dct:accessRights <http://publications.europa.eu/resource/authority/access-right/PUBLIC> ;
                dct:spatial <https://data.vlaanderen.be/id/gemeente/11002> ;
                dcat:distribution [ a dcat:Distribution ;
                    dcat:downloadURL <https://portal.antwerpen.demo.invalid/parkeergarages.csv> ;
                    dcat:mediaType <https://www.iana.org/assignments/media-types/text/csv> ;
                    dct:license <https://data.vlaanderen.be/id/licentie/modellicentie-gratis-hergebruik/v1.0> ] .

            <https://data.vlaanderen.be/id/gemeente/11002> a foaf:Agent ; foaf:name "Stad Antwerpen" .
            """;

    private final HttpServer portal;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private DemoDatapedia(HttpServer portal) {
        this.portal = portal;
    }

    /** Serves the demo's external catalogue on the loopback address, on a free port. */
    public static DemoDatapedia serve() {
        try {
            HttpServer portal = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            byte[] body = CATALOGUE.getBytes(StandardCharsets.UTF_8);
            portal.createContext(CATALOGUE_PATH, exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "text/turtle; charset=utf-8");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            portal.start();
            return new DemoDatapedia(portal);
        } catch (IOException e) {
            throw new UncheckedIOException("The demo's catalogue could not be served", e);
        }
    }

    public URI catalogueUrl() {
        return URI.create("http://127.0.0.1:" + portal.getAddress().getPort() + CATALOGUE_PATH);
    }

    /**
     * Writes the four questions and registers the catalogue through the platform's datapedia API.
     *
     * @return true when every request succeeded
     */
    public boolean seed(URI brokerBase, String apiKey) throws InterruptedException {
        String api = brokerBase.toString().replaceAll("/+$", "") + "/datapedia/api";
        boolean ok = true;
        try {
            JsonNode sources = Demo.JSON.readTree(send(HttpRequest.newBuilder(URI.create(api + "/sources")).GET(), apiKey).body());
            for (JsonNode source : sources) {
                if (source.path("url").asText().endsWith(CATALOGUE_PATH)) {
                    send(HttpRequest.newBuilder(URI.create(api + "/sources/" + source.path("id").asText())).DELETE(), apiKey);
                }
            }
            ObjectNode catalogue = Demo.JSON.createObjectNode().put("url", catalogueUrl().toString()).put("city", "antwerpen");
            ok &= expect(send(HttpRequest.newBuilder(URI.create(api + "/sources")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(catalogue.toString())), apiKey), "the demo's catalogue");
            for (ObjectNode question : questions()) {
                String id = question.remove("id").asText();
                ok &= expect(send(HttpRequest.newBuilder(URI.create(api + "/questions/" + id))
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(question.toString())), apiKey), "question " + id);
            }
        } catch (IOException e) {
            LOG.warn("Demo datapedia: {}", e.toString());
            return false;
        }
        return ok;
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String apiKey) throws IOException, InterruptedException {
        if (apiKey != null) {
            request.header("X-API-Key", apiKey);
        }
        return client.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static boolean expect(HttpResponse<String> response, String what) {
        if (response.statusCode() / 100 == 2) {
            return true;
        }
        LOG.warn("Demo datapedia: {} answered HTTP {}: {}", what, response.statusCode(), response.body());
        return false;
    }

    /** The four questions of the demo region, over all its cities. */
    static List<ObjectNode> questions() {
        return List.of(
                question("drukte-winkelstraten", "economy", "Hoe druk is het in de winkelstraten?",
                        "How crowded are the shopping streets?",
                        "Hoeveel voorbijgangers telt elke winkelstraat, nu en doorheen het jaar, om evenementen en"
                                + " openingsuren af te stemmen.",
                        "How many passers-by each shopping street counts, now and through the year, to plan events and"
                                + " opening hours.",
                        need("drukte", "CrowdFlowObserved", List.of("peopleCount", "congested"), "PT15M", "P1Y")),
                question("vrije-parkeerplaats", "mobility", "Waar is er nu een vrije parkeerplaats?",
                        "Where is a free parking space right now?",
                        "Vrije plaatsen in de parkeergarages van elke stad, actueel, om zoekverkeer te vermijden.",
                        "Free spaces in each city's car parks, up to date, to spare the traffic of drivers searching.",
                        need("parkeergarages", "OffStreetParking", List.of("availableSpotNumber", "totalSpotNumber"),
                                "PT15M", "P30D")),
                question("gezonde-lucht", "environment", "Hoe gezond is de lucht in mijn buurt?",
                        "How healthy is the air in my neighbourhood?",
                        "Stikstofdioxide en fijn stof per buurt, met een jaar historiek om trends te zien.",
                        "Nitrogen dioxide and particulate matter per neighbourhood, with a year of history to see trends.",
                        need("luchtkwaliteit", "AirQualityObserved", List.of("no2", "pm10", "pm25"), "PT1H", "P1Y")),
                question("toegankelijke-gebouwen", "living",
                        "Zijn de publieke gebouwen toegankelijk voor rolstoelgebruikers?",
                        "Are the public buildings accessible to wheelchair users?",
                        "Per publiek gebouw: een drempelvrije ingang, een lift, een aangepast toilet en voorbehouden"
                                + " parkeerplaatsen.",
                        "For every public building: a step-free entrance, a lift, an accessible toilet and reserved"
                                + " parking spaces.",
                        need("gebouwen", "Building", List.of("stepFreeEntrance", "lift", "accessibleToilet",
                                "reservedParkingSpaces"), null, null)));
    }

    private static ObjectNode question(String id, String domain, String titleNl, String titleEn, String descriptionNl,
                                       String descriptionEn, ObjectNode need) {
        ObjectNode question = Demo.JSON.createObjectNode().put("id", id);
        question.putObject("title").put("nl", titleNl).put("en", titleEn);
        question.putObject("description").put("nl", descriptionNl).put("en", descriptionEn);
        question.put("domain", domain);
        ArrayNode cities = question.putArray("cities");
        DemoRegion.tenants().forEach(cities::add);
        question.putArray("needs").add(need);
        return question;
    }

    private static ObjectNode need(String id, String type, List<String> attributes, String freshness, String history) {
        ObjectNode need = Demo.JSON.createObjectNode().put("id", id).put("entityType", type);
        attributes.forEach(need.putArray("attributes")::add);
        if (freshness != null) {
            need.put("freshness", freshness);
        }
        if (history != null) {
            need.put("history", history);
        }
        return need;
    }

    @Override
    public void close() {
        portal.stop(0);
    }
}
