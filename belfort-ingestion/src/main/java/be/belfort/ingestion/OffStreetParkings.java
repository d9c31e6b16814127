package be.belfort.ingestion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * DATEX II parking records as Smart Data Models {@code OffStreetParking} entities: {@code availableSpotNumber},
 * {@code totalSpotNumber}, {@code occupiedSpotNumber}, {@code status} (the DATEX II values the model allows),
 * {@code name} and {@code location}, observed at the record's status time (else the publication's).
 */
public final class OffStreetParkings {
    public static final String ENTITY_TYPE = "OffStreetParking";
    /** The measure key that carries each record's observation time. */
    public static final String OBSERVED_AT_KEY = "observedAt";
    /** How each measure becomes an attribute (the mapping of a feed's car parks). */
    public static final List<AttributeMapping> ATTRIBUTES = List.of(
            new AttributeMapping("availableSpotNumber", "availableSpotNumber", "Integer", null, null, null),
            new AttributeMapping("totalSpotNumber", "totalSpotNumber", "Integer", null, null, null),
            new AttributeMapping("occupiedSpotNumber", "occupiedSpotNumber", "Integer", null, null, null),
            new AttributeMapping("status", "status", "Property", null, null, null),
            new AttributeMapping("name", "name", "Text", null, null, null),
            new AttributeMapping("location", "location", "geo:json", null, null, null));
    /** The model's status values, all taken from DATEX II's parking site and opening status. */
    private static final Set<String> STATUS_VALUES = Set.of("almostFull", "closed", "closedAbnormal", "full",
            "fullAtEntrance", "open", "openingTimesInForce", "spacesAvailable");
    private static final Pattern UNSAFE_ID_CHARACTERS = Pattern.compile("[^A-Za-z0-9._~:-]");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** One car park's measures, for the entity named. */
    public record Parking(String entityId, Map<String, JsonNode> measures) {
    }

    private OffStreetParkings() {
    }

    /** The entity a parking record feeds. */
    public static String entityId(String recordId) {
        return "urn:ngsi-ld:" + ENTITY_TYPE + ":" + UNSAFE_ID_CHARACTERS.matcher(recordId).replaceAll("-");
    }

    /**
     * The car parks of a document's publications (several when a message container carries them): those of its
     * statuses, completed by the tables of the same document and then by the feed's table; or, when it has no status,
     * those of its tables. A car park named twice is taken as the document names it last.
     */
    public static List<Parking> of(List<Datex2Publication> publications, Map<String, Datex2Publication.Site> table) {
        boolean statuses = publications.stream().anyMatch(publication -> publication.kind() == Datex2Publication.Kind.STATUS);
        Map<String, Datex2Publication.Site> known = statuses ? withSitesOf(publications, table) : table;
        Map<String, Parking> parkings = new LinkedHashMap<>();
        for (Datex2Publication publication : publications) {
            if ((publication.kind() == Datex2Publication.Kind.STATUS) == statuses) {
                of(publication, known).forEach(parking -> parkings.put(parking.entityId(), parking));
            }
        }
        return List.copyOf(parkings.values());
    }

    private static Map<String, Datex2Publication.Site> withSitesOf(List<Datex2Publication> publications,
                                                                  Map<String, Datex2Publication.Site> table) {
        Map<String, Datex2Publication.Site> known = new HashMap<>(table);
        for (Datex2Publication publication : publications) {
            if (publication.kind() == Datex2Publication.Kind.TABLE) {
                publication.sites().forEach(site -> known.put(site.id(), site));
            }
        }
        return known;
    }

    /** The car parks of a publication; a status is completed by the table's record of the same id, when known. */
    public static List<Parking> of(Datex2Publication publication, Map<String, Datex2Publication.Site> table) {
        List<Parking> parkings = new ArrayList<>();
        if (publication.kind() == Datex2Publication.Kind.TABLE) {
            for (Datex2Publication.Site site : publication.sites()) {
                Map<String, JsonNode> measures = new LinkedHashMap<>();
                describe(site, measures);
                if (site.totalSpaces() != null) {
                    measures.put("totalSpotNumber", NODES.numberNode(site.totalSpaces()));
                }
                time(measures, site.versionTime() != null ? site.versionTime() : publication.publicationTime());
                parkings.add(new Parking(entityId(site.id()), measures));
            }
            return parkings;
        }
        for (Datex2Publication.Status status : publication.statuses()) {
            Datex2Publication.Site site = table.get(status.recordId());
            Map<String, JsonNode> measures = new LinkedHashMap<>();
            Integer total = status.spacesOverride() != null ? status.spacesOverride()
                    : site != null && site.totalSpaces() != null ? site.totalSpaces()
                    : status.vacantSpaces() != null && status.occupiedSpaces() != null
                    ? Integer.valueOf(status.vacantSpaces() + status.occupiedSpaces()) : null;
            Integer occupied = status.occupiedSpaces() != null ? status.occupiedSpaces()
                    : total != null && status.vacantSpaces() != null ? Integer.valueOf(Math.max(0, total - status.vacantSpaces()))
                    : null;
            put(measures, "availableSpotNumber", status.vacantSpaces());
            put(measures, "totalSpotNumber", total);
            put(measures, "occupiedSpotNumber", occupied);
            ArrayNode statusValues = NODES.arrayNode();
            for (String value : new String[] {status.siteStatus(), status.openingStatus()}) {
                if (value != null && STATUS_VALUES.contains(value) && !statusValues.toString().contains('"' + value + '"')) {
                    statusValues.add(value);
                }
            }
            if (!statusValues.isEmpty()) {
                measures.put("status", statusValues);
            }
            if (site != null) {
                describe(site, measures);
            }
            time(measures, status.originTime() != null ? status.originTime() : publication.publicationTime());
            parkings.add(new Parking(entityId(status.recordId()), measures));
        }
        return parkings;
    }

    private static void describe(Datex2Publication.Site site, Map<String, JsonNode> measures) {
        if (site.name() != null && !site.name().isEmpty()) {
            measures.put("name", TextNode.valueOf(site.name()));
        }
        if (site.latitude() != null && site.longitude() != null) {
            ObjectNode point = NODES.objectNode().put("type", "Point");
            point.putArray("coordinates").add(site.longitude()).add(site.latitude());
            measures.put("location", point);
        }
    }

    private static void put(Map<String, JsonNode> measures, String key, Integer value) {
        if (value != null) {
            measures.put(key, NODES.numberNode(value));
        }
    }

    private static void time(Map<String, JsonNode> measures, Instant at) {
        if (at != null) {
            measures.put(OBSERVED_AT_KEY, TextNode.valueOf(at.toString()));
        }
    }
}
