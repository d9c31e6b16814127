package be.belfort.server;

import com.apicatalog.jsonld.JsonLd;
import com.apicatalog.jsonld.document.JsonDocument;
import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.rdf4j.model.IRI;
import org.eclipse.rdf4j.model.Literal;
import org.eclipse.rdf4j.model.Model;
import org.eclipse.rdf4j.model.util.Models;
import org.eclipse.rdf4j.model.util.Values;
import org.eclipse.rdf4j.rio.RDFFormat;
import org.eclipse.rdf4j.rio.Rio;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Open data: datasets declared through the admin API, the DCAT-AP Vlaanderen catalogue in every RDF
 * serialisation (parsed back with RDF4J), dereferenceable dataset and distribution IRIs, downloads of the
 * latest state, and nothing of restricted or personal datasets anywhere.
 */
class OpenDataTest {
    private static final Http HTTP = new Http(TestPlatform.shared().port());
    private static final String BASE = "http://localhost:" + TestPlatform.shared().port();
    private static final String TENANT = "opendata-city";
    private static final String DCAT = "http://www.w3.org/ns/dcat#";
    private static final String DCT = "http://purl.org/dc/terms/";
    private static final IRI TYPE = Values.iri("http://www.w3.org/1999/02/22-rdf-syntax-ns#type");

    static final String METADATA = """
            "title": {"nl": "Bezetting van parkeergarages", "en": "Occupancy of car parks"},
            "description": {"nl": "Vrije plaatsen in de parkeergarages, elke minuut.", "en": "Free spaces in car parks, every minute."},
            "publisher": {"id": "https://data.vlaanderen.be/id/organisatie/OVO000001", "name": "Stad Voorbeeld", "type": "LocalAuthority"},
            "contactPoint": "mailto:opendata@example.be",
            "license": "modellicentie-gratis-hergebruik",
            "themes": ["TRAN"], "keywords": ["parkeren", "mobiliteit"],
            "spatial": ["http://publications.europa.eu/resource/authority/place/BEL_GNT"],
            "updateFrequency": "continuous\"""";

    @BeforeAll
    static void declareDatasets() {
        for (int i = 0; i < 3; i++) {
            post("/ngsi-ld/v1/entities", """
                    {"id": "urn:ngsi-ld:OffStreetParking:od-%d", "type": "OffStreetParking",
                     "name": {"type": "Property", "value": "Garage %d, \\"centrum\\""},
                     "availableSpotNumber": {"type": "Property", "value": %d},
                     "location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [3.7%d, 51.05]}}}"""
                    .formatted(i, i, 100 + i, i));
        }
        post("/ngsi-ld/v1/entities", """
                {"id": "urn:ngsi-ld:CrowdFlowObserved:od-1", "type": "CrowdFlowObserved",
                 "peopleCount": {"type": "Property", "value": 120}}""");
        post("/ngsi-ld/v1/entities", """
                {"id": "urn:ngsi-ld:Person:od-1", "type": "Person", "name": {"type": "Property", "value": "Someone"}}""");
        assertThat(put("OffStreetParking", "{\"accessLevel\": \"open\", " + METADATA + "}").status()).isIn(200, 201);
        assertThat(put("CrowdFlowObserved", "{\"accessLevel\": \"restricted\", " + METADATA.replace("car parks", "crowds") + "}")
                .status()).isIn(200, 201);
        assertThat(put("Person", "{\"accessLevel\": \"personal\"}").status()).isIn(200, 201);
    }

    private static void post(String path, String body) {
        Http.Answer answer = HTTP.post(path, body, "NGSILD-Tenant", TENANT);
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
    }

    private static Http.Answer put(String type, String body) {
        return HTTP.put("/admin/datasets/" + TENANT + "/" + type, body);
    }

    private static Model parse(String text, RDFFormat format) {
        try {
            return Rio.parse(new StringReader(text), BASE, format);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Model catalog(String accept, RDFFormat format) {
        Http.Answer answer = HTTP.get("/catalog", "Accept", accept);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        // Turtle names its charset; the other serialisations are UTF-8 by definition and carry none
        assertThat(answer.header("Content-Type")).isEqualTo(accept.equals("text/turtle") ? "text/turtle; charset=utf-8" : accept);
        assertThat(answer.header("Access-Control-Allow-Origin")).isEqualTo("*");
        assertThat(answer.raw().headers().allValues("Vary")).contains("Accept", "Accept-Encoding");
        return parse(answer.body(), format);
    }

    private static IRI dataset(String type) {
        return Values.iri(BASE + "/datasets/" + TENANT + "/" + type);
    }

    @Test
    void theCatalogueDescribesEachOpenDatasetWithItsDistributionsInDcatApVlaanderen() {
        Model model = catalog("text/turtle", RDFFormat.TURTLE);
        IRI catalog = Values.iri(BASE + "/catalog");
        IRI parking = dataset("OffStreetParking");
        assertThat(model.contains(catalog, TYPE, Values.iri(DCAT + "Catalog"))).isTrue();
        assertThat(model.contains(catalog, Values.iri(DCAT + "dataset"), parking)).isTrue();
        assertThat(model.filter(catalog, Values.iri(DCT + "publisher"), null)).hasSize(1);
        assertThat(model.contains(parking, TYPE, Values.iri(DCAT + "Dataset"))).isTrue();
        assertThat(Models.objectLiterals(model.filter(parking, Values.iri(DCT + "title"), null)))
                .extracting(Literal::getLabel).containsExactlyInAnyOrder("Bezetting van parkeergarages", "Occupancy of car parks");
        assertThat(Models.objectLiteral(model.filter(parking, Values.iri(DCT + "title"), null))
                .flatMap(Literal::getLanguage)).isPresent();
        assertThat(model.contains(parking, Values.iri(DCT + "publisher"),
                Values.iri("https://data.vlaanderen.be/id/organisatie/OVO000001"))).isTrue();
        assertThat(model.filter(parking, Values.iri(DCAT + "contactPoint"), null)).hasSize(1);
        assertThat(model.contains(parking, Values.iri(DCAT + "theme"),
                Values.iri("http://publications.europa.eu/resource/authority/data-theme/TRAN"))).isTrue();
        assertThat(model.contains(parking, Values.iri(DCT + "accrualPeriodicity"),
                Values.iri("http://publications.europa.eu/resource/authority/frequency/CONTINUOUS"))).isTrue();
        Set<IRI> distributions = Models.objectIRIs(model.filter(parking, Values.iri(DCAT + "distribution"), null));
        assertThat(distributions).hasSize(4);
        assertThat(distributions).contains(Values.iri(BASE + "/datasets/" + TENANT + "/OffStreetParking/distributions/ldes"));
        assertThat(model.contains(Values.iri(BASE + "/datasets/" + TENANT + "/OffStreetParking/distributions/ldes"),
                Values.iri(DCAT + "accessURL"), Values.iri(BASE + "/datasets/" + TENANT + "/OffStreetParking/ldes"))).isTrue();
        for (IRI distribution : distributions) {
            assertThat(model.contains(distribution, TYPE, Values.iri(DCAT + "Distribution"))).isTrue();
            assertThat(model.filter(distribution, Values.iri(DCAT + "accessURL"), null)).hasSize(1);
            assertThat(model.contains(distribution, Values.iri(DCT + "license"),
                    Values.iri("https://data.vlaanderen.be/id/licentie/modellicentie-gratis-hergebruik/v1.0"))).isTrue();
        }
        IRI service = Values.iri(BASE + "/catalog#ngsi-ld-api");
        assertThat(model.contains(service, TYPE, Values.iri(DCAT + "DataService"))).isTrue();
        assertThat(model.contains(service, Values.iri(DCAT + "servesDataset"), parking)).isTrue();
    }

    @Test
    void eachTenantHasItsOwnCatalogueAsAPartOfTheWhole() {
        IRI whole = Values.iri(BASE + "/catalog");
        IRI part = Values.iri(BASE + "/catalog/" + TENANT);
        assertThat(catalog("text/turtle", RDFFormat.TURTLE).contains(whole, Values.iri(DCT + "hasPart"), part)).isTrue();
        Http.Answer answer = HTTP.get("/catalog/" + TENANT);
        Model tenant = parse(answer.body(), RDFFormat.TURTLE);
        assertThat(tenant.contains(part, TYPE, Values.iri(DCAT + "Catalog"))).isTrue();
        assertThat(tenant.contains(part, Values.iri(DCAT + "dataset"), dataset("OffStreetParking"))).isTrue();
        assertThat(tenant.filter(part, Values.iri(DCAT + "dataset"), null)).hasSize(1);
        assertThat(HTTP.get("/catalog/no-such-city").status()).isEqualTo(404);
    }

    @Test
    void restrictedAndPersonalDatasetsAppearNowhere() {
        Model model = catalog("text/turtle", RDFFormat.TURTLE);
        String all = model.toString();
        assertThat(all).doesNotContain("CrowdFlowObserved").doesNotContain("Person").doesNotContain("crowds");
        for (String type : new String[] {"CrowdFlowObserved", "Person", "Unknown"}) {
            for (String path : new String[] {"", "/latest.csv", "/latest.geojson", "/distributions/csv"}) {
                Http.Answer answer = HTTP.get("/datasets/" + TENANT + "/" + type + path);
                assertThat(answer.status()).as(type + path).isEqualTo(404);
                assertThat(answer.errorType()).isEqualTo("ResourceNotFound");
                assertThat(answer.body()).doesNotContain("restricted").doesNotContain("personal");
            }
        }
    }

    @Test
    void everySerialisationCarriesTheSameTriples() throws Exception {
        Model turtle = catalog("text/turtle", RDFFormat.TURTLE);
        assertThat(Models.isomorphic(turtle, catalog("application/n-triples", RDFFormat.NTRIPLES))).isTrue();
        assertThat(Models.isomorphic(turtle, catalog("application/n-quads", RDFFormat.NQUADS))).isTrue();
        assertThat(Models.isomorphic(turtle, catalog("application/trig", RDFFormat.TRIG))).isTrue();
        Http.Answer jsonLd = HTTP.get("/catalog", "Accept", "application/ld+json");
        assertThat(jsonLd.header("Content-Type")).isEqualTo("application/ld+json");
        assertThat(jsonLd.body()).as("JSON-LD").contains("\"@language\":\"nl\"");
        var dataset = JsonLd.toRdf(JsonDocument.of(new StringReader(jsonLd.body()))).get();
        Model fromJsonLd = new org.eclipse.rdf4j.model.impl.LinkedHashModel();
        dataset.toList().forEach(quad -> fromJsonLd.add(resource(quad.getSubject()), Values.iri(quad.getPredicate().getValue()),
                value(quad.getObject())));
        Model missing = new org.eclipse.rdf4j.model.impl.LinkedHashModel(turtle);
        missing.removeAll(fromJsonLd);
        Model extra = new org.eclipse.rdf4j.model.impl.LinkedHashModel(fromJsonLd);
        extra.removeAll(turtle);
        assertThat(Models.isomorphic(turtle, fromJsonLd)).as("JSON-LD; missing " + missing + "; extra " + extra).isTrue();
        Http.Answer refused = HTTP.get("/catalog", "Accept", "application/pdf");
        assertThat(refused.status()).isEqualTo(406);
        assertThat(refused.errorType()).isEqualTo("NotAcceptable");
    }

    private static org.eclipse.rdf4j.model.Resource resource(com.apicatalog.rdf.RdfResource resource) {
        return resource.isBlankNode() ? Values.bnode(resource.getValue().substring(2)) : Values.iri(resource.getValue());
    }

    /** A JSON-LD processor's RDF term as RDF4J's, language tags and datatypes kept. */
    private static org.eclipse.rdf4j.model.Value value(com.apicatalog.rdf.RdfValue value) {
        if (!value.isLiteral()) {
            return resource((com.apicatalog.rdf.RdfResource) value);
        }
        com.apicatalog.rdf.RdfLiteral literal = value.asLiteral();
        return literal.getLanguage().isPresent() ? Values.literal(literal.getValue(), literal.getLanguage().get())
                : Values.literal(literal.getValue(), Values.iri(literal.getDatatype()));
    }

    @Test
    void datasetAndDistributionIrisAreDereferenceableAndCacheable() {
        Http.Answer dataset = HTTP.get("/datasets/" + TENANT + "/OffStreetParking");
        assertThat(dataset.status()).isEqualTo(200);
        Model model = parse(dataset.body(), RDFFormat.TURTLE);
        assertThat(model.contains(dataset("OffStreetParking"), TYPE, Values.iri(DCAT + "Dataset"))).isTrue();
        Http.Answer distribution = HTTP.get("/datasets/" + TENANT + "/OffStreetParking/distributions/geojson");
        assertThat(parse(distribution.body(), RDFFormat.TURTLE).contains(
                Values.iri(BASE + "/datasets/" + TENANT + "/OffStreetParking/distributions/geojson"), TYPE,
                Values.iri(DCAT + "Distribution"))).isTrue();
        String etag = dataset.header("ETag");
        assertThat(etag).isNotBlank();
        assertThat(HTTP.get("/datasets/" + TENANT + "/OffStreetParking", "If-None-Match", etag).status()).isEqualTo(304);
        assertThat(HTTP.get("/datasets/" + TENANT + "/OffStreetParking/distributions/pdf").status()).isEqualTo(404);
    }

    @Test
    void theLatestStateDownloadsAsCsvAndGeoJson() {
        Http.Answer csv = HTTP.get("/datasets/" + TENANT + "/OffStreetParking/latest.csv");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.header("Content-Type")).isEqualTo("text/csv; charset=utf-8");
        String[] lines = csv.body().split("\r\n");
        assertThat(lines[0]).isEqualTo("id,type,observedAt,availableSpotNumber,location,name");
        assertThat(lines).hasSize(4);
        assertThat(lines[1]).isEqualTo("urn:ngsi-ld:OffStreetParking:od-0,OffStreetParking,,100,"
                + "\"{\"\"type\"\":\"\"Point\"\",\"\"coordinates\"\":[3.7,51.05]}\",\"Garage 0, \"\"centrum\"\"\"");

        Http.Answer geoJson = HTTP.get("/datasets/" + TENANT + "/OffStreetParking/latest.geojson");
        assertThat(geoJson.header("Content-Type")).isEqualTo("application/geo+json");
        JsonNode collection = geoJson.json();
        assertThat(collection.get("type").asText()).isEqualTo("FeatureCollection");
        assertThat(collection.get("features")).hasSize(3);
        JsonNode feature = collection.get("features").get(0);
        assertThat(feature.get("geometry").get("type").asText()).isEqualTo("Point");
        assertThat(feature.get("properties").get("availableSpotNumber").asInt()).isEqualTo(100);
    }

    @Test
    void openingADatasetNeedsItsMandatoryMetadata() {
        Http.Answer refused = put("OffStreetParking", "{\"accessLevel\": \"open\", \"title\": {\"en\": \"Only English\"}}");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.errorType()).isEqualTo("BadRequestData");
        assertThat(refused.json().get("detail").asText()).contains("title.nl", "description.nl", "publisher.id",
                "publisher.name", "contactPoint", "license");
        assertThat(put("OffStreetParking", "{\"accessLevel\": \"open\", " + METADATA.replace("modellicentie-gratis-hergebruik", "all-rights-reserved") + "}")
                .body()).contains("license must be cc0");
        assertThat(put("OffStreetParking", "{\"accessLevel\": \"public\"}").status()).isEqualTo(400);
        JsonNode listed = HTTP.get("/admin/datasets").json();
        Set<String> levels = java.util.stream.StreamSupport.stream(listed.spliterator(), false)
                .filter(d -> d.get("tenant").asText().equals(TENANT))
                .map(d -> d.get("typeName").asText() + "=" + d.get("accessLevel").asText()).collect(Collectors.toSet());
        assertThat(levels).as("refused changes change nothing").containsExactlyInAnyOrder(
                "OffStreetParking=open", "CrowdFlowObserved=restricted", "Person=personal");
    }

    @Test
    void theRootLinksToTheCatalogue() {
        JsonNode root = HTTP.get("/").json();
        assertThat(root.get("links").get("catalog").asText()).isEqualTo(BASE + "/catalog");
    }

    @Test
    void theApiAccessUrlWorksAsPublished() {
        Model model = catalog("text/turtle", RDFFormat.TURTLE);
        IRI api = Values.iri(BASE + "/datasets/" + TENANT + "/OffStreetParking/distributions/api");
        String accessUrl = Models.objectIRI(model.filter(api, Values.iri(DCAT + "accessURL"), null)).orElseThrow().stringValue();
        assertThat(Models.objectLiterals(model.filter(api, Values.iri(DCT + "title"), null)))
                .extracting(Literal::getLabel).contains("Bevraging via de NGSI-LD-API", "Query through the NGSI-LD API");
        Http.Answer answer = HTTP.get(accessUrl.substring(BASE.length()));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json()).as("the published URL names its tenant").hasSize(3);
        assertThat(HTTP.get(accessUrl.substring(BASE.length()), "NGSILD-Tenant", "other").status())
                .as("a tenant named twice is refused").isEqualTo(400);
    }

    @Test
    void theCsvHasTheTimeOfTheLatestObservation() {
        HTTP.patch("/ngsi-ld/v1/entities/urn:ngsi-ld:OffStreetParking:od-2/attrs", """
                {"availableSpotNumber": {"type": "Property", "value": 90, "observedAt": "2026-03-01T08:00:00Z"}}""",
                "NGSILD-Tenant", TENANT);
        String csv = HTTP.get("/datasets/" + TENANT + "/OffStreetParking/latest.csv").body();
        assertThat(csv.lines().findFirst().orElseThrow()).startsWith("id,type,observedAt,");
        assertThat(csv).contains("urn:ngsi-ld:OffStreetParking:od-2,OffStreetParking,2026-03-01T08:00:00Z,");
    }

    @Test
    void theDatasetModifiedDateFollowsTheData() {
        java.time.Instant before = java.time.Instant.now().minusSeconds(1);
        HTTP.patch("/ngsi-ld/v1/entities/urn:ngsi-ld:OffStreetParking:od-1/attrs",
                "{\"availableSpotNumber\": {\"type\": \"Property\", \"value\": 7}}", "NGSILD-Tenant", TENANT);
        Model model = catalog("text/turtle", RDFFormat.TURTLE);
        String modified = Models.objectLiteral(model.filter(dataset("OffStreetParking"), Values.iri(DCT + "modified"), null))
                .orElseThrow().getLabel();
        assertThat(java.time.Instant.parse(modified)).isAfter(before);
    }

    @Test
    void aBrowserGetsTheLandingPageAsHtml() {
        Http.Answer page = HTTP.get("/datasets/" + TENANT + "/OffStreetParking",
                "Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).isEqualToIgnoringWhitespace("text/html;charset=utf-8");
        assertThat(page.body()).contains("<h1>Bezetting van parkeergarages</h1>", "latest.csv", "modellicentie");
        assertThat(HTTP.get("/datasets/" + TENANT + "/OffStreetParking", "Accept", "text/turtle").header("Content-Type"))
                .isEqualTo("text/turtle; charset=utf-8");
    }
}
