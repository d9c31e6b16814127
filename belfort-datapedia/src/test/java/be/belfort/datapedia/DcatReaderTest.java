package be.belfort.datapedia;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DcatReaderTest {
    static final String TURTLE = """
            @prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .
            @prefix foaf: <http://xmlns.com/foaf/0.1/> . @prefix vcard: <http://www.w3.org/2006/vcard/ns#> .
            <https://data.example/catalog> a dcat:Catalog ; dcat:dataset <https://data.example/ds/parking> .
            <https://data.example/ds/parking> a dcat:Dataset ; dct:title "Parkeergarages"@nl, "Car parks"@en ;
              dct:publisher <https://data.vlaanderen.be/id/gemeente/11002> ;
              dcat:contactPoint [ vcard:hasEmail <mailto:open@antwerpen.example> ] ;
              dct:accrualPeriodicity <http://publications.europa.eu/resource/authority/frequency/HOURLY> ;
              dct:accessRights <http://publications.europa.eu/resource/authority/access-right/PUBLIC> ;
              dcat:keyword "OffStreetParking" ;
              dcat:distribution [ a dcat:Distribution ; dcat:downloadURL <https://data.example/parking.csv> ;
                dct:format <http://publications.europa.eu/resource/authority/file-type/CSV> ;
                dct:license <https://creativecommons.org/licenses/by/4.0/> ] .
            <https://data.vlaanderen.be/id/gemeente/11002> foaf:name "Stad Antwerpen" .
            """;

    private final DcatReader reader = new DcatReader(100);

    @Test
    void readsADatasetWithItsPublisherContactLicenceAndDistributions() throws Exception {
        List<ExternalDataset> datasets = reader.read(TURTLE.getBytes(StandardCharsets.UTF_8), "text/turtle",
                "https://data.example/catalog.ttl");

        assertThat(datasets).singleElement().satisfies(dataset -> {
            assertThat(dataset.title()).containsEntry("nl", "Parkeergarages").containsEntry("en", "Car parks");
            assertThat(dataset.publisher()).isEqualTo("Stad Antwerpen");
            assertThat(dataset.publisherIri()).isEqualTo("https://data.vlaanderen.be/id/gemeente/11002");
            assertThat(dataset.contact()).isEqualTo("mailto:open@antwerpen.example");
            assertThat(dataset.license()).isEqualTo("https://creativecommons.org/licenses/by/4.0/");
            assertThat(dataset.isAbout("OffStreetParking", "dataModel.Parking")).isTrue();
            assertThat(dataset.isAbout("Building", "dataModel.Building")).isFalse();
            assertThat(dataset.distributions()).singleElement().satisfies(distribution ->
                    assertThat(distribution.downloadUrl()).isEqualTo("https://data.example/parking.csv"));
        });
    }

    @Test
    void readsRdfXmlAndJsonLdToo() throws Exception {
        String xml = """
                <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:dcat="http://www.w3.org/ns/dcat#"
                         xmlns:dct="http://purl.org/dc/terms/">
                  <dcat:Dataset rdf:about="https://data.example/ds/air"><dct:title xml:lang="nl">Lucht</dct:title>
                    <dcat:keyword>AirQualityObserved</dcat:keyword></dcat:Dataset>
                </rdf:RDF>""";
        String jsonLd = """
                {"@context": {"dcat": "http://www.w3.org/ns/dcat#", "dct": "http://purl.org/dc/terms/"},
                 "@id": "https://data.example/ds/buildings", "@type": "dcat:Dataset",
                 "dct:title": {"@value": "Gebouwen", "@language": "nl"}, "dcat:keyword": "Building"}""";

        assertThat(reader.read(xml.getBytes(StandardCharsets.UTF_8), "application/rdf+xml", "https://x.example/c"))
                .singleElement().satisfies(dataset -> assertThat(dataset.titleIn("nl")).isEqualTo("Lucht"));
        assertThat(reader.read(jsonLd.getBytes(StandardCharsets.UTF_8), null, "https://x.example/catalog.jsonld"))
                .singleElement().satisfies(dataset -> assertThat(dataset.isAbout("Building", null)).isTrue());
    }

    @Test
    void aMalformedDocumentOrOneWithoutDatasetsIsRefusedWithTheReason() {
        assertThatThrownBy(() -> reader.read("<html>not rdf".getBytes(StandardCharsets.UTF_8), "text/turtle", "https://x.example/c"))
                .isInstanceOf(DcatReader.Unreadable.class).hasMessageContaining("not Turtle");
        assertThatThrownBy(() -> reader.read("<https://a.example/x> <https://a.example/p> 1 .".getBytes(StandardCharsets.UTF_8),
                "text/turtle", "https://x.example/c"))
                .isInstanceOf(DcatReader.Unreadable.class).hasMessageContaining("no dcat:Dataset");
    }
}
