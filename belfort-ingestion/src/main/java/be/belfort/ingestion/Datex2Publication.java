package be.belfort.ingestion;

import java.time.Instant;
import java.util.List;

/**
 * What Belfort reads of a DATEX II parking publication (v2.3, or v3 with its parking namespace): the car parks of
 * a ParkingTablePublication, the status of a ParkingStatusPublication.
 */
public record Datex2Publication(Kind kind, Instant publicationTime, List<Site> sites, List<Status> statuses) {
    public enum Kind { TABLE, STATUS }

    /**
     * A parking record of the table: its id, name, capacity and place.
     *
     * @param totalSpaces null when the record does not say
     * @param latitude null when the record has no point
     */
    public record Site(String id, String name, Integer totalSpaces, Double latitude, Double longitude, Instant versionTime) {
    }

    /**
     * The status of one parking record.
     *
     * @param spacesOverride the capacity now, when it differs from the table's, or null
     * @param siteStatus the site's status (v2.3 parkingSiteStatus, v3 status: spacesAvailable, full…), or null
     * @param openingStatus its opening status (v2.3 parkingSiteOpeningStatus, v3 openingStatus: open, closed…), or null
     */
    public record Status(String recordId, Instant originTime, Integer vacantSpaces, Integer occupiedSpaces,
                         Integer spacesOverride, String siteStatus, String openingStatus) {
    }
}
