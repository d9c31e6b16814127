package be.belfort.ingestion;

import be.belfort.model.NgsiLdException;
import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * A DATEX II parking publication that the platform polls, as a device's {@code datex2} member names it:
 * {@code {"url": "https://…/status.xml", "table_url": "https://…/table.xml", "interval": "PT1M", "timeout": "PT10S"}}.
 *
 * @param url the ParkingStatusPublication (or a ParkingTablePublication alone)
 * @param tableUrl the ParkingTablePublication that names the car parks, their capacity and place, or null
 * @param interval the time between two polls
 * @param timeout how long one request may take, body included
 */
public record Datex2Feed(URI url, URI tableUrl, Duration interval, Duration timeout) {
    public static final String MEMBER = "datex2";
    static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
    static final Duration MAX_TIMEOUT = Duration.ofSeconds(60);

    /** The feed a device's provisioning document names, or null for a device that is no feed. */
    public static Datex2Feed of(JsonNode document) {
        JsonNode feed = document.get(MEMBER);
        if (feed == null || feed.isNull()) {
            return null;
        }
        if (!feed.isObject()) {
            throw NgsiLdException.badData("'datex2' must be an object with the publication's 'url'");
        }
        URI url = uri(feed, "url");
        if (url == null) {
            throw NgsiLdException.badData("'datex2.url' is required: the URL of the DATEX II parking publication");
        }
        Duration interval = duration(feed, "interval", Duration.ofMinutes(1));
        Duration timeout = duration(feed, "timeout", Duration.ofSeconds(10));
        if (interval.compareTo(MIN_INTERVAL) < 0) {
            throw NgsiLdException.badData("'datex2.interval' must be at least " + MIN_INTERVAL.toSeconds() + " s");
        }
        if (timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw NgsiLdException.badData("'datex2.timeout' must be more than 0 and at most " + MAX_TIMEOUT.toSeconds() + " s");
        }
        return new Datex2Feed(url, uri(feed, "table_url"), interval, timeout);
    }

    private static URI uri(JsonNode feed, String member) {
        String text = ProvisioningDocuments.optionalText(feed, member, null);
        if (text == null) {
            return null;
        }
        try {
            URI uri = new URI(text);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw NgsiLdException.badData("'datex2." + member + "' must be an http or https URL, not '" + text + "'");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw NgsiLdException.badData("'datex2." + member + "' is not a URL: " + e.getMessage());
        }
    }

    private static Duration duration(JsonNode feed, String member, Duration otherwise) {
        String text = ProvisioningDocuments.optionalText(feed, member, null);
        if (text == null) {
            return otherwise;
        }
        try {
            Duration duration = Duration.parse(text);
            if (duration.isNegative()) {
                throw NgsiLdException.badData("'datex2." + member + "' must not be negative");
            }
            return duration;
        } catch (DateTimeParseException e) {
            throw NgsiLdException.badData("'datex2." + member + "' must be an ISO 8601 duration such as PT1M, not '" + text + "'");
        }
    }
}
