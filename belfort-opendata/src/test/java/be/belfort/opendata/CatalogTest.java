package be.belfort.opendata;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.rdf4j.model.IRI;
import org.eclipse.rdf4j.model.Model;
import org.eclipse.rdf4j.model.util.Models;
import org.eclipse.rdf4j.model.util.Values;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class CatalogTest {
    private static final Instant DECLARED = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant CHANGED = Instant.parse("2026-02-01T12:00:00Z");
    private static final IRI TYPE = Values.iri("http://www.w3.org/1999/02/22-rdf-syntax-ns#type");

    private static Dataset dataset(String tenant) throws Exception {
        DatasetMetadata metadata = DatasetMetadata.parse(new ObjectMapper().readTree("""
                {"title": {"nl": "Parkeren", "en": "Parking"}, "description": {"nl": "Vrije plaatsen"},
                 "publisher": {"id": "https://data.vlaanderen.be/id/organisatie/OVO000001", "name": "Stad", "type": "LocalAuthority"},
                 "contactPoint": "mailto:data@example.be", "license": "cc0", "themes": ["TRAN"]}"""));
        return new Dataset(tenant, "https://uri.etsi.org/ngsi-ld/default-context/OffStreetParking", "OffStreetParking",
                AccessLevel.OPEN, metadata, Set.of(), DECLARED, DECLARED);
    }

    @Test
    void theModifiedDateFollowsTheDataAndIsAskedOncePerDocument() throws Exception {
        int[] asked = {0};
        Catalog catalog = new Catalog(new CatalogSettings("https://data.example.be/", "Platform"), dataset -> {
            asked[0]++;
            return Optional.of(CHANGED);
        });
        Dataset gent = dataset("gent");
        Model model = catalog.catalog(List.of(gent));
        IRI subject = Values.iri("https://data.example.be/datasets/gent/OffStreetParking");
        assertThat(Models.objectLiteral(model.filter(subject, Values.iri(Vocabulary.DCT_NS + "modified"), null))
                .orElseThrow().getLabel()).isEqualTo(CHANGED.toString());
        assertThat(asked[0]).isEqualTo(1);
    }

    @Test
    void everyObjectIsTypedAndTheSubCataloguesAreCatalogues() throws Exception {
        Catalog catalog = new Catalog(new CatalogSettings("https://data.example.be", "Platform"), dataset -> Optional.empty());
        Model model = catalog.catalog(List.of(dataset("gent")));
        assertThat(model.contains(Values.iri("https://data.example.be/catalog/gent"), TYPE, Values.iri(Vocabulary.DCAT_NS + "Catalog")))
                .isTrue();
        assertThat(model.contains(Values.iri(DatasetMetadata.CC0), TYPE, Values.iri(Vocabulary.DCT_NS + "LicenseDocument"))).isTrue();
        assertThat(model.contains(Values.iri("https://data.vlaanderen.be/id/organisatie/OVO000001"), TYPE,
                Values.iri(Vocabulary.DCT_NS + "Agent"))).isTrue();
        assertThat(model.contains(Values.iri("https://data.vlaanderen.be/id/organisatie/OVO000001"),
                Values.iri(Vocabulary.DCT_NS + "type"), Values.iri("http://purl.org/adms/publishertype/LocalAuthority"))).isTrue();
        assertThat(Models.objectIRI(model.filter(Values.iri("https://data.example.be/datasets/gent/OffStreetParking/distributions/api"),
                Values.iri(Vocabulary.DCAT_NS + "accessURL"), null)).orElseThrow().stringValue()).endsWith("&NGSILD-Tenant=gent");
    }

    @Test
    void aDatasetACitysOwnBrokerServesHasTheApiAsItsOneDistributionAndSaysWhereTheDataIs() throws Exception {
        Dataset brugge = dataset("brugge");
        Dataset gent = dataset("gent");
        Catalog catalog = new Catalog(new CatalogSettings("https://data.example.be", "Platform"),
                dataset -> Optional.empty(), dataset -> dataset.tenant().equals("brugge"));
        Model model = catalog.catalog(List.of(brugge, gent));
        IRI hasDistribution = Values.iri(Vocabulary.DCAT_NS + "distribution");
        assertThat(Models.objectIRIs(model.filter(Values.iri("https://data.example.be/datasets/brugge/OffStreetParking"),
                hasDistribution, null))).extracting(IRI::stringValue)
                .containsExactly("https://data.example.be/datasets/brugge/OffStreetParking/distributions/api");
        assertThat(Models.objectIRIs(model.filter(Values.iri("https://data.example.be/datasets/gent/OffStreetParking"),
                hasDistribution, null))).hasSize(Catalog.Distribution.values().length);
        assertThat(catalog.description(brugge).get("nl")).startsWith("Vrije plaatsen")
                .contains("eigen broker van de stad");
        assertThat(catalog.description(brugge).get("en")).as("said in English too, without an English description")
                .contains("served from the city's own broker");
        assertThat(catalog.description(gent)).isEqualTo(gent.metadata().description());
        assertThat(model.filter(Values.iri("https://data.example.be/datasets/brugge/OffStreetParking"),
                Values.iri(Vocabulary.DCT_NS + "publisher"), null).objects()).extracting(Object::toString)
                .containsExactly("https://data.vlaanderen.be/id/organisatie/OVO000001");
    }

    @Test
    void theSameDatasetsGiveTheSameBytes() throws Exception {
        Catalog catalog = new Catalog(new CatalogSettings("https://data.example.be", "Platform"), dataset -> Optional.of(CHANGED));
        for (RdfFormat format : RdfFormat.values()) {
            assertThat(format.write(catalog.catalog(List.of(dataset("gent")))))
                    .isEqualTo(format.write(catalog.catalog(List.of(dataset("gent")))));
        }
    }
}
