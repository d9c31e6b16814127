package be.belfort.dashboard;

import be.belfort.opendata.Dataset;
import be.belfort.opendata.DatasetMetadata;
import be.belfort.opendata.Datasets;

import java.util.Comparator;
import java.util.List;

/**
 * The open datasets as the catalogue page shows them: the DCAT-AP Vlaanderen metadata in the viewer's
 * language (Dutch when there is no English), the licence in words, and each distribution with a ready
 * {@code curl} line. Only open datasets: the same list the RDF catalogue publishes.
 */
public final class OpenCatalogue {
    private static final String DATA_THEME = "http://publications.europa.eu/resource/authority/data-theme/";

    private final Datasets datasets;
    private final java.util.function.Predicate<Dataset> servedByCity;

    public OpenCatalogue(Datasets datasets) {
        this(datasets, dataset -> false);
    }

    /** @param servedByCity whether a dataset's data is held by a city's own broker (a registered context source) */
    public OpenCatalogue(Datasets datasets, java.util.function.Predicate<Dataset> servedByCity) {
        this.datasets = datasets;
        this.servedByCity = servedByCity;
    }

    /** Whether the dataset's data is held by a city's own broker: the API asks it there, nothing is downloaded here. */
    public boolean servedByCity(Dataset dataset) {
        return servedByCity.test(dataset);
    }

    /** A way to get a dataset's data. */
    public record Distribution(String label, String url, String curl) {
    }

    /** @param servedByCity whether its data comes from the city's own broker, asked through the region's API */
    public record Entry(Dataset dataset, String city, String title, String description, String license,
                        String frequency, List<String> keywords, List<Theme> themes, List<Distribution> distributions,
                        boolean servedByCity) {
        public String anchor() {
            return "dataset-" + Cities.segment(dataset.tenant()) + "-" + dataset.typeName();
        }
    }

    /** The open datasets, by city and title. */
    public List<Entry> entries(String base, Texts texts) {
        return datasets.open().stream().map(dataset -> entry(dataset, base, texts, servedByCity(dataset)))
                .sorted(Comparator.comparing(Entry::city).thenComparing(Entry::title)).toList();
    }

    /**
     * One dataset as the catalogue shows it (also a dataset not yet saved, for a preview); a dataset that is not
     * open has only the API as a way to its data.
     */
    public static Entry entry(Dataset dataset, String base, Texts texts) {
        return entry(dataset, base, texts, false);
    }

    /**
     * One dataset as the catalogue shows it; data a city's own broker holds has only the API as a way to it (the
     * region keeps no copy to download or stream).
     */
    public static Entry entry(Dataset dataset, String base, Texts texts, boolean servedByCity) {
        DatasetMetadata metadata = dataset.metadata();
        String code = texts.language().code();
        String title = metadata.title().getOrDefault(code, metadata.title().getOrDefault("nl", dataset.typeName()));
        String description = metadata.description().getOrDefault(code, metadata.description().getOrDefault("nl", ""));
        String license = DatasetMetadata.CC0.equals(metadata.license()) ? texts.get("license.cc0")
                : DatasetMetadata.MODELLICENTIE_GRATIS_HERGEBRUIK.equals(metadata.license())
                ? texts.get("license.modellicentie") : metadata.license();
        String frequency = frequencyText(metadata.updateFrequency(), texts);
        String tenantHeader = dataset.tenant().isEmpty() ? "" : "-H 'NGSILD-Tenant: " + dataset.tenant() + "' ";
        String api = base + "/ngsi-ld/v1/entities?type=" + dataset.typeName() + "&options=keyValues";
        String path = base + dataset.path();
        List<Distribution> distributions = List.of(
                new Distribution(texts.get("catalogue.api"), api, "curl " + tenantHeader + "'" + api + "'"),
                new Distribution(texts.get("catalogue.csv"), path + "/latest.csv", "curl '" + path + "/latest.csv'"),
                new Distribution(texts.get("catalogue.geojson"), path + "/latest.geojson",
                        "curl '" + path + "/latest.geojson'"),
                new Distribution(texts.get("catalogue.stream"), path + "/ldes",
                        "curl -H 'Accept: text/turtle' '" + path + "/ldes'"));
        return new Entry(dataset, Cities.segment(dataset.tenant()), title, description, license, frequency,
                metadata.keywords(), themes(metadata.themes(), texts),
                dataset.isOpen() && !servedByCity ? distributions : distributions.subList(0, 1), servedByCity);
    }

    /**
     * A theme of the EU data theme vocabulary (DCAT-AP): its code ({@code TRAN}) and its name in the viewer's
     * language; a theme from elsewhere keeps its IRI as both.
     */
    public record Theme(String code, String label) {
    }

    static List<Theme> themes(List<String> iris, Texts texts) {
        return iris.stream().map(iri -> {
            String code = iri.substring(iri.lastIndexOf('/') + 1);
            String words = iri.startsWith(DATA_THEME) ? texts.find("theme." + code) : null;
            return words == null ? new Theme(iri, iri) : new Theme(code, words);
        }).toList();
    }

    /** An update frequency IRI in words, or "" when there is none. */
    public static String frequencyText(String iri, Texts texts) {
        if (iri == null) {
            return "";
        }
        String code = iri.substring(iri.lastIndexOf('/') + 1);
        String words = texts.find("frequency." + code);
        return words != null ? words : code;
    }
}
