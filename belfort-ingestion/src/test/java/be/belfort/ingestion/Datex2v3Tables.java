package be.belfort.ingestion;

import java.util.Locale;

/** DATEX II v3 parking table content for the tests: one place, as the parking schema has it. */
final class Datex2v3Tables {
    private Datex2v3Tables() {
    }

    /** A {@code prk:parkingTable} of one place with its name, point and capacity. */
    static String onePlace(String id, String name, double latitude, double longitude, int spaces) {
        return String.format(Locale.ROOT, """
                <prk:parkingTable id="t" version="1"><prk:versionTime>2026-12-01T08:00:00Z</prk:versionTime>
                  <prk:hierarchyElementGeneral xsi:type="prk:Place" id="%s" version="1">
                    <fac:name><com:values><com:value lang="nl">%s</com:value></com:values></fac:name>
                    <fac:locationReference xsi:type="loc:PointLocation"><loc:pointByCoordinates><loc:pointCoordinates>
                      <loc:latitude>%s</loc:latitude><loc:longitude>%s</loc:longitude></loc:pointCoordinates></loc:pointByCoordinates>
                    </fac:locationReference>
                    <prk:layer>1</prk:layer><prk:type>place</prk:type>
                    <prk:supply><prk:quantity>%d</prk:quantity><prk:viewType>spaceView</prk:viewType></prk:supply>
                  </prk:hierarchyElementGeneral>
                </prk:parkingTable>""", id, name, latitude, longitude, spaces);
    }
}
