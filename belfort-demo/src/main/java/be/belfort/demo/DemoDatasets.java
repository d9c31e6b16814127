package be.belfort.demo;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The datasets of the demo region as their cities declare them: parking, air quality and the
 * accessibility of public buildings are open data, crowdedness is restricted (and declared only by the cities
 * that count passers-by).
 */
final class DemoDatasets {
    /** The municipalities of the demo tenants: their names and NIS codes (the Flemish municipality IRIs end in them). */
    private static final Map<String, String[]> CITIES = Map.of(
            "gent", new String[] {"Stad Gent", "44021"},
            "antwerpen", new String[] {"Stad Antwerpen", "11002"},
            "leuven", new String[] {"Stad Leuven", "24062"},
            "kortrijk", new String[] {"Stad Kortrijk", "34022"},
            "sint-niklaas", new String[] {"Stad Sint-Niklaas", "46021"},
            "kampenhout", new String[] {"Gemeente Kampenhout", "23038"},
            FederatedCity.TENANT, new String[] {"Stad Brugge", "31005"});

    private record Kind(String type, String access, String titleNl, String titleEn, String descriptionNl,
                        String descriptionEn, String theme, List<String> keywords, String frequency) {
    }

    private static final List<Kind> KINDS = List.of(
            new Kind("OffStreetParking", "open", "Bezetting van parkeergarages", "Occupancy of car parks",
                    "Vrije en totale plaatsen van de parkeergarages, realtime met historiek. De historiek van vóór de eerste start van de demo is gesimuleerd (dag- en weekpatronen).",
                    "Free and total spaces of the car parks, real time with history. The history before the demo's first start is simulated (daily and weekly patterns).", "TRAN",
                    List.of("parkeren", "mobiliteit"), "continuous"),
            new Kind("AirQualityObserved", "open", "Luchtkwaliteit", "Air quality",
                    "Metingen van fijn stof en stikstofdioxide door de sensoren van de stad. De historiek van vóór de eerste start van de demo is gesimuleerd (dag- en weekpatronen).",
                    "Particulate matter and nitrogen dioxide measured by the city's sensors. The history before the demo's first start is simulated (daily and weekly patterns).", "ENVI",
                    List.of("luchtkwaliteit", "milieu"), "continuous"),
            new Kind("Building", "open", "Toegankelijkheid van publieke gebouwen", "Accessibility of public buildings",
                    "Publieke gebouwen met hun adres en toegankelijkheid.",
                    "Public buildings with their address and accessibility.", "SOCI",
                    List.of("toegankelijkheid", "gebouwen"), "irreg"),
            new Kind("CrowdFlowObserved", "restricted", "Drukte in winkelstraten", "Crowdedness of shopping streets",
                    "Aantal voorbijgangers per winkelstraat; enkel voor erkende hergebruikers. De historiek van vóór de eerste start van de demo is gesimuleerd (dag- en weekpatronen).",
                    "Passers-by per shopping street; for authenticated reusers only. The history before the demo's first start is simulated (daily and weekly patterns).", "SOCI",
                    List.of("drukte"), "continuous"));

    private DemoDatasets() {
    }

    /** Entity type to the admin request that declares its dataset in the tenant. */
    static Map<String, ObjectNode> of(String tenant) {
        String[] city = CITIES.getOrDefault(tenant, new String[] {tenant, null});
        Map<String, ObjectNode> datasets = new LinkedHashMap<>();
        for (Kind kind : KINDS) {
            // Only the cities with crowd counters keep a crowdedness dataset; the others have nothing to declare.
            if (kind.type().equals("CrowdFlowObserved")
                    && Places.SHOPPING_STREETS.stream().noneMatch(street -> street.tenant().equals(tenant))) {
                continue;
            }
            ObjectNode body = Demo.JSON.createObjectNode();
            body.put("accessLevel", kind.access());
            body.putObject("title").put("nl", kind.titleNl() + " — " + city[0]).put("en", kind.titleEn() + " — " + city[0]);
            body.putObject("description").put("nl", kind.descriptionNl()).put("en", kind.descriptionEn());
            body.putObject("publisher").put("id", city[1] == null ? "https://data.vlaanderen.be/id/gemeente/" + tenant
                    : "https://data.vlaanderen.be/id/gemeente/" + city[1]).put("name", city[0]).put("type", "LocalAuthority");
            // A reserved domain: the demo's cities have no real open-data desk behind it.
            body.put("contactPoint", "mailto:opendata@" + tenant + ".demo.invalid");
            body.put("license", "modellicentie-gratis-hergebruik");
            body.putArray("themes").add(kind.theme());
            kind.keywords().forEach(body.withArray("keywords")::add);
            body.put("updateFrequency", kind.frequency());
            datasets.put(kind.type(), body);
        }
        return datasets;
    }
}
