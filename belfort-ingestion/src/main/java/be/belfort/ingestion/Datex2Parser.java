package be.belfort.ingestion;

import be.belfort.model.NgsiLdException;

import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a DATEX II parking publication with the JDK's StAX parser, once it is valid against the official schema of
 * its version ({@link Datex2Schema}): v2.3 ({@code http://datex2.eu/schema/2/2_0}, a {@code GenericPublication}
 * carrying a {@code parkingTablePublication} or {@code parkingStatusPublication}) or v3 (a {@code payload} of type
 * ParkingTablePublication or ParkingStatusPublication of {@code http://datex2.eu/schema/3/parking}, as the root or as
 * each payload of a {@code messageContainer} root, whose exchange information is not read). DTDs and external
 * entities are refused. A document that is not such a publication, or whose records carry a count or time Belfort
 * cannot take, is refused whole with the place and reason.
 */
public final class Datex2Parser {
    /** Most parking records one document may carry (all the payloads of a message container together). */
    public static final int MAX_RECORDS = 20_000;
    private static final String XSI = XMLConstants.W3C_XML_SCHEMA_INSTANCE_NS_URI;
    private static final XMLInputFactory FACTORY = secureReaders();

    private Datex2Parser() {
    }

    /** A StAX factory that refuses DTDs and external entities. */
    static XMLInputFactory secureReaders() {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        return factory;
    }

    /** The document's publications, in its order: one, or each payload of a message container. */
    public static List<Datex2Publication> parse(byte[] xml) {
        Datex2Schema.Version version = Datex2Schema.validate(xml);
        try {
            XMLStreamReader reader = FACTORY.createXMLStreamReader(new ByteArrayInputStream(xml));
            try {
                return new Reading(reader, version == Datex2Schema.Version.V2_3 ? Vocabulary.V2_3 : Vocabulary.V3).read();
            } finally {
                reader.close();
            }
        } catch (XMLStreamException e) {
            throw NgsiLdException.badData("The DATEX II document is not well-formed XML: " + e.getMessage());
        }
    }

    /**
     * Where each version keeps what Belfort reads: the elements of a table's record and of a status, each a child of
     * its record or, for those named "within", of that child.
     */
    private record Vocabulary(String publication, String site, String siteName, String totalWithin, String total,
                              String versionTime, String location, String status, String reference, String originTime,
                              String occupancy, String vacant, String occupied, String override, String siteStatus,
                              String openingStatus) {
        static final Vocabulary V2_3 = new Vocabulary("payloadPublication", "parkingRecord", "parkingName", null,
                "parkingNumberOfSpaces", "parkingRecordVersionTime", "parkingLocation", "parkingRecordStatus",
                "parkingRecordReference", "parkingStatusOriginTime", "parkingOccupancy", "parkingNumberOfVacantSpaces",
                "parkingNumberOfOccupiedSpaces", "parkingNumberOfSpacesOverride", "parkingSiteStatus",
                "parkingSiteOpeningStatus");
        static final Vocabulary V3 = new Vocabulary("payload", "hierarchyElementGeneral", "name", "supply", "quantity",
                "lastUpdated", "locationReference", "parkingStatusInformation", "reference", "lastUpdated", "occupancy",
                "numberOfVacantSpaces", "numberOfOccupiedSpaces", "numberOfSpacesOverride", "status", "openingStatus");
    }

    /** One pass over the document, with the names of the open elements. */
    private static final class Reading {
        private final XMLStreamReader reader;
        private final Vocabulary names;
        private final List<String> open = new ArrayList<>();
        private final List<Datex2Publication> publications = new ArrayList<>();
        private List<Datex2Publication.Site> sites = new ArrayList<>();
        private List<Datex2Publication.Status> statuses = new ArrayList<>();
        private int records;
        private Datex2Publication.Kind kind;
        private Instant publicationTime;
        /** The depth of the publication being read, or -1 outside one. */
        private int publicationDepth = -1;
        private SiteFields site;
        private StatusFields status;
        /** The depth of the record being read (a table's or a status's). */
        private int recordDepth;

        Reading(XMLStreamReader reader, Vocabulary names) {
            this.reader = reader;
            this.names = names;
        }

        List<Datex2Publication> read() throws XMLStreamException {
            while (reader.hasNext()) {
                int event = reader.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    start(reader.getLocalName());
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    end(open.removeLast());
                }
            }
            if (publications.isEmpty()) {
                throw notParking();
            }
            return List.copyOf(publications);
        }

        private static NgsiLdException notParking() {
            return NgsiLdException.badData("This is not a DATEX II parking publication: no ParkingTablePublication or"
                    + " ParkingStatusPublication (v2.3: a GenericPublication carrying one; v3: the payload's type)");
        }

        private void start(String name) throws XMLStreamException {
            String parent = open.isEmpty() ? null : open.getLast();
            open.add(name);
            if (name.equals(names.publication())
                    && (parent == null || parent.equals("d2LogicalModel") || parent.equals("messageContainer"))) {
                kind = kindOf(reader.getAttributeValue(XSI, "type"));
                publicationDepth = open.size() - 1;
            } else if (name.equals("publicationTime") && names.publication().equals(parent)) {
                publicationTime = time(text(), name);
            } else if ((name.equals("parkingTablePublication") || name.equals("parkingStatusPublication"))
                    && "genericPublicationExtension".equals(parent)) {
                kind = name.equals("parkingTablePublication") ? Datex2Publication.Kind.TABLE : Datex2Publication.Kind.STATUS;
            } else if (kind == null) {
                return;
            } else if (name.equals(names.site()) && site == null && status == null) {
                site = new SiteFields(requiredId(name));
                recordDepth = open.size() - 1;
            } else if (name.equals(names.status()) && site == null && status == null) {
                status = new StatusFields();
                recordDepth = open.size() - 1;
            } else if (site != null) {
                startInSite(name);
            } else if (status != null) {
                startInStatus(name);
            }
        }

        /** Whether the element just opened is a child of the record, or of the record's child named. */
        private boolean at(String within) {
            int depth = open.size() - 1 - recordDepth;
            return within == null ? depth == 1 : depth == 2 && open.get(recordDepth + 1).equals(within);
        }

        /** Whether the element just opened is somewhere in the record's child named. */
        private boolean inside(String child) {
            return open.size() - 1 - recordDepth >= 2 && open.get(recordDepth + 1).equals(child);
        }

        private void startInSite(String name) throws XMLStreamException {
            if (name.equals("value") && site.name == null && inside(names.siteName())) {
                site.name = text();
            } else if (name.equals(names.total()) && at(names.totalWithin())) {
                site.total = count(text(), name);
            } else if (name.equals(names.versionTime()) && at(null)) {
                site.versionTime = time(text(), name);
            } else if (name.equals("latitude") && site.latitude == null && inside(names.location())) {
                site.latitude = degrees(text(), name, 90);
            } else if (name.equals("longitude") && site.longitude == null && inside(names.location())) {
                site.longitude = degrees(text(), name, 180);
            }
        }

        private void startInStatus(String name) throws XMLStreamException {
            if (name.equals(names.reference()) && at(null)) {
                status.recordId = requiredId(name);
            } else if (name.equals(names.originTime()) && at(null)) {
                status.originTime = time(text(), name);
            } else if (name.equals(names.vacant()) && at(names.occupancy())) {
                status.vacant = count(text(), name);
            } else if (name.equals(names.occupied()) && at(names.occupancy())) {
                status.occupied = count(text(), name);
            } else if (name.equals(names.override()) && at(names.occupancy())) {
                status.override = count(text(), name);
            } else if (name.equals(names.siteStatus()) && status.siteStatus == null && at(null)) {
                status.siteStatus = enumeration();
            } else if (name.equals(names.openingStatus()) && at(null)) {
                status.openingStatus = enumeration();
            }
        }

        private void end(String name) {
            if (open.size() == publicationDepth) {
                if (kind == null) {
                    throw notParking();
                }
                publications.add(new Datex2Publication(kind, publicationTime, List.copyOf(sites), List.copyOf(statuses)));
                sites = new ArrayList<>();
                statuses = new ArrayList<>();
                kind = null;
                publicationTime = null;
                publicationDepth = -1;
                return;
            }
            if (open.size() != recordDepth) {
                return;
            }
            if (site != null && name.equals(names.site())) {
                add(sites, new Datex2Publication.Site(site.id, site.name, site.total, site.latitude, site.longitude,
                        site.versionTime));
                site = null;
            } else if (status != null && name.equals(names.status())) {
                if (status.recordId == null) {
                    throw NgsiLdException.badData("A " + name + " has no " + names.reference() + " (line "
                            + reader.getLocation().getLineNumber() + ")");
                }
                add(statuses, new Datex2Publication.Status(status.recordId, status.originTime, status.vacant,
                        status.occupied, status.override, status.siteStatus, status.openingStatus));
                status = null;
            }
        }

        private <T> void add(List<T> records, T record) {
            if (++this.records > MAX_RECORDS) {
                throw NgsiLdException.badData("A DATEX II document may have at most " + MAX_RECORDS + " parking records");
            }
            records.add(record);
        }

        /** The element's text, which also closes it. */
        private String text() throws XMLStreamException {
            String text = reader.getElementText().strip();
            open.removeLast();
            return text;
        }

        /** An enumeration's value: its text in v2.3, its text (or a {@code value} child) in v3. */
        private String enumeration() throws XMLStreamException {
            StringBuilder text = new StringBuilder();
            int depth = 1;
            while (depth > 0) {
                int event = reader.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    depth++;
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    depth--;
                } else if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA) {
                    text.append(reader.getText());
                }
            }
            open.removeLast();
            String value = text.toString().strip();
            return value.isEmpty() ? null : value;
        }

        private String requiredId(String element) {
            String id = reader.getAttributeValue(null, "id");
            if (id == null || id.isBlank()) {
                throw NgsiLdException.badData("A " + element + " has no 'id' (line " + reader.getLocation().getLineNumber() + ")");
            }
            return id.strip();
        }

        private Datex2Publication.Kind kindOf(String type) {
            String local = type == null ? "" : type.substring(type.indexOf(':') + 1);
            return switch (local) {
                case "ParkingTablePublication" -> Datex2Publication.Kind.TABLE;
                case "ParkingStatusPublication" -> Datex2Publication.Kind.STATUS;
                case "GenericPublication" -> null; // v2.3: the parking publication it carries says
                default -> throw NgsiLdException.badData("The DATEX II publication is of type '" + type
                        + "', not ParkingTablePublication or ParkingStatusPublication");
            };
        }

        private Integer count(String text, String element) {
            try {
                int value = Integer.parseInt(text);
                if (value >= 0) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // refused below
            }
            throw refused(element, "a non-negative integer", text);
        }

        private Double degrees(String text, String element, double bound) {
            try {
                double value = Double.parseDouble(text);
                if (Math.abs(value) <= bound) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // refused below
            }
            throw refused(element, "a number of degrees", text);
        }

        private Instant time(String text, String element) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e) {
                throw refused(element, "a date-time with an offset", text);
            }
        }

        private NgsiLdException refused(String element, String expected, String text) {
            return NgsiLdException.badData("'" + element + "' must be " + expected + ", not '" + text + "' (line "
                    + reader.getLocation().getLineNumber() + ")");
        }
    }

    private static final class SiteFields {
        final String id;
        String name;
        Integer total;
        Double latitude;
        Double longitude;
        Instant versionTime;

        SiteFields(String id) {
            this.id = id;
        }
    }

    private static final class StatusFields {
        String recordId;
        Instant originTime;
        Integer vacant;
        Integer occupied;
        Integer override;
        String siteStatus;
        String openingStatus;
    }
}
