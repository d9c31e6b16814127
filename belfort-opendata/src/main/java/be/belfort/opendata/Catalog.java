package be.belfort.opendata;

import org.eclipse.rdf4j.model.IRI;
import org.eclipse.rdf4j.model.Model;
import org.eclipse.rdf4j.model.Resource;
import org.eclipse.rdf4j.model.Value;
import org.eclipse.rdf4j.model.impl.LinkedHashModel;
import org.eclipse.rdf4j.model.util.Values;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The DCAT-AP Vlaanderen 3.0 (and DCAT-AP 3.0.1) catalogue of the open datasets: a dcat:Catalog, a
 * dcat:Dataset per open dataset, a dcat:Distribution per way to get the data (the NGSI-LD query API, the
 * event stream, CSV and GeoJSON downloads of the latest state) and the dcat:DataService of the NGSI-LD API.
 * Every IRI of the platform in it is a URL that answers with the description of its resource; every object
 * is typed with the class the profiles give its property's range, and the controlled values come from the
 * EU Publications Office's authority tables.
 */
public final class Catalog {
    /** The ways to get a dataset, each a dcat:Distribution. */
    public enum Distribution {
        API("api", "Bevraging via de NGSI-LD-API", "Query through the NGSI-LD API",
                "De actuele entiteiten van dit type, te bevragen en te filteren met de NGSI-LD-API (ETSI GS CIM 009).",
                "The current entities of this type, to query and filter with the NGSI-LD API (ETSI GS CIM 009).",
                "application/ld+json", "JSON_LD"),
        LDES("ldes", "Linked Data Event Stream met de volledige historiek", "Linked Data Event Stream with the whole history",
                "Elke wijziging van elke entiteit als lid van een Linked Data Event Stream, met een view per tijd en"
                        + " een view met de laatste toestand.",
                "Every change of every entity as a member of a Linked Data Event Stream, with a view by time and a"
                        + " view of the latest state.",
                "text/turtle", "RDF_TURTLE"),
        CSV("csv", "Laatste toestand als CSV", "Latest state as CSV",
                "Eén rij per entiteit met haar actuele waarden en het tijdstip van de laatste waarneming.",
                "One row per entity with its current values and the time of its latest observation.",
                "text/csv", "CSV"),
        GEOJSON("geojson", "Laatste toestand als GeoJSON", "Latest state as GeoJSON",
                "Eén feature per entiteit met haar actuele waarden en haar locatie.",
                "One feature per entity with its current values and its location.",
                "application/geo+json", "GEOJSON");

        private final String key;
        private final String titleNl;
        private final String titleEn;
        private final String descriptionNl;
        private final String descriptionEn;
        private final String mediaType;
        private final String fileType;

        Distribution(String key, String titleNl, String titleEn, String descriptionNl, String descriptionEn,
                     String mediaType, String fileType) {
            this.key = key;
            this.titleNl = titleNl;
            this.titleEn = titleEn;
            this.descriptionNl = descriptionNl;
            this.descriptionEn = descriptionEn;
            this.mediaType = mediaType;
            this.fileType = fileType;
        }

        public String titleNl() {
            return titleNl;
        }

        public String titleEn() {
            return titleEn;
        }

        public static Distribution of(String key) {
            for (Distribution distribution : values()) {
                if (distribution.key.equals(key)) {
                    return distribution;
                }
            }
            return null;
        }
    }

    /** Said of a dataset whose data a city's own broker holds, after its publisher's description. */
    static final Map<String, String> SERVED_BY_CITY = Map.of(
            "nl", "De gegevens komen uit de eigen broker van de stad: de NGSI-LD-API van de regio vraagt ze daar op"
                    + " (gedistribueerde bevraging). De regio bewaart ze niet zelf, en biedt er dus geen downloads of"
                    + " gebeurtenissenstroom van.",
            "en", "The data is served from the city's own broker: the region's NGSI-LD API asks for it there (a"
                    + " distributed query). The region does not keep it itself, so it offers no downloads nor event"
                    + " stream of it.");

    private final CatalogSettings settings;
    private final Function<Dataset, Optional<Instant>> lastChange;
    private final java.util.function.Predicate<Dataset> servedByCity;

    /** @param lastChange when the data of a dataset last changed (its newest commit), if it has any */
    public Catalog(CatalogSettings settings, Function<Dataset, Optional<Instant>> lastChange) {
        this(settings, lastChange, dataset -> false);
    }

    /**
     * @param servedByCity whether a dataset's data is held by a city's own broker, registered with the region as a
     *                     context source: its one distribution is the API, which answers through the distributed query
     */
    public Catalog(CatalogSettings settings, Function<Dataset, Optional<Instant>> lastChange,
                   java.util.function.Predicate<Dataset> servedByCity) {
        this.settings = settings;
        this.servedByCity = servedByCity;
        // Asked once per dataset for the whole document (the dataset, its distributions and its catalogues say it).
        Map<Dataset, Optional<Instant>> asked = new java.util.HashMap<>();
        this.lastChange = dataset -> asked.computeIfAbsent(dataset, lastChange);
    }

    /** Whether the dataset's data is held by a city's own broker (a context source registered with the region). */
    public boolean servedByCity(Dataset dataset) {
        return servedByCity.test(dataset);
    }

    /**
     * The ways to get a dataset: all of them, or only the API for data a city's own broker holds (the region keeps
     * no copy to download or stream; its API asks the broker).
     */
    public List<Distribution> distributions(Dataset dataset) {
        return servedByCity(dataset) ? List.of(Distribution.API) : List.of(Distribution.values());
    }

    /** The dataset's description per language, with what the catalogue says of data a city's own broker holds. */
    public Map<String, String> description(Dataset dataset) {
        Map<String, String> description = dataset.metadata().description();
        if (!servedByCity(dataset)) {
            return description;
        }
        Map<String, String> said = new java.util.LinkedHashMap<>(description);
        SERVED_BY_CITY.forEach((language, text) -> said.merge(language, text, (own, note) -> own + " " + note));
        return said;
    }

    public String catalogUrl() {
        return settings.baseUrl() + "/catalog";
    }

    public String datasetUrl(Dataset dataset) {
        return settings.baseUrl() + dataset.path();
    }

    public String distributionUrl(Dataset dataset, Distribution distribution) {
        return datasetUrl(dataset) + "/distributions/" + distribution.key;
    }

    /**
     * Where a distribution's data is: the query URL of the API (naming the tenant in its query, so that the
     * URL works as published), or the download.
     */
    public String accessUrl(Dataset dataset, Distribution distribution) {
        return switch (distribution) {
            case API -> settings.baseUrl() + "/ngsi-ld/v1/entities?type=" + encode(dataset.type())
                    + (dataset.tenant().isEmpty() ? "" : "&" + TENANT_PARAMETER + "=" + encode(dataset.tenant()));
            case LDES -> datasetUrl(dataset) + "/ldes";
            case CSV -> datasetUrl(dataset) + "/latest.csv";
            case GEOJSON -> datasetUrl(dataset) + "/latest.geojson";
        };
    }

    /** The query parameter that names the tenant of a published API URL, for clients that cannot send the header. */
    public static final String TENANT_PARAMETER = "NGSILD-Tenant";

    private String serviceUrl() {
        return catalogUrl() + "#ngsi-ld-api";
    }

    /** The catalogue of one tenant's open datasets: a part of the whole. */
    public String tenantCatalogUrl(String tenant) {
        return catalogUrl() + "/" + Dataset.segment(tenant.isEmpty() ? Dataset.DEFAULT_TENANT_SEGMENT : tenant);
    }

    /** The whole catalogue of the given open datasets, with each tenant's catalogue as a part. */
    public Model catalog(List<Dataset> open) {
        Model model = catalog(catalogUrl(), null, open);
        IRI catalog = Values.iri(catalogUrl());
        open.stream().map(Dataset::tenant).distinct().forEach(tenant -> {
            IRI part = Values.iri(tenantCatalogUrl(tenant));
            model.add(catalog, Values.iri(Vocabulary.DCT_NS + "hasPart"), part);
            describeCatalog(model, part, tenant, open.stream().filter(d -> d.tenant().equals(tenant)).toList());
        });
        return model;
    }

    /** One tenant's catalogue. */
    public Model tenantCatalog(String tenant, List<Dataset> open) {
        Model model = catalog(tenantCatalogUrl(tenant), tenant, open.stream().filter(d -> d.tenant().equals(tenant)).toList());
        IRI whole = Values.iri(catalogUrl());
        model.add(Values.iri(tenantCatalogUrl(tenant)), Values.iri(Vocabulary.DCT_NS + "isPartOf"), whole);
        describeCatalog(model, whole, null, open);
        return model;
    }

    private Model catalog(String catalogIri, String tenant, List<Dataset> open) {
        Model model = new LinkedHashModel();
        IRI catalog = Values.iri(catalogIri);
        describeCatalog(model, catalog, tenant, open);
        service(model, open);
        for (Dataset dataset : open) {
            model.add(catalog, Vocabulary.HAS_DATASET, Values.iri(datasetUrl(dataset)));
            dataset(model, dataset);
        }
        return model;
    }

    /**
     * What a catalogue is, without its datasets: also said of the catalogues it is part of or has as parts, so
     * that every catalogue the document names is complete for the profiles. {@code tenant} is null for the whole.
     */
    private void describeCatalog(Model model, IRI catalog, String tenant, List<Dataset> open) {
        // A tenant's part is named after the tenant; "" is the default tenant.
        String part = tenant == null ? "" : ": " + (tenant.isEmpty() ? Dataset.DEFAULT_TENANT_SEGMENT : tenant);
        model.add(catalog, Vocabulary.TYPE, Vocabulary.CATALOG);
        model.add(catalog, Vocabulary.TITLE, Values.literal("Open data van de slimme regio" + part, "nl"));
        model.add(catalog, Vocabulary.TITLE, Values.literal("Open data of the smart region" + part, "en"));
        model.add(catalog, Vocabulary.DESCRIPTION, Values.literal(
                "Realtime open data met historiek van de steden en gemeenten op dit platform.", "nl"));
        model.add(catalog, Vocabulary.DESCRIPTION, Values.literal(
                "Real-time open data with history from the cities and municipalities on this platform.", "en"));
        model.add(catalog, Vocabulary.IDENTIFIER, Values.literal(catalog.stringValue()));
        operator(model, catalog);
        typed(model, catalog, Vocabulary.HOMEPAGE, Values.iri(settings.baseUrl() + "/"), Vocabulary.DOCUMENT);
        typed(model, catalog, Vocabulary.LANGUAGE, Vocabulary.DUTCH, Vocabulary.LINGUISTIC_SYSTEM);
        typed(model, catalog, Vocabulary.LANGUAGE, Vocabulary.ENGLISH, Vocabulary.LINGUISTIC_SYSTEM);
        // The catalogue's own metadata is free of rights; each dataset states its own licence.
        license(model, catalog, DatasetMetadata.CC0);
        typed(model, catalog, Vocabulary.ACCESS_RIGHTS, Vocabulary.PUBLIC, Vocabulary.RIGHTS_STATEMENT);
        typed(model, catalog, Vocabulary.THEME_TAXONOMY, Vocabulary.DATA_THEMES, Vocabulary.CONCEPT_SCHEME);
        open.stream().map(Dataset::createdAt).min(Comparator.naturalOrder())
                .ifPresent(issued -> model.add(catalog, Vocabulary.ISSUED, dateTime(issued)));
        open.stream().map(this::modified).max(Comparator.naturalOrder())
                .ifPresent(modified -> model.add(catalog, Vocabulary.MODIFIED, dateTime(modified)));
        Set<String> places = new LinkedHashSet<>();
        open.forEach(dataset -> places.addAll(dataset.metadata().spatial()));
        places.forEach(place -> typed(model, catalog, Vocabulary.SPATIAL, Values.iri(place), Vocabulary.LOCATION));
        model.add(catalog, Vocabulary.HAS_SERVICE, Values.iri(serviceUrl()));
    }

    /** One open dataset with its distributions. */
    public Model dataset(Dataset dataset) {
        Model model = new LinkedHashModel();
        dataset(model, dataset);
        return model;
    }

    /** One distribution of an open dataset. */
    public Model distribution(Dataset dataset, Distribution distribution) {
        Model model = new LinkedHashModel();
        distribution(model, dataset, distribution);
        return model;
    }

    /** When a dataset last changed: its data, or its description if that changed later. */
    private Instant modified(Dataset dataset) {
        return lastChange.apply(dataset).filter(changed -> changed.isAfter(dataset.modifiedAt())).orElse(dataset.modifiedAt());
    }

    private void dataset(Model model, Dataset dataset) {
        DatasetMetadata metadata = dataset.metadata();
        IRI subject = Values.iri(datasetUrl(dataset));
        model.add(subject, Vocabulary.TYPE, Vocabulary.DATASET);
        languages(model, subject, Vocabulary.TITLE, metadata.title());
        languages(model, subject, Vocabulary.DESCRIPTION, description(dataset));
        model.add(subject, Vocabulary.IDENTIFIER, Values.literal(datasetUrl(dataset)));
        IRI publisher = Values.iri(metadata.publisherId());
        model.add(subject, Vocabulary.PUBLISHER, publisher);
        agent(model, publisher, metadata.publisherName(), metadata.publisherType());
        IRI contact = Values.iri(datasetUrl(dataset) + "#contact");
        model.add(subject, Vocabulary.CONTACT_POINT, contact);
        contact(model, contact, metadata.publisherName(), metadata.contactPoint());
        metadata.keywords().forEach(keyword -> model.add(subject, Vocabulary.KEYWORD, Values.literal(keyword, "nl")));
        metadata.themes().forEach(theme -> typed(model, subject, Vocabulary.THEME, Values.iri(theme), Vocabulary.CONCEPT));
        metadata.spatial().forEach(place -> typed(model, subject, Vocabulary.SPATIAL, Values.iri(place), Vocabulary.LOCATION));
        if (metadata.updateFrequency() != null) {
            typed(model, subject, Vocabulary.ACCRUAL_PERIODICITY, Values.iri(metadata.updateFrequency()), Vocabulary.FREQUENCY);
        }
        typed(model, subject, Vocabulary.ACCESS_RIGHTS, Vocabulary.PUBLIC, Vocabulary.RIGHTS_STATEMENT);
        model.add(subject, Vocabulary.ISSUED, dateTime(dataset.createdAt()));
        model.add(subject, Vocabulary.MODIFIED, dateTime(modified(dataset)));
        typed(model, subject, Vocabulary.LANDING_PAGE, Values.iri(datasetUrl(dataset)), Vocabulary.DOCUMENT);
        for (Distribution distribution : distributions(dataset)) {
            model.add(subject, Vocabulary.HAS_DISTRIBUTION, Values.iri(distributionUrl(dataset, distribution)));
            distribution(model, dataset, distribution);
        }
    }

    private void distribution(Model model, Dataset dataset, Distribution distribution) {
        IRI subject = Values.iri(distributionUrl(dataset, distribution));
        model.add(subject, Vocabulary.TYPE, Vocabulary.DISTRIBUTION);
        model.add(subject, Vocabulary.IDENTIFIER, Values.literal(distributionUrl(dataset, distribution)));
        model.add(subject, Vocabulary.TITLE, Values.literal(distribution.titleNl, "nl"));
        model.add(subject, Vocabulary.TITLE, Values.literal(distribution.titleEn, "en"));
        model.add(subject, Vocabulary.DESCRIPTION, Values.literal(distribution.descriptionNl, "nl"));
        model.add(subject, Vocabulary.DESCRIPTION, Values.literal(distribution.descriptionEn, "en"));
        IRI access = Values.iri(accessUrl(dataset, distribution));
        model.add(subject, Vocabulary.ACCESS_URL, access);
        if (distribution == Distribution.LDES) {
            typed(model, subject, Vocabulary.CONFORMS_TO, Vocabulary.LDES_SPECIFICATION, Vocabulary.STANDARD);
        } else if (distribution == Distribution.API) {
            model.add(subject, Vocabulary.ACCESS_SERVICE, Values.iri(serviceUrl()));
            typed(model, subject, Vocabulary.CONFORMS_TO, Vocabulary.NGSI_LD, Vocabulary.STANDARD);
        }
        // The API query and the stream answer with the data itself, as the downloads do.
        model.add(subject, Vocabulary.DOWNLOAD_URL, access);
        typed(model, subject, Vocabulary.MEDIA_TYPE, Values.iri(Vocabulary.MEDIA_TYPES + distribution.mediaType),
                Vocabulary.MEDIA_TYPE_CLASS);
        typed(model, subject, Vocabulary.FORMAT, Values.iri(Vocabulary.FILE_TYPE + distribution.fileType),
                Vocabulary.MEDIA_TYPE_OR_EXTENT);
        license(model, subject, dataset.metadata().license());
        typed(model, subject, Vocabulary.ACCESS_RIGHTS, Vocabulary.PUBLIC, Vocabulary.RIGHTS_STATEMENT);
        typed(model, subject, Vocabulary.AVAILABILITY, Vocabulary.STABLE, Vocabulary.CONCEPT);
        model.add(subject, Vocabulary.MODIFIED, dateTime(modified(dataset)));
    }

    private void service(Model model, List<Dataset> open) {
        IRI service = Values.iri(serviceUrl());
        model.add(service, Vocabulary.TYPE, Vocabulary.DATA_SERVICE);
        model.add(service, Vocabulary.TITLE, Values.literal("NGSI-LD-API van het platform", "nl"));
        model.add(service, Vocabulary.TITLE, Values.literal("The platform's NGSI-LD API", "en"));
        model.add(service, Vocabulary.DESCRIPTION, Values.literal("Realtime context-informatie volgens ETSI NGSI-LD:"
                + " entiteiten bevragen, filteren, hun historiek lezen en op wijzigingen intekenen.", "nl"));
        model.add(service, Vocabulary.DESCRIPTION, Values.literal("Real-time context information following ETSI NGSI-LD:"
                + " query and filter entities, read their history and subscribe to changes.", "en"));
        model.add(service, Vocabulary.IDENTIFIER, Values.literal(serviceUrl()));
        model.add(service, Vocabulary.ENDPOINT_URL, Values.iri(settings.baseUrl() + "/ngsi-ld/v1"));
        model.add(service, Vocabulary.ENDPOINT_DESCRIPTION, Vocabulary.NGSI_LD);
        typed(model, service, Vocabulary.CONFORMS_TO, Vocabulary.NGSI_LD, Vocabulary.STANDARD);
        typed(model, service, Vocabulary.ACCESS_RIGHTS, Vocabulary.PUBLIC, Vocabulary.RIGHTS_STATEMENT);
        model.add(service, Vocabulary.KEYWORD, Values.literal("NGSI-LD", "nl"));
        model.add(service, Vocabulary.KEYWORD, Values.literal("realtime", "nl"));
        model.add(service, Vocabulary.KEYWORD, Values.literal("real-time", "en"));
        Set<String> themes = new LinkedHashSet<>();
        open.forEach(dataset -> themes.addAll(dataset.metadata().themes()));
        themes.forEach(theme -> typed(model, service, Vocabulary.THEME, Values.iri(theme), Vocabulary.CONCEPT));
        operator(model, service);
        open.forEach(dataset -> model.add(service, Vocabulary.SERVES_DATASET, Values.iri(datasetUrl(dataset))));
    }

    /** Who runs the platform: the publisher of the catalogue and the service, reachable through the platform's homepage. */
    private void operator(Model model, IRI subject) {
        IRI operator = Values.iri(settings.baseUrl() + "/#operator");
        model.add(subject, Vocabulary.PUBLISHER, operator);
        agent(model, operator, settings.publisherName(), null);
        IRI contact = Values.iri(settings.baseUrl() + "/#contact");
        model.add(subject, Vocabulary.CONTACT_POINT, contact);
        contact(model, contact, settings.publisherName(), settings.baseUrl() + "/");
    }

    private static void agent(Model model, IRI agent, String name, String type) {
        model.add(agent, Vocabulary.TYPE, Vocabulary.DCT_AGENT);
        model.add(agent, Vocabulary.TYPE, Vocabulary.AGENT);
        model.add(agent, Vocabulary.NAME, Values.literal(name, "nl"));
        if (type != null) {
            typed(model, agent, Vocabulary.DCT_TYPE, Values.iri(type), Vocabulary.CONCEPT);
        }
    }

    private static void contact(Model model, IRI contact, String name, String address) {
        model.add(contact, Vocabulary.TYPE, Vocabulary.VCARD_KIND);
        model.add(contact, Vocabulary.TYPE, Vocabulary.VCARD_ORGANIZATION);
        model.add(contact, Vocabulary.VCARD_FN, Values.literal(name, "nl"));
        model.add(contact, address.startsWith("mailto:") ? Vocabulary.HAS_EMAIL : Vocabulary.HAS_URL, Values.iri(address));
    }

    /** A licence, typed, with its ADMS licence type. */
    private static void license(Model model, IRI subject, String license) {
        IRI document = Values.iri(license);
        typed(model, subject, Vocabulary.LICENSE, document, Vocabulary.LICENSE_DOCUMENT);
        typed(model, document, Vocabulary.DCT_TYPE, Values.iri(DatasetMetadata.CC0.equals(license)
                ? "http://purl.org/adms/licencetype/PublicDomain" : "http://purl.org/adms/licencetype/Attribution"),
                Vocabulary.CONCEPT);
    }

    /** A statement whose object is typed with the class the profiles give the property's range. */
    private static void typed(Model model, Resource subject, IRI predicate, IRI object, IRI type) {
        model.add(subject, predicate, object);
        model.add(object, Vocabulary.TYPE, type);
    }

    private static void languages(Model model, Resource subject, IRI predicate, Map<String, String> texts) {
        texts.forEach((language, text) -> model.add(subject, predicate, Values.literal(text, language)));
    }

    private static Value dateTime(Instant instant) {
        return Values.literal(instant.toString(), Values.iri("http://www.w3.org/2001/XMLSchema#dateTime"));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
