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
import java.util.List;
import java.util.Map;

/**
 * The DCAT-AP Vlaanderen catalogue of the open datasets: a dcat:Catalog, a dcat:Dataset per open
 * dataset with its mandatory and recommended properties, a dcat:Distribution per way to get the data
 * (the NGSI-LD query API, the event stream, CSV and GeoJSON downloads of the latest state) and the dcat:DataService of the
 * NGSI-LD API. Every IRI is a URL of this platform that answers with the description of its resource.
 */
public final class Catalog {
    /** The ways to get a dataset, each a dcat:Distribution. */
    public enum Distribution {
        API("api", "NGSI-LD API", "NGSI-LD-API", "application/ld+json", "JSON_LD"),
        LDES("ldes", "Linked Data Event Stream met de volledige historiek", "Linked Data Event Stream with the whole history",
                "text/turtle", "RDF_TURTLE"),
        CSV("csv", "Laatste toestand als CSV", "Latest state as CSV", "text/csv", "CSV"),
        GEOJSON("geojson", "Laatste toestand als GeoJSON", "Latest state as GeoJSON", "application/geo+json", "GEOJSON");

        private final String key;
        private final String titleNl;
        private final String titleEn;
        private final String mediaType;
        private final String fileType;

        Distribution(String key, String titleNl, String titleEn, String mediaType, String fileType) {
            this.key = key;
            this.titleNl = titleNl;
            this.titleEn = titleEn;
            this.mediaType = mediaType;
            this.fileType = fileType;
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

    private final CatalogSettings settings;

    public Catalog(CatalogSettings settings) {
        this.settings = settings;
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

    /** Where a distribution's data is: the query URL of the API, or the download. */
    public String accessUrl(Dataset dataset, Distribution distribution) {
        return switch (distribution) {
            case API -> settings.baseUrl() + "/ngsi-ld/v1/entities?type=" + encode(dataset.type());
            case LDES -> datasetUrl(dataset) + "/ldes";
            case CSV -> datasetUrl(dataset) + "/latest.csv";
            case GEOJSON -> datasetUrl(dataset) + "/latest.geojson";
        };
    }

    private String serviceUrl() {
        return catalogUrl() + "#ngsi-ld-api";
    }

    /** The catalogue of one tenant's open datasets: a part of the whole. */
    public String tenantCatalogUrl(String tenant) {
        return catalogUrl() + "/" + Dataset.segment(tenant.isEmpty() ? Dataset.DEFAULT_TENANT_SEGMENT : tenant);
    }

    /** The whole catalogue of the given open datasets, with each tenant's catalogue as a part. */
    public Model catalog(List<Dataset> open) {
        Model model = catalog(catalogUrl(), open);
        IRI catalog = Values.iri(catalogUrl());
        open.stream().map(Dataset::tenant).distinct().forEach(tenant ->
                add(model, catalog, Values.iri(Vocabulary.DCT_NS + "hasPart"), Values.iri(tenantCatalogUrl(tenant))));
        return model;
    }

    /** One tenant's catalogue. */
    public Model tenantCatalog(String tenant, List<Dataset> open) {
        Model model = catalog(tenantCatalogUrl(tenant), open.stream().filter(d -> d.tenant().equals(tenant)).toList());
        add(model, Values.iri(tenantCatalogUrl(tenant)), Values.iri(Vocabulary.DCT_NS + "isPartOf"), Values.iri(catalogUrl()));
        return model;
    }

    private Model catalog(String catalogIri, List<Dataset> open) {
        Model model = new LinkedHashModel();
        IRI catalog = Values.iri(catalogIri);
        add(model, catalog, Vocabulary.TYPE, Vocabulary.CATALOG);
        add(model, catalog, Vocabulary.TITLE, Values.literal("Open data van de slimme regio", "nl"));
        add(model, catalog, Vocabulary.TITLE, Values.literal("Open data of the smart region", "en"));
        add(model, catalog, Vocabulary.DESCRIPTION, Values.literal(
                "Realtime open data met historiek van de steden en gemeenten op dit platform.", "nl"));
        add(model, catalog, Vocabulary.DESCRIPTION, Values.literal(
                "Real-time open data with history from the cities and municipalities on this platform.", "en"));
        IRI operator = Values.iri(settings.baseUrl() + "/#operator");
        add(model, catalog, Vocabulary.PUBLISHER, operator);
        add(model, operator, Vocabulary.TYPE, Vocabulary.AGENT);
        add(model, operator, Vocabulary.NAME, Values.literal(settings.publisherName()));
        add(model, catalog, Vocabulary.HOMEPAGE, Values.iri(settings.baseUrl() + "/"));
        add(model, catalog, Vocabulary.LANGUAGE, Vocabulary.DUTCH);
        add(model, catalog, Vocabulary.LANGUAGE, Vocabulary.ENGLISH);
        add(model, catalog, Vocabulary.LICENSE, Values.iri(DatasetMetadata.CC0));
        open.stream().map(Dataset::modifiedAt).max(Comparator.naturalOrder())
                .ifPresent(modified -> add(model, catalog, Vocabulary.MODIFIED, dateTime(modified)));
        add(model, catalog, Vocabulary.HAS_SERVICE, Values.iri(serviceUrl()));
        service(model, open);
        for (Dataset dataset : open) {
            add(model, catalog, Vocabulary.HAS_DATASET, Values.iri(datasetUrl(dataset)));
            dataset(model, dataset);
        }
        return model;
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

    private void dataset(Model model, Dataset dataset) {
        DatasetMetadata metadata = dataset.metadata();
        IRI subject = Values.iri(datasetUrl(dataset));
        add(model, subject, Vocabulary.TYPE, Vocabulary.DATASET);
        languages(model, subject, Vocabulary.TITLE, metadata.title());
        languages(model, subject, Vocabulary.DESCRIPTION, metadata.description());
        add(model, subject, Vocabulary.IDENTIFIER, Values.literal(datasetUrl(dataset)));
        IRI publisher = Values.iri(metadata.publisherId());
        add(model, subject, Vocabulary.PUBLISHER, publisher);
        add(model, publisher, Vocabulary.TYPE, Vocabulary.AGENT);
        add(model, publisher, Vocabulary.NAME, Values.literal(metadata.publisherName()));
        IRI contact = Values.iri(datasetUrl(dataset) + "#contact");
        add(model, subject, Vocabulary.CONTACT_POINT, contact);
        add(model, contact, Vocabulary.TYPE, Vocabulary.VCARD_ORGANIZATION);
        add(model, contact, metadata.contactPoint().startsWith("mailto:") ? Vocabulary.HAS_EMAIL : Vocabulary.HAS_URL,
                Values.iri(metadata.contactPoint()));
        metadata.keywords().forEach(keyword -> add(model, subject, Vocabulary.KEYWORD, Values.literal(keyword, "nl")));
        metadata.themes().forEach(theme -> add(model, subject, Vocabulary.THEME, Values.iri(theme)));
        metadata.spatial().forEach(place -> add(model, subject, Vocabulary.SPATIAL, Values.iri(place)));
        if (metadata.updateFrequency() != null) {
            add(model, subject, Vocabulary.ACCRUAL_PERIODICITY, Values.iri(metadata.updateFrequency()));
        }
        add(model, subject, Vocabulary.ACCESS_RIGHTS, Vocabulary.PUBLIC);
        add(model, subject, Vocabulary.ISSUED, dateTime(dataset.createdAt()));
        add(model, subject, Vocabulary.MODIFIED, dateTime(dataset.modifiedAt()));
        add(model, subject, Vocabulary.LANDING_PAGE, Values.iri(datasetUrl(dataset)));
        for (Distribution distribution : Distribution.values()) {
            add(model, subject, Vocabulary.HAS_DISTRIBUTION, Values.iri(distributionUrl(dataset, distribution)));
            distribution(model, dataset, distribution);
        }
    }

    private void distribution(Model model, Dataset dataset, Distribution distribution) {
        IRI subject = Values.iri(distributionUrl(dataset, distribution));
        add(model, subject, Vocabulary.TYPE, Vocabulary.DISTRIBUTION);
        add(model, subject, Vocabulary.TITLE, Values.literal(distribution.titleNl, "nl"));
        add(model, subject, Vocabulary.TITLE, Values.literal(distribution.titleEn, "en"));
        IRI access = Values.iri(accessUrl(dataset, distribution));
        add(model, subject, Vocabulary.ACCESS_URL, access);
        if (distribution == Distribution.LDES) {
            add(model, subject, Vocabulary.CONFORMS_TO, Values.iri("https://w3id.org/ldes/specification"));
        }
        if (distribution == Distribution.API) {
            add(model, subject, Vocabulary.ACCESS_SERVICE, Values.iri(serviceUrl()));
            if (!dataset.tenant().isEmpty()) {
                add(model, subject, Vocabulary.DESCRIPTION, Values.literal(
                        "Stuur de HTTP-header NGSILD-Tenant: " + dataset.tenant() + " mee.", "nl"));
                add(model, subject, Vocabulary.DESCRIPTION, Values.literal(
                        "Send the HTTP header NGSILD-Tenant: " + dataset.tenant() + ".", "en"));
            }
        } else if (distribution != Distribution.LDES) {
            add(model, subject, Vocabulary.DOWNLOAD_URL, access);
        }
        add(model, subject, Vocabulary.MEDIA_TYPE, Values.iri(Vocabulary.MEDIA_TYPES + distribution.mediaType));
        add(model, subject, Vocabulary.FORMAT, Values.iri(Vocabulary.FILE_TYPE + distribution.fileType));
        add(model, subject, Vocabulary.LICENSE, Values.iri(dataset.metadata().license()));
        add(model, subject, Vocabulary.ACCESS_RIGHTS, Vocabulary.PUBLIC);
    }

    private void service(Model model, List<Dataset> open) {
        IRI service = Values.iri(serviceUrl());
        add(model, service, Vocabulary.TYPE, Vocabulary.DATA_SERVICE);
        add(model, service, Vocabulary.TITLE, Values.literal("NGSI-LD-API", "nl"));
        add(model, service, Vocabulary.TITLE, Values.literal("NGSI-LD API", "en"));
        add(model, service, Vocabulary.ENDPOINT_URL, Values.iri(settings.baseUrl() + "/ngsi-ld/v1"));
        add(model, service, Vocabulary.ENDPOINT_DESCRIPTION, Vocabulary.NGSI_LD);
        add(model, service, Vocabulary.CONFORMS_TO, Vocabulary.NGSI_LD);
        add(model, service, Vocabulary.ACCESS_RIGHTS, Vocabulary.PUBLIC);
        add(model, service, Vocabulary.PUBLISHER, Values.iri(settings.baseUrl() + "/#operator"));
        open.forEach(dataset -> add(model, service, Vocabulary.SERVES_DATASET, Values.iri(datasetUrl(dataset))));
    }

    private static void languages(Model model, Resource subject, IRI predicate, Map<String, String> texts) {
        texts.forEach((language, text) -> add(model, subject, predicate, Values.literal(text, language)));
    }

    private static Value dateTime(Instant instant) {
        return Values.literal(instant.toString(), Values.iri("http://www.w3.org/2001/XMLSchema#dateTime"));
    }

    private static void add(Model model, Resource subject, IRI predicate, Value object) {
        model.add(subject, predicate, object);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
