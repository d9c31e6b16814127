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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Reads a DATEX II parking publication with the JDK's StAX parser, by element names, which v2.3
 * ({@code http://datex2.eu/schema/2/2_0}, a {@code payloadPublication} of type ParkingTablePublication or
 * ParkingStatusPublication) and v3 ({@code http://datex2.eu/schema/3/parking}, the {@code payload} root of those
 * types) share. DTDs and external entities are refused. A document that is not such a publication, or whose
 * records lack an id or carry a count or time that is not one, is refused whole with the place and reason.
 */
public final class Datex2Parser {
    /** Most parking records one publication may carry. */
    public static final int MAX_RECORDS = 20_000;
    private static final String XSI = XMLConstants.W3C_XML_SCHEMA_INSTANCE_NS_URI;
    private static final XMLInputFactory FACTORY = XMLInputFactory.newFactory();

    static {
        FACTORY.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        FACTORY.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        FACTORY.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    }

    private Datex2Parser() {
    }

    public static Datex2Publication parse(byte[] xml) {
        try {
            XMLStreamReader reader = FACTORY.createXMLStreamReader(new ByteArrayInputStream(xml));
            try {
                return new Reading(reader).read();
            } finally {
                reader.close();
            }
        } catch (XMLStreamException e) {
            throw NgsiLdException.badData("The DATEX II document is not well-formed XML: " + e.getMessage());
        }
    }

    /** One pass over the document, with the names of the open elements. */
    private static final class Reading {
        private final XMLStreamReader reader;
        private final Deque<String> open = new ArrayDeque<>();
        private final List<Datex2Publication.Site> sites = new ArrayList<>();
        private final List<Datex2Publication.Status> statuses = new ArrayList<>();
        private Datex2Publication.Kind kind;
        private Instant publicationTime;
        private SiteFields site;
        private StatusFields status;

        Reading(XMLStreamReader reader) {
            this.reader = reader;
        }

        Datex2Publication read() throws XMLStreamException {
            while (reader.hasNext()) {
                int event = reader.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    start(reader.getLocalName());
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    end(open.pop());
                }
            }
            if (kind == null) {
                throw NgsiLdException.badData("This is not a DATEX II parking publication: no payloadPublication (v2.3) or"
                        + " payload (v3) of type ParkingTablePublication or ParkingStatusPublication");
            }
            return new Datex2Publication(kind, publicationTime, List.copyOf(sites), List.copyOf(statuses));
        }

        private void start(String name) throws XMLStreamException {
            String parent = open.peek();
            open.push(name);
            if ((name.equals("payloadPublication") || name.equals("payload") && parent == null) && kind == null) {
                kind = kindOf(reader.getAttributeValue(XSI, "type"));
            } else if (kind == null) {
                return;
            } else if (name.equals("publicationTime") && isPublication(parent)) {
                publicationTime = time(text(), "publicationTime");
            } else if (name.equals("parkingRecord")) {
                site = new SiteFields(requiredId("parkingRecord"));
            } else if (name.equals("parkingRecordStatus")) {
                status = new StatusFields();
            } else if (site != null) {
                startInSite(name, parent);
            } else if (status != null) {
                startInStatus(name);
            }
        }

        private void startInSite(String name, String parent) throws XMLStreamException {
            switch (name) {
                case "value" -> {
                    if (open.contains("parkingName") && site.name == null) {
                        site.name = text();
                    }
                }
                case "parkingNumberOfSpaces" -> {
                    if ("parkingRecord".equals(parent)) {
                        site.total = count(text(), name);
                    }
                }
                case "parkingRecordVersionTime" -> site.versionTime = time(text(), name);
                case "latitude" -> {
                    if (open.contains("parkingLocation") && site.latitude == null) {
                        site.latitude = degrees(text(), name, 90);
                    }
                }
                case "longitude" -> {
                    if (open.contains("parkingLocation") && site.longitude == null) {
                        site.longitude = degrees(text(), name, 180);
                    }
                }
                default -> {
                    // other members of the record are not mapped
                }
            }
        }

        private void startInStatus(String name) throws XMLStreamException {
            switch (name) {
                case "parkingRecordReference" -> status.recordId = requiredId(name);
                case "parkingStatusOriginTime" -> status.originTime = time(text(), name);
                case "parkingNumberOfVacantSpaces" -> status.vacant = count(text(), name);
                case "parkingNumberOfOccupiedSpaces" -> status.occupied = count(text(), name);
                case "parkingNumberOfSpacesOverride" -> status.override = count(text(), name);
                case "parkingSiteStatus" -> status.siteStatus = enumeration();
                case "parkingSiteOpeningStatus" -> status.openingStatus = enumeration();
                default -> {
                    // other members of the status are not mapped
                }
            }
        }

        private void end(String name) {
            if (name.equals("parkingRecord") && site != null) {
                add(sites, new Datex2Publication.Site(site.id, site.name, site.total, site.latitude, site.longitude,
                        site.versionTime));
                site = null;
            } else if (name.equals("parkingRecordStatus") && status != null) {
                if (status.recordId == null) {
                    throw NgsiLdException.badData("A parkingRecordStatus has no parkingRecordReference (line "
                            + reader.getLocation().getLineNumber() + ")");
                }
                add(statuses, new Datex2Publication.Status(status.recordId, status.originTime, status.vacant,
                        status.occupied, status.override, status.siteStatus, status.openingStatus));
                status = null;
            }
        }

        private <T> void add(List<T> records, T record) {
            if (sites.size() + statuses.size() >= MAX_RECORDS) {
                throw NgsiLdException.badData("A DATEX II publication may have at most " + MAX_RECORDS + " parking records");
            }
            records.add(record);
        }

        /** The element's text, which also closes it. */
        private String text() throws XMLStreamException {
            String text = reader.getElementText().strip();
            open.pop();
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
            open.pop();
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

        private boolean isPublication(String parent) {
            return "payloadPublication".equals(parent) || "payload".equals(parent);
        }

        private Datex2Publication.Kind kindOf(String type) {
            String local = type == null ? "" : type.substring(type.indexOf(':') + 1);
            return switch (local) {
                case "ParkingTablePublication" -> Datex2Publication.Kind.TABLE;
                case "ParkingStatusPublication" -> Datex2Publication.Kind.STATUS;
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
