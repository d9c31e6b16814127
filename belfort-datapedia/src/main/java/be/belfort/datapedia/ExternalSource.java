package be.belfort.datapedia;

import java.util.List;

/**
 * A DCAT catalogue the region harvests by URL (a city's open data portal, the Flemish metadata register), with its
 * last good harvest and the outcome of the last attempt.
 *
 * @param city           the city whose catalogue it is, or null for a catalogue of the region (then its datasets are
 *                       matched to a city by their publisher or spatial coverage)
 * @param harvestedAt    when the datasets were last harvested successfully, or null
 * @param lastAttemptAt  when the catalogue was last fetched, or null
 * @param lastError      why the last attempt failed, or null when it worked
 */
public record ExternalSource(String id, String url, String city, List<ExternalDataset> datasets, String harvestedAt,
                             String lastAttemptAt, String lastError, String createdAt) {
    public ExternalSource {
        datasets = List.copyOf(datasets);
    }

    ExternalSource harvested(List<ExternalDataset> fresh, String at) {
        return new ExternalSource(id, url, city, fresh, at, at, null, createdAt);
    }

    ExternalSource failed(String error, String at) {
        return new ExternalSource(id, url, city, datasets, harvestedAt, at, error, createdAt);
    }
}
