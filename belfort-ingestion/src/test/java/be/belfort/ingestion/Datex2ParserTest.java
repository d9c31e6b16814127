package be.belfort.ingestion;

import be.belfort.model.NgsiLdException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Datex2ParserTest {
    private static final String STATUS = """
            <d2LogicalModel xmlns="http://datex2.eu/schema/2/2_0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
              <payloadPublication xsi:type="ParkingStatusPublication" lang="nl">
                <publicationTime>2026-12-01T10:00:00+01:00</publicationTime>
                <parkingRecordStatus xsi:type="ParkingSiteStatus">
                  <parkingRecordReference targetClass="ParkingRecord" id="A 1" version="1"/>
                  <parkingOccupancy><parkingNumberOfVacantSpaces>%s</parkingNumberOfVacantSpaces></parkingOccupancy>
                  <parkingSiteStatus>noParkingInformationAvailable</parkingSiteStatus>
                </parkingRecordStatus>
              </payloadPublication>
            </d2LogicalModel>""";

    private static Datex2Publication parse(String xml) {
        return Datex2Parser.parse(xml.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aStatusWithoutTimeTakesThePublicationTimeAndOnlyTheModelsStatusValues() {
        Datex2Publication publication = parse(STATUS.formatted("12"));
        assertThat(publication.kind()).isEqualTo(Datex2Publication.Kind.STATUS);
        OffStreetParkings.Parking parking = OffStreetParkings.of(publication, Map.of()).getFirst();
        assertThat(parking.entityId()).as("an id made safe").isEqualTo("urn:ngsi-ld:OffStreetParking:A-1");
        assertThat(parking.measures().get("availableSpotNumber").asInt()).isEqualTo(12);
        assertThat(parking.measures().get("observedAt").asText()).isEqualTo("2026-12-01T09:00:00Z");
        assertThat(parking.measures()).as("no total without table, override or occupied count")
                .doesNotContainKeys("totalSpotNumber", "status");
    }

    @Test
    void aCountThatIsNotOneRefusesTheDocumentWithItsPlace() {
        assertThatThrownBy(() -> parse(STATUS.formatted("-3"))).isInstanceOf(NgsiLdException.class)
                .hasMessageContaining("parkingNumberOfVacantSpaces").hasMessageContaining("line 6");
    }

    @Test
    void doctypesAndOtherPublicationsAreRefused() {
        assertThatThrownBy(() -> parse("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>"))
                .isInstanceOf(NgsiLdException.class);
        assertThatThrownBy(() -> parse("<payload/>")).hasMessageContaining("not ParkingTablePublication");
        assertThatThrownBy(() -> parse("<html><body>maintenance</body></html>"))
                .hasMessageContaining("not a DATEX II parking publication");
        assertThatThrownBy(() -> parse("not xml")).hasMessageContaining("not well-formed");
    }
}
