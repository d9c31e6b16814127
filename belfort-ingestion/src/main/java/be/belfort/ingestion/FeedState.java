package be.belfort.ingestion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a feed's polls remember: when it is next due, its documents' validators, its parking table and each car
 * park's record last written (so that an unchanged one writes nothing). It is kept as JSON in a {@link FeedMemory}
 * so that a restart neither refetches unchanged documents nor writes unchanged car parks again.
 */
final class FeedState {
    Instant due = Instant.MIN;
    final Map<URI, FeedClient.Validators> validators = new HashMap<>();
    Map<String, Datex2Publication.Site> table = Map.of();
    final Map<String, String> written = new HashMap<>();
    /** Whether the validators, table or records changed since the memory was last kept. */
    boolean changed;

    JsonNode toJson() {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        ObjectNode memory = nodes.objectNode();
        ObjectNode documents = memory.putObject("validators");
        validators.forEach((uri, kept) -> documents.putObject(uri.toString())
                .put("etag", kept.etag()).put("lastModified", kept.lastModified()));
        ObjectNode sites = memory.putObject("table");
        table.forEach((id, site) -> sites.putObject(id).put("name", site.name()).put("totalSpaces", site.totalSpaces())
                .put("latitude", site.latitude()).put("longitude", site.longitude())
                .put("versionTime", site.versionTime() == null ? null : site.versionTime().toString()));
        ObjectNode records = memory.putObject("written");
        written.forEach(records::put);
        return memory;
    }

    static FeedState of(JsonNode memory, Instant due) {
        FeedState state = new FeedState();
        state.due = due;
        memory.path("validators").properties().forEach(document -> state.validators.put(URI.create(document.getKey()),
                new FeedClient.Validators(text(document.getValue(), "etag"), text(document.getValue(), "lastModified"))));
        Map<String, Datex2Publication.Site> table = new LinkedHashMap<>();
        memory.path("table").properties().forEach(entry -> {
            JsonNode site = entry.getValue();
            String versionTime = text(site, "versionTime");
            table.put(entry.getKey(), new Datex2Publication.Site(entry.getKey(), text(site, "name"),
                    site.path("totalSpaces").isNumber() ? site.get("totalSpaces").intValue() : null,
                    site.path("latitude").isNumber() ? site.get("latitude").doubleValue() : null,
                    site.path("longitude").isNumber() ? site.get("longitude").doubleValue() : null,
                    versionTime == null ? null : Instant.parse(versionTime)));
        });
        state.table = table;
        memory.path("written").properties().forEach(record -> state.written.put(record.getKey(), record.getValue().asText()));
        return state;
    }

    private static String text(JsonNode node, String member) {
        JsonNode value = node.get(member);
        return value == null || value.isNull() ? null : value.asText();
    }
}
