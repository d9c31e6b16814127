package be.belfort.opendata;

import org.eclipse.rdf4j.model.IRI;
import org.eclipse.rdf4j.model.Literal;
import org.eclipse.rdf4j.model.Model;
import org.eclipse.rdf4j.model.Value;
import org.eclipse.rdf4j.model.util.Models;
import org.eclipse.rdf4j.model.util.Values;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class CatalogTest {
    private static final String DCAT = "http://www.w3.org/ns/dcat#";
    private static final String DCT = "http://purl.org/dc/terms/";
    private static final IRI TYPE = Values.iri("http://www.w3.org/1999/02/22-rdf-syntax-ns#type");
    private static final String BASE = "https://data.example.org";

    private final Catalog catalog = new Catalog(new CatalogSettings(BASE + "/", "Belfort operator"));
    private final Dataset parking = Fixtures.parking();
    private final Dataset sensors = Fixtures.dataset("gent", "https://example.org/types#Air Sensor", "Air Sensor", Set.of());

    @Test
    void everyIriStartsWithTheBaseUrlWithoutItsTrailingSlash() {
        assertThat(catalog.catalogUrl()).isEqualTo(BASE + "/catalog");
        assertThat(catalog.datasetUrl(parking)).isEqualTo(BASE + "/datasets/-/OffStreetParking");
        assertThat(catalog.datasetUrl(sensors)).isEqualTo(BASE + "/datasets/gent/Air%20Sensor");
        assertThat(catalog.tenantCatalogUrl("")).isEqualTo(BASE + "/catalog/-");
        assertThat(catalog.distributionUrl(parking, Catalog.Distribution.CSV))
                .isEqualTo(BASE + "/datasets/-/OffStreetParking/distributions/csv");
    }

    @Test
    void theApiDistributionQueriesTheTypeByItsEncodedIri() {
        assertThat(catalog.accessUrl(sensors, Catalog.Distribution.API))
                .isEqualTo(BASE + "/ngsi-ld/v1/entities?type=https%3A%2F%2Fexample.org%2Ftypes%23Air+Sensor");
        assertThat(catalog.accessUrl(parking, Catalog.Distribution.LDES)).isEqualTo(BASE + "/datasets/-/OffStreetParking/ldes");
        assertThat(catalog.accessUrl(parking, Catalog.Distribution.GEOJSON))
                .isEqualTo(BASE + "/datasets/-/OffStreetParking/latest.geojson");
    }

    @Test
    void distributionsAreFoundByTheirKeyOnly() {
        assertThat(Catalog.Distribution.of("ldes")).isEqualTo(Catalog.Distribution.LDES);
        assertThat(Catalog.Distribution.of("geojson")).isEqualTo(Catalog.Distribution.GEOJSON);
        assertThat(Catalog.Distribution.of("LDES")).isNull();
        assertThat(Catalog.Distribution.of("xml")).isNull();
    }

    @Test
    void theCatalogueListsEachOpenDatasetAndItsTenantCatalogues() {
        Model model = catalog.catalog(List.of(parking, sensors));
        IRI root = Values.iri(catalog.catalogUrl());
        assertThat(model.contains(root, TYPE, dcat("Catalog"))).isTrue();
        assertThat(objects(model, root, dcat("dataset")))
                .containsExactlyInAnyOrder(iri(catalog.datasetUrl(parking)), iri(catalog.datasetUrl(sensors)));
        assertThat(objects(model, root, dct("hasPart")))
                .containsExactlyInAnyOrder(iri(catalog.tenantCatalogUrl("")), iri(catalog.tenantCatalogUrl("gent")));
        assertThat(languages(model, root, dct("title"))).contains("nl", "en");
        assertThat(model.filter(null, TYPE, dcat("Dataset")).subjects()).hasSize(2);
        assertThat(model.filter(null, TYPE, dcat("Distribution")).subjects()).hasSize(2 * Catalog.Distribution.values().length);
    }

    @Test
    void aTenantCatalogueHoldsOnlyThatTenantsDatasetsAndIsPartOfTheWhole() {
        Model model = catalog.tenantCatalog("gent", List.of(parking, sensors));
        IRI part = iri(catalog.tenantCatalogUrl("gent"));
        assertThat(model.contains(part, TYPE, dcat("Catalog"))).isTrue();
        assertThat(objects(model, part, dcat("dataset"))).containsExactly(iri(catalog.datasetUrl(sensors)));
        assertThat(objects(model, part, dct("isPartOf"))).containsExactly(iri(catalog.catalogUrl()));
        assertThat(model.contains(iri(catalog.datasetUrl(parking)), null, null)).isFalse();
    }

    @Test
    void aDatasetCarriesItsTitlesByLanguageAndOneDistributionPerWayToGetIt() {
        Model model = catalog.dataset(parking);
        IRI dataset = iri(catalog.datasetUrl(parking));
        assertThat(model.contains(dataset, TYPE, dcat("Dataset"))).isTrue();
        assertThat(model.filter(dataset, dct("title"), null).objects()).extracting(Value::stringValue)
                .containsExactlyInAnyOrder("Parkings", "Car parks");
        assertThat(languages(model, dataset, dct("title"))).containsExactlyInAnyOrder("nl", "en");
        assertThat(Models.objectIRI(model.filter(dataset, dct("publisher"), null)))
                .contains(iri("https://data.vlaanderen.be/id/organisatie/OVO000001"));
        Set<Value> distributions = objects(model, dataset, dcat("distribution"));
        assertThat(distributions).hasSize(Catalog.Distribution.values().length);
        for (Catalog.Distribution way : Catalog.Distribution.values()) {
            IRI distribution = iri(catalog.distributionUrl(parking, way));
            assertThat(distributions).contains(distribution);
            assertThat(model.contains(distribution, TYPE, dcat("Distribution"))).isTrue();
            assertThat(objects(model, distribution, dcat("accessURL"))).containsExactly(iri(catalog.accessUrl(parking, way)));
            assertThat(languages(model, distribution, dct("title"))).contains("nl", "en");
            assertThat(objects(model, distribution, dct("license"))).containsExactly(iri(DatasetMetadata.CC0));
        }
    }

    @Test
    void onlyTheFileDistributionsHaveADownloadUrl() {
        Model model = catalog.dataset(parking);
        for (Catalog.Distribution way : Catalog.Distribution.values()) {
            Set<Value> downloads = objects(model, iri(catalog.distributionUrl(parking, way)), dcat("downloadURL"));
            boolean file = way == Catalog.Distribution.CSV || way == Catalog.Distribution.GEOJSON;
            assertThat(downloads).as(way.name()).hasSize(file ? 1 : 0);
        }
    }

    @Test
    void theApiDistributionOfAnotherTenantTellsWhichTenantHeaderToSend() {
        IRI ofTenant = iri(catalog.distributionUrl(sensors, Catalog.Distribution.API));
        assertThat(catalog.distribution(sensors, Catalog.Distribution.API).filter(ofTenant, dct("description"), null)
                .objects()).extracting(Value::stringValue).allMatch(text -> text.contains("NGSILD-Tenant: gent"));
        IRI ofDefault = iri(catalog.distributionUrl(parking, Catalog.Distribution.API));
        assertThat(catalog.distribution(parking, Catalog.Distribution.API).filter(ofDefault, dct("description"), null))
                .isEmpty();
    }

    @Test
    void theDataServiceServesEveryOpenDataset() {
        Model model = catalog.catalog(List.of(parking, sensors));
        IRI service = Models.objectIRI(model.filter(iri(catalog.catalogUrl()), dcat("service"), null)).orElseThrow();
        assertThat(model.contains(service, TYPE, dcat("DataService"))).isTrue();
        assertThat(objects(model, service, dcat("servesDataset")))
                .containsExactlyInAnyOrder(iri(catalog.datasetUrl(parking)), iri(catalog.datasetUrl(sensors)));
        assertThat(objects(model, service, dcat("endpointURL"))).containsExactly(iri(BASE + "/ngsi-ld/v1"));
    }

    @Test
    void theCatalogueWasModifiedWhenItsLatestDatasetWas() {
        Dataset later = new Dataset("gent", sensors.type(), sensors.typeName(), AccessLevel.OPEN, sensors.metadata(),
                Set.of(), sensors.createdAt(), sensors.modifiedAt().plusSeconds(60));
        Model model = catalog.catalog(List.of(parking, later));
        assertThat(objects(model, iri(catalog.catalogUrl()), dct("modified"))).extracting(Value::stringValue)
                .containsExactly(later.modifiedAt().toString());
        assertThat(catalog.catalog(List.of()).filter(iri(catalog.catalogUrl()), dct("modified"), null)).isEmpty();
    }

    private static Set<Value> objects(Model model, IRI subject, IRI predicate) {
        return model.filter(subject, predicate, null).objects();
    }

    private static Set<String> languages(Model model, IRI subject, IRI predicate) {
        return model.filter(subject, predicate, null).objects().stream()
                .map(value -> ((Literal) value).getLanguage().orElse(""))
                .collect(Collectors.toSet());
    }

    private static IRI iri(String text) {
        return Values.iri(text);
    }

    private static IRI dcat(String local) {
        return Values.iri(DCAT + local);
    }

    private static IRI dct(String local) {
        return Values.iri(DCT + local);
    }
}
