package be.belfort.datapedia;

import be.belfort.model.Names;
import be.belfort.model.NgsiLdException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * The external catalogues the region harvests. A harvest that fails (unreachable, refused, malformed) keeps the
 * last good datasets and records the error beside them, so a portal that is down for an hour changes no diagnosis.
 */
public final class Sources {
    private static final Logger LOG = LoggerFactory.getLogger(Sources.class);
    private static final int MAX_URL = 2048;

    private final SourceStore store;
    private final CatalogueFetcher fetcher;
    private final DcatReader reader;
    private final Region region;
    private final Clock clock;

    public Sources(SourceStore store, CatalogueFetcher fetcher, DcatReader reader, Region region, Clock clock) {
        this.store = store;
        this.fetcher = fetcher;
        this.reader = reader;
        this.region = region;
        this.clock = clock;
    }

    /** Registers a catalogue and harvests it once; a URL the platform may not call is refused (400). */
    public ExternalSource add(String url, String city) throws InterruptedException {
        if (url == null || url.isBlank() || url.length() > MAX_URL) {
            throw NgsiLdException.badData("url: the catalogue's http(s) URL is required (at most " + MAX_URL + " characters)");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw NgsiLdException.badData("url: not a URL: " + Names.abbreviate(url));
        }
        String refused = fetcher.refusal(uri);
        if (refused != null) {
            throw NgsiLdException.badData("url: " + refused);
        }
        if (city != null && !region.hasCity(city)) {
            throw NgsiLdException.badData("city: unknown city '" + Names.abbreviate(city) + "': no such tenant in the region");
        }
        ExternalSource source = new ExternalSource(UUID.randomUUID().toString(), url, city, List.of(), null, null, null,
                now());
        store.save(source);
        return harvest(source);
    }

    public List<ExternalSource> all() {
        return store.all();
    }

    public ExternalSource get(String id) {
        return store.find(id).orElseThrow(() -> NgsiLdException.notFound("No external source " + Names.abbreviate(id)));
    }

    public void delete(String id) {
        if (!store.delete(id)) {
            throw NgsiLdException.notFound("No external source " + Names.abbreviate(id));
        }
    }

    /** Harvests every catalogue again (the scheduled task). */
    public void harvestAll() throws InterruptedException {
        for (ExternalSource source : store.all()) {
            harvest(source);
        }
    }

    /** Fetches and reads the catalogue; on failure the last good harvest stays, with the error. */
    public ExternalSource harvest(ExternalSource source) throws InterruptedException {
        ExternalSource outcome;
        try {
            CatalogueFetcher.Fetched fetched = fetcher.fetch(URI.create(source.url()));
            outcome = source.harvested(reader.read(fetched.body(), fetched.contentType(), source.url()), now());
        } catch (CatalogueFetcher.Failed | DcatReader.Unreadable e) {
            if (!e.getMessage().equals(source.lastError())) {
                LOG.warn("Harvesting {} failed: {}; its last good harvest stays", source.url(), e.getMessage());
            }
            outcome = source.failed(e.getMessage(), now());
        }
        store.save(outcome);
        return outcome;
    }

    private String now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
