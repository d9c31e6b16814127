package be.belfort.ingestion;

import be.belfort.model.NgsiLdException;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Publications of both versions, valid against the shipped DATEX II schemas, and documents the schemas refuse. */
class Datex2ParserTest {
    private static final String V2_STATUS = """
            <d2LogicalModel xmlns="http://datex2.eu/schema/2/2_0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" modelBaseVersion="2">
              <exchange><supplierIdentification><country>be</country><nationalIdentifier>city</nationalIdentifier></supplierIdentification></exchange>
              <payloadPublication xsi:type="GenericPublication" lang="nl">
                <publicationTime>2026-12-01T10:00:00+01:00</publicationTime>
                <publicationCreator><country>be</country><nationalIdentifier>city</nationalIdentifier></publicationCreator>
                <genericPublicationName>ParkingStatusPublication</genericPublicationName>
                <genericPublicationExtension><parkingStatusPublication>
                  <parkingRecordStatus xsi:type="ParkingSiteStatus">
                    <parkingRecordReference targetClass="ParkingRecord" id="A 1" version="1"/>
                    %s
                    <parkingSiteStatus>spacesAvailable</parkingSiteStatus>
                  </parkingRecordStatus>
                </parkingStatusPublication></genericPublicationExtension>
              </payloadPublication>
            </d2LogicalModel>""";
    private static final String V2_STATUS_CONTENT = "<parkingStatusOriginTime>2026-12-01T08:59:00Z</parkingStatusOriginTime>"
            + "<parkingOccupancy><parkingNumberOfVacantSpaces>%s</parkingNumberOfVacantSpaces></parkingOccupancy>";
    private static final String V3 = """
            <d2:payload xmlns:d2="http://datex2.eu/schema/3/d2Payload" xmlns:com="http://datex2.eu/schema/3/common"
                        xmlns:fac="http://datex2.eu/schema/3/facilities" xmlns:loc="http://datex2.eu/schema/3/locationReferencing"
                        xmlns:prk="http://datex2.eu/schema/3/parking" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                        xsi:type="prk:%s" lang="nl" modelBaseVersion="3">
              <com:publicationTime>2026-12-01T10:00:00+01:00</com:publicationTime>
              <com:publicationCreator><com:country>be</com:country><com:nationalIdentifier>city</com:nationalIdentifier></com:publicationCreator>
              %s
            </d2:payload>""";

    private static Datex2Publication parse(String xml) {
        List<Datex2Publication> publications = Datex2Parser.parse(xml.getBytes(StandardCharsets.UTF_8));
        assertThat(publications).hasSize(1);
        return publications.getFirst();
    }

    private static String v2Status(String vacant) {
        return V2_STATUS.formatted(V2_STATUS_CONTENT.formatted(vacant));
    }

    @Test
    void aVersion2StatusCarriedByAGenericPublicationIsRead() {
        Datex2Publication publication = parse(v2Status("12"));
        assertThat(publication.kind()).isEqualTo(Datex2Publication.Kind.STATUS);
        OffStreetParkings.Parking parking = OffStreetParkings.of(publication, Map.of()).getFirst();
        assertThat(parking.entityId()).as("an id made safe").isEqualTo("urn:ngsi-ld:OffStreetParking:A-1");
        assertThat(parking.measures().get("availableSpotNumber").asInt()).isEqualTo(12);
        assertThat(parking.measures().get("observedAt").asText()).isEqualTo("2026-12-01T08:59:00Z");
        assertThat(parking.measures().get("status").toString()).isEqualTo("[\"spacesAvailable\"]");
        assertThat(parking.measures()).as("no total without table, override or occupied count")
                .doesNotContainKeys("totalSpotNumber");
    }

    @Test
    void aVersion3TableAndAStatusWithoutTimeAreRead() {
        Datex2Publication table = parse(V3.formatted("ParkingTablePublication",
                Datex2v3Tables.onePlace("Z", "Parking Zuid", 51.045, 3.727, 400)));
        assertThat(table.sites()).containsExactly(new Datex2Publication.Site("Z", "Parking Zuid", 400, 51.045, 3.727, null));

        Datex2Publication status = parse(V3.formatted("ParkingStatusPublication", """
                <prk:parkingStatusInformation xsi:type="prk:PlaceStatus">
                  <fac:reference targetClass="fac:FacilityObject" id="Z"/>
                  <fac:openingStatus>open</fac:openingStatus>
                  <prk:occupancy><prk:numberOfVacantSpaces>35</prk:numberOfVacantSpaces></prk:occupancy>
                  <prk:status>almostFull</prk:status>
                </prk:parkingStatusInformation>"""));
        OffStreetParkings.Parking parking = OffStreetParkings.of(status, Map.of("Z", table.sites().getFirst())).getFirst();
        assertThat(parking.measures().get("observedAt").asText()).as("the publication's time").isEqualTo("2026-12-01T09:00:00Z");
        assertThat(parking.measures().get("occupiedSpotNumber").asInt()).isEqualTo(365);
        assertThat(parking.measures().get("status").toString()).isEqualTo("[\"almostFull\",\"open\"]");
        assertThat(parking.measures().get("name").asText()).isEqualTo("Parking Zuid");
    }

    @Test
    void aDocumentThatFailsTheSchemaIsRefusedWithItsFirstErrorsAndLines() {
        assertThatThrownBy(() -> parse(V2_STATUS.formatted("<parkingOccupancy><parkingNumberOfVacantSpaces>3"
                + "</parkingNumberOfVacantSpaces></parkingOccupancy><parkingStatusOriginTime>2026-12-01T08:59:00Z"
                + "</parkingStatusOriginTime>")))
                .as("elements out of order").isInstanceOf(NgsiLdException.class)
                .hasMessageContaining("not valid against the DATEX II v2.3 schema").hasMessageContaining("line 10")
                .hasMessageContaining("parkingStatusOriginTime");
        assertThatThrownBy(() -> parse(V2_STATUS.formatted("<parkingOccupancy/>")))
                .as("a required element missing").hasMessageContaining("parkingStatusOriginTime}' is expected");
        assertThatThrownBy(() -> parse(v2Status("many")))
                .as("a value of the wrong type").hasMessageContaining("'many' is not a valid value for 'integer'");
        assertThatThrownBy(() -> parse(v2Status("-3")))
                .hasMessageContaining("The value '-3' of element 'parkingNumberOfVacantSpaces' is not valid");
        assertThatThrownBy(() -> parse(V3.formatted("ParkingStatusPublication", "<prk:parkingStatusInformation>"
                + "<fac:reference targetClass=\"fac:FacilityObject\" id=\"Z\"/><prk:occupancy><prk:numberOfVacantSpaces>"
                + "7.5</prk:numberOfVacantSpaces></prk:occupancy></prk:parkingStatusInformation>")))
                .hasMessageContaining("not valid against the DATEX II v3 schema").hasMessageContaining("line 7");
    }

    @Test
    void aSchemaLocationTheDocumentNamesIsNotFetched() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            asked.incrementAndGet();
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.start();
        try {
            String located = v2Status("4").replace("modelBaseVersion=\"2\"", "modelBaseVersion=\"2\" xsi:schemaLocation="
                    + "\"http://datex2.eu/schema/2/2_0 http://127.0.0.1:" + server.getAddress().getPort() + "/other.xsd\"");
            assertThat(parse(located).statuses()).hasSize(1);
            assertThat(asked).hasValue(0);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void doctypesOtherRootsAndOtherPublicationsAreRefused() {
        assertThatThrownBy(() -> parse("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>"))
                .isInstanceOf(NgsiLdException.class);
        assertThatThrownBy(() -> parse(v2Status("<!DOCTYPE d [<!ENTITY e \"1\">]>")))
                .isInstanceOf(NgsiLdException.class).hasMessageContaining("not well-formed");
        assertThatThrownBy(() -> parse("<payload/>")).hasMessageContaining("not a DATEX II parking publication")
                .hasMessageContaining("root element is {}payload");
        assertThatThrownBy(() -> parse("<html><body>maintenance</body></html>"))
                .hasMessageContaining("not a DATEX II parking publication");
        assertThatThrownBy(() -> parse("not xml")).hasMessageContaining("not well-formed");
        String situations = v2Status("1").replace("GenericPublication", "SituationPublication")
                .replaceAll("(?s)<genericPublicationName>.*</genericPublicationExtension>", "");
        assertThatThrownBy(() -> parse(situations)).hasMessageContaining("'SituationPublication', not ParkingTablePublication");
        assertThatThrownBy(() -> parse(V3.formatted("ParkingRecordPublication", ""))).as("told before the schema is asked")
                .hasMessageContaining("payload is a {http://datex2.eu/schema/3/parking}ParkingRecordPublication, not a"
                        + " ParkingTablePublication or ParkingStatusPublication");
    }
}
