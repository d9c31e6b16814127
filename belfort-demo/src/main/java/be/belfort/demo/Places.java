package be.belfort.demo;

import java.util.List;

/**
 * The places of the demo region. Coordinates are public facts (rounded); capacities of the simulated
 * car parks and street widths are plausible values, not official figures.
 */
final class Places {
    record CarPark(String tenant, String key, String name, double longitude, double latitude, int capacity) {
    }

    record ShoppingStreet(String tenant, String key, String name, double longitude, double latitude,
                          double walkwayWidthMetres) {
    }

    record AirSensor(String tenant, String key, String name, double longitude, double latitude,
                     double no2Background, double no2Traffic) {
    }

    record PublicBuilding(String tenant, String key, String name, String street, String locality,
                          double longitude, double latitude, boolean stepFreeEntrance, boolean lift,
                          boolean accessibleToilet, int reservedParkingSpaces, List<String> openingHours) {
    }

    static final List<String> TENANTS = List.of("gent", "antwerpen", "leuven", "kortrijk", "sint-niklaas", "kampenhout");

    /** Where the six Ghent car parks of the recording are (P-code to longitude, latitude). */
    static double[] ghentLocation(String code) {
        return switch (code) {
            case "P1" -> new double[] {3.7262, 51.0567};
            case "P2" -> new double[] {3.7301, 51.0534};
            case "P4" -> new double[] {3.7236, 51.0479};
            case "P7" -> new double[] {3.7190, 51.0544};
            case "P8" -> new double[] {3.7175, 51.0557};
            case "P10" -> new double[] {3.7263, 51.0427};
            default -> throw new IllegalArgumentException("Unknown Ghent car park " + code);
        };
    }

    static final List<CarPark> SIMULATED_CAR_PARKS = List.of(
            new CarPark("kortrijk", "schouwburg", "Parking Schouwburg", 3.2649, 50.8277, 600),
            new CarPark("kortrijk", "broeltorens", "Parking Broeltorens", 3.2664, 50.8310, 480),
            new CarPark("kortrijk", "veemarkt", "Parking Veemarkt", 3.2690, 50.8255, 350),
            new CarPark("leuven", "ladeuze", "Parking Ladeuze", 4.7025, 50.8800, 850),
            new CarPark("leuven", "heilig-hart", "Parking Heilig Hart", 4.6960, 50.8770, 550),
            new CarPark("leuven", "dirk-bouts", "Parking Dirk Bouts", 4.7050, 50.8785, 250),
            new CarPark("sint-niklaas", "grote-markt", "Parking Grote Markt", 4.1430, 51.1650, 400),
            new CarPark("sint-niklaas", "stationsplein", "Parking Stationsplein", 4.1460, 51.1705, 500),
            new CarPark("sint-niklaas", "waasland", "Parking Waasland Shopping", 4.1620, 51.1630, 1200));

    static final List<ShoppingStreet> SHOPPING_STREETS = List.of(
            new ShoppingStreet("antwerpen", "meir", "Meir", 4.4085, 51.2180, 20),
            new ShoppingStreet("gent", "veldstraat", "Veldstraat", 3.7220, 51.0520, 10),
            new ShoppingStreet("gent", "langemunt", "Langemunt", 3.7245, 51.0565, 8),
            new ShoppingStreet("leuven", "bondgenotenlaan", "Bondgenotenlaan", 4.7070, 50.8805, 14),
            new ShoppingStreet("leuven", "diestsestraat", "Diestsestraat", 4.7085, 50.8800, 10));

    static final List<AirSensor> AIR_SENSORS = List.of(
            new AirSensor("kampenhout", "centrum", "Kampenhout-Centrum", 4.5520, 50.9430, 12, 14),
            new AirSensor("kampenhout", "berg", "Kampenhout-Berg", 4.5460, 50.9220, 10, 10),
            new AirSensor("kampenhout", "nederokkerzeel", "Nederokkerzeel", 4.5670, 50.9170, 11, 18),
            new AirSensor("antwerpen", "groenplaats", "Groenplaats", 4.4005, 51.2190, 22, 30),
            new AirSensor("antwerpen", "linkeroever", "Linkeroever", 4.3850, 51.2230, 20, 38),
            new AirSensor("antwerpen", "borgerhout", "Borgerhout", 4.4400, 51.2120, 24, 34));

    private static final List<String> OFFICE_HOURS = List.of("Mo-Fr 09:00-16:00", "Sa 09:00-12:00");
    private static final List<String> LIBRARY_HOURS = List.of("Tu-Fr 10:00-18:00", "Sa 10:00-16:00");
    private static final List<String> POOL_HOURS = List.of("Mo-Fr 07:00-21:00", "Sa-Su 08:00-18:00");

    static final List<PublicBuilding> BUILDINGS = List.of(
            new PublicBuilding("gent", "stadhuis", "Stadhuis Gent", "Botermarkt 1", "Gent", 3.7254, 51.0543, true, true, true, 4, OFFICE_HOURS),
            new PublicBuilding("gent", "de-krook", "Bibliotheek De Krook", "Miriam Makebaplein 1", "Gent", 3.7276, 51.0480, true, true, true, 6, LIBRARY_HOURS),
            new PublicBuilding("gent", "zwembad-rooigem", "Zwembad Rooigem", "Rooigemlaan 2", "Gent", 3.6975, 51.0626, true, false, true, 3, POOL_HOURS),
            new PublicBuilding("antwerpen", "stadhuis", "Stadhuis Antwerpen", "Grote Markt 1", "Antwerpen", 4.3996, 51.2212, false, true, true, 2, OFFICE_HOURS),
            new PublicBuilding("antwerpen", "permeke", "Bibliotheek Permeke", "De Coninckplein 25", "Antwerpen", 4.4235, 51.2213, true, true, true, 4, LIBRARY_HOURS),
            new PublicBuilding("antwerpen", "wezenberg", "Sportcentrum Wezenberg", "Desguinlei 17", "Antwerpen", 4.4136, 51.1900, true, true, true, 8, POOL_HOURS),
            new PublicBuilding("leuven", "stadhuis", "Stadhuis Leuven", "Grote Markt 9", "Leuven", 4.7011, 50.8789, false, true, true, 2, OFFICE_HOURS),
            new PublicBuilding("leuven", "tweebronnen", "Bibliotheek Tweebronnen", "Rijschoolstraat 4", "Leuven", 4.6957, 50.8778, true, true, true, 3, LIBRARY_HOURS),
            new PublicBuilding("kortrijk", "stadhuis", "Stadhuis Kortrijk", "Grote Markt 54", "Kortrijk", 3.2650, 50.8280, false, true, true, 2, OFFICE_HOURS),
            new PublicBuilding("kortrijk", "bibliotheek", "Stadsbibliotheek Kortrijk", "Leiestraat 30", "Kortrijk", 3.2632, 50.8300, true, true, true, 2, LIBRARY_HOURS),
            new PublicBuilding("sint-niklaas", "stadhuis", "Stadhuis Sint-Niklaas", "Grote Markt 1", "Sint-Niklaas", 4.1435, 51.1655, true, true, true, 3, OFFICE_HOURS),
            new PublicBuilding("sint-niklaas", "sinbad", "Zwembad Sinbad", "Lodewijk de Meesterstraat 7", "Sint-Niklaas", 4.1260, 51.1720, true, true, true, 5, POOL_HOURS),
            new PublicBuilding("kampenhout", "gemeentehuis", "Gemeentehuis Kampenhout", "Trawoolstraat 1", "Kampenhout", 4.5530, 50.9435, true, true, true, 2, OFFICE_HOURS),
            new PublicBuilding("kampenhout", "bibliotheek", "Bibliotheek Kampenhout", "Dorpsstraat 32", "Kampenhout", 4.5515, 50.9420, true, false, true, 1, LIBRARY_HOURS));

    private Places() {
    }
}
