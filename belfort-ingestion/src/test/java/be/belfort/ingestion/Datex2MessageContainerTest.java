package be.belfort.ingestion;

import be.belfort.model.NgsiLdException;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * DATEX II v3 parking publications delivered in a message container (written from DATEXII_3_MessageContainer.xsd and
 * DATEXII_3_ExchangeInformation.xsd of 3.6): each payload read as a bare payload is, the container validated against
 * its own schema, and a container carrying anything but parking publications refused as such.
 */
class Datex2MessageContainerTest {
    private static final String CONTAINER = """
            <con:messageContainer xmlns:con="http://datex2.eu/schema/3/messageContainer"
                                  xmlns:ex="http://datex2.eu/schema/3/exchangeInformation" xmlns:com="http://datex2.eu/schema/3/common"
                                  xmlns:fac="http://datex2.eu/schema/3/facilities" xmlns:loc="http://datex2.eu/schema/3/locationReferencing"
                                  xmlns:prk="http://datex2.eu/schema/3/parking" xmlns:sit="http://datex2.eu/schema/3/situation"
                                  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" modelBaseVersion="3">
            %s
              <con:exchangeInformation modelBaseVersion="3">
                <ex:exchangeContext>
                  <ex:codedExchangeProtocol>snapshotPull</ex:codedExchangeProtocol>
                  <ex:exchangeSpecificationVersion>3.6</ex:exchangeSpecificationVersion>
                  <ex:supplierOrCisRequester><ex:internationalIdentifier><com:country>be</com:country>
                    <com:nationalIdentifier>city</com:nationalIdentifier></ex:internationalIdentifier></ex:supplierOrCisRequester>
                </ex:exchangeContext>
                <ex:dynamicInformation>
                  <ex:exchangeStatus>online</ex:exchangeStatus>
                  <ex:messageGenerationTimestamp>2026-12-01T10:00:10+01:00</ex:messageGenerationTimestamp>
                </ex:dynamicInformation>
              </con:exchangeInformation>
            </con:messageContainer>""";
    private static final String PAYLOAD = """
              <con:payload xsi:type="%s" lang="nl" modelBaseVersion="3">
                <com:publicationTime>%s</com:publicationTime>
                <com:publicationCreator><com:country>be</com:country><com:nationalIdentifier>city</com:nationalIdentifier></com:publicationCreator>
                %s
              </con:payload>""";
    private static final String TABLE = PAYLOAD.formatted("prk:ParkingTablePublication", "2026-12-01T08:00:00Z",
            Datex2v3Tables.onePlace("N", "Parking Noord", 51.06, 3.72, 250));
    private static final String STATUS = PAYLOAD.formatted("prk:ParkingStatusPublication", "2026-12-01T10:00:00+01:00", """
            <prk:parkingStatusInformation xsi:type="prk:PlaceStatus">
                  <fac:reference targetClass="fac:FacilityObject" id="N"/>
                  <prk:occupancy><prk:numberOfVacantSpaces>40</prk:numberOfVacantSpaces></prk:occupancy>
                  <prk:status>spacesAvailable</prk:status>
                </prk:parkingStatusInformation>""");
    private static final String SITUATIONS = PAYLOAD.formatted("sit:SituationPublication", "2026-12-01T09:00:00Z", "");

    private static List<Datex2Publication> parse(String payloads) {
        return Datex2Parser.parse(CONTAINER.formatted(payloads).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aContainerWithATablePayloadGivesItsCarParks() {
        List<Datex2Publication> publications = parse(TABLE);
        assertThat(publications).hasSize(1);
        assertThat(publications.getFirst().kind()).isEqualTo(Datex2Publication.Kind.TABLE);
        assertThat(publications.getFirst().sites())
                .containsExactly(new Datex2Publication.Site("N", "Parking Noord", 250, 51.06, 3.72, null));
        OffStreetParkings.Parking parking = OffStreetParkings.of(publications, Map.of()).getFirst();
        assertThat(parking.measures().get("totalSpotNumber").asInt()).isEqualTo(250);
        assertThat(parking.measures().get("observedAt").asText()).as("the payload's time").isEqualTo("2026-12-01T08:00:00Z");
    }

    @Test
    void aContainerWithAStatusPayloadGivesItsStatuses() {
        List<Datex2Publication> publications = parse(STATUS);
        assertThat(publications).singleElement().extracting(Datex2Publication::kind).isEqualTo(Datex2Publication.Kind.STATUS);
        OffStreetParkings.Parking parking = OffStreetParkings.of(publications, Map.of()).getFirst();
        assertThat(parking.entityId()).isEqualTo("urn:ngsi-ld:OffStreetParking:N");
        assertThat(parking.measures().get("availableSpotNumber").asInt()).isEqualTo(40);
        assertThat(parking.measures()).as("no table known").doesNotContainKeys("name", "totalSpotNumber");
    }

    @Test
    void aContainerWithATableAndAStatusCompletesTheStatusWithItsOwnTable() {
        List<Datex2Publication> publications = parse(TABLE + STATUS);
        assertThat(publications).extracting(Datex2Publication::kind)
                .containsExactly(Datex2Publication.Kind.TABLE, Datex2Publication.Kind.STATUS);
        assertThat(publications.get(1).publicationTime()).as("each payload its own time")
                .isEqualTo(Instant.parse("2026-12-01T09:00:00Z"));
        List<OffStreetParkings.Parking> parkings = OffStreetParkings.of(publications, Map.of());
        assertThat(parkings).as("the statuses, not the table's records as well").hasSize(1);
        Map<String, JsonNode> measures = parkings.getFirst().measures();
        assertThat(measures.get("name").asText()).isEqualTo("Parking Noord");
        assertThat(measures.get("totalSpotNumber").asInt()).isEqualTo(250);
        assertThat(measures.get("occupiedSpotNumber").asInt()).isEqualTo(210);
        assertThat(measures.get("observedAt").asText()).isEqualTo("2026-12-01T09:00:00Z");
        assertThat(measures).containsKey("location");
    }

    @Test
    void aContainerWithANonParkingPayloadIsRefusedAsSuch() {
        assertThatThrownBy(() -> parse(STATUS + SITUATIONS)).isInstanceOf(NgsiLdException.class)
                .hasMessageContaining("payload 2 of the message container is a {http://datex2.eu/schema/3/situation}SituationPublication")
                .hasMessageContaining("not a ParkingTablePublication or ParkingStatusPublication");
        assertThatThrownBy(() -> parse(STATUS.replace("xsi:type=\"prk:ParkingStatusPublication\" ", "")))
                .hasMessageContaining("payload 1 of the message container is of no type");
        assertThatThrownBy(() -> parse("")).hasMessageContaining("message container carries no payload");
    }

    @Test
    void anInvalidContainerIsRefusedWithItsLine() {
        String exchangeFirst = CONTAINER.formatted("").replace("</con:messageContainer>", STATUS + "\n</con:messageContainer>");
        assertThatThrownBy(() -> Datex2Parser.parse(exchangeFirst.getBytes(StandardCharsets.UTF_8)))
                .as("the payload after the exchange information").isInstanceOf(NgsiLdException.class)
                .hasMessageContaining("not valid against the DATEX II v3.6 message container schema")
                .hasMessageContaining("line 20").hasMessageContaining("messageContainer\":payload}");
        assertThatThrownBy(() -> parse(STATUS.replace("<prk:numberOfVacantSpaces>40", "<prk:numberOfVacantSpaces>many")))
                .hasMessageContaining("not valid against the DATEX II v3.6 message container schema")
                .hasMessageContaining("line 11").hasMessageContaining("'many'");
        String sleeping = CONTAINER.formatted(STATUS).replace(">online<", ">sleeping<");
        assertThatThrownBy(() -> Datex2Parser.parse(sleeping.getBytes(StandardCharsets.UTF_8)))
                .as("the exchange information is validated too, though not read").hasMessageContaining("'sleeping'");
    }
}
