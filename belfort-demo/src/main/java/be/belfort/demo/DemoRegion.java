package be.belfort.demo;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The demo region at any instant, as normalized NGSI-LD entities (Smart Data Models types). Pure:
 * the same seed and instant always give the same payloads, so tests check values without HTTP.
 */
public final class DemoRegion {
    /** Fruin's level of service D starts at 49 pedestrians per minute per metre of walkway. */
    public static final double CONGESTED_PER_MINUTE_PER_METRE = 49;
    static final long CROWD_INTERVAL_MINUTES = 5;

    private final GhentReplay ghent;
    private final Profiles profiles;
    private final Noise noise;

    public DemoRegion(long seed) {
        this(new GhentReplay(GhentParkingData.load()), seed);
    }

    DemoRegion(GhentReplay ghent, long seed) {
        this.ghent = ghent;
        this.profiles = new Profiles(ghent.data().meanOccupancyByHour());
        this.noise = new Noise(seed);
    }

    public static List<String> tenants() {
        return Places.TENANTS;
    }

    /** The entities whose values change, of one tenant, as they are at {@code now}. */
    public List<ObjectNode> liveEntities(String tenant, Instant now) {
        List<ObjectNode> entities = new ArrayList<>();
        if (tenant.equals("gent")) {
            entities.addAll(ghentCarParks(now));
        }
        Places.SIMULATED_CAR_PARKS.stream().filter(p -> p.tenant().equals(tenant)).forEach(p -> entities.add(carPark(p, now)));
        Places.SHOPPING_STREETS.stream().filter(s -> s.tenant().equals(tenant)).forEach(s -> entities.add(crowd(s, now)));
        Places.AIR_SENSORS.stream().filter(s -> s.tenant().equals(tenant)).forEach(s -> entities.add(airQuality(s, now)));
        return entities;
    }

    /**
     * The entities whose values change, as the daily and weekly profiles simulate them at {@code at}: the live
     * entities, except that the Ghent car parks follow the profiles calibrated on their recording instead of
     * replaying it, so that a simulated past has days and weeks.
     */
    public List<ObjectNode> simulatedEntities(String tenant, Instant at) {
        List<ObjectNode> entities = new ArrayList<>();
        if (tenant.equals("gent")) {
            for (GhentParkingData.Site site : ghent.data().sites()) {
                double[] location = Places.ghentLocation(site.code());
                entities.add(carPark(new Places.CarPark("gent", site.code(), site.label(), location[0], location[1],
                        site.capacity()), at));
            }
        }
        for (ObjectNode entity : liveEntities(tenant, at)) {
            if (!tenant.equals("gent") || !entity.get("type").asText().equals("OffStreetParking")
                    || Places.SIMULATED_CAR_PARKS.stream().anyMatch(park -> entity.get("id").asText()
                    .equals("urn:ngsi-ld:OffStreetParking:" + park.tenant() + "-" + park.key()))) {
                entities.add(entity);
            }
        }
        return entities;
    }

    /** The public buildings of one tenant: static, created once and editable by the city. */
    public List<ObjectNode> buildings(String tenant) {
        return Places.BUILDINGS.stream().filter(b -> b.tenant().equals(tenant)).map(DemoRegion::building).toList();
    }

    List<ObjectNode> ghentCarParks(Instant now) {
        GhentReplay.Replayed replayed = ghent.at(now);
        List<ObjectNode> entities = new ArrayList<>();
        for (GhentParkingData.Site site : ghent.data().sites()) {
            Integer vacant = replayed.observation().vacant().get(site.code());
            if (vacant == null) {
                continue;
            }
            double[] location = Places.ghentLocation(site.code());
            entities.add(parking("urn:ngsi-ld:OffStreetParking:gent-" + site.code(), site.label(), site.description(),
                    vacant, site.capacity(), replayed.observedAt(), location[0], location[1]));
        }
        return entities;
    }

    private ObjectNode carPark(Places.CarPark park, Instant now) {
        Instant observedAt = now.truncatedTo(ChronoUnit.SECONDS);
        long slot = now.getEpochSecond() / 600;
        double occupancy = profiles.parkingOccupancy(local(now)) * (1 + 0.06 * noise.unit(park.key(), slot));
        occupancy = Math.max(0, Math.min(1, occupancy));
        int available = (int) Math.round(park.capacity() * (1 - occupancy));
        return parking("urn:ngsi-ld:OffStreetParking:" + park.tenant() + "-" + park.key(), park.name(),
                "Simulated from daily and weekly profiles calibrated on the Ghent recording", available,
                park.capacity(), observedAt, park.longitude(), park.latitude());
    }

    private static ObjectNode parking(String id, String name, String description, int available, int total,
                                      Instant observedAt, double longitude, double latitude) {
        double occupancy = Math.round(1000.0 * (total - available) / total) / 1000.0;
        String status = available == 0 ? "full" : available < total * 0.05 ? "almostFull" : "spacesAvailable";
        return new Payload(id, "OffStreetParking")
                .property("name", name)
                .property("description", description)
                .property("availableSpotNumber", available, observedAt)
                .property("totalSpotNumber", total)
                .property("occupiedSpotNumber", total - available, observedAt)
                .property("occupancy", occupancy, observedAt)
                .property("status", List.of(status), observedAt)
                .point(longitude, latitude)
                .build();
    }

    /** People counted in the last complete interval, and whether the street was congested. */
    private ObjectNode crowd(Places.ShoppingStreet street, Instant now) {
        Instant to = now.truncatedTo(ChronoUnit.MINUTES)
                .minus(now.getEpochSecond() / 60 % CROWD_INTERVAL_MINUTES, ChronoUnit.MINUTES);
        Instant from = to.minus(CROWD_INTERVAL_MINUTES, ChronoUnit.MINUTES);
        double flow = profiles.pedestriansPerMinutePerMetre(local(from.plus(2, ChronoUnit.MINUTES)))
                * (1 + 0.15 * noise.unit(street.key(), from.getEpochSecond()));
        int people = (int) Math.round(Math.max(0, flow) * street.walkwayWidthMetres() * CROWD_INTERVAL_MINUTES);
        boolean congested = flow >= CONGESTED_PER_MINUTE_PER_METRE;
        return new Payload("urn:ngsi-ld:CrowdFlowObserved:" + street.tenant() + "-" + street.key(), "CrowdFlowObserved")
                .property("name", street.name())
                .property("peopleCount", people, to)
                .property("congested", congested, to)
                .property("direction", "inbound")
                .property("dateObserved", to.toString())
                .property("dateObservedFrom", from.toString())
                .property("dateObservedTo", to.toString())
                .point(street.longitude(), street.latitude())
                .build();
    }

    private ObjectNode airQuality(Places.AirSensor sensor, Instant now) {
        Instant observedAt = now.truncatedTo(ChronoUnit.MINUTES);
        LocalDateTime time = local(observedAt);
        long slot = observedAt.getEpochSecond() / 600;
        double winter = Profiles.winterness(time);
        boolean eveningHeating = time.getHour() >= 17 && time.getHour() <= 23;
        double no2 = (sensor.no2Background() + sensor.no2Traffic() * profiles.traffic(time))
                * (1 + 0.1 * noise.unit(sensor.key() + "no2", slot));
        double pm10 = (12 + 14 * winter * (eveningHeating ? 1.5 : 1.0)) * (1 + 0.12 * noise.unit(sensor.key() + "pm", slot));
        double pm25 = pm10 * (0.6 + 0.05 * noise.unit(sensor.key() + "pm25", slot));
        double temperature = Profiles.temperature(time) + 0.5 * noise.unit(sensor.key() + "t", slot);
        double humidity = Math.max(0.3, Math.min(0.98, 0.78 - 0.025 * (temperature - Profiles.temperature(
                time.withHour(6))) + 0.03 * noise.unit(sensor.key() + "rh", slot)));
        return new Payload("urn:ngsi-ld:AirQualityObserved:" + sensor.tenant() + "-" + sensor.key(), "AirQualityObserved")
                .property("name", sensor.name())
                .property("dateObserved", observedAt.toString())
                .property("no2", round(no2), observedAt)
                .property("pm10", round(pm10), observedAt)
                .property("pm25", round(pm25), observedAt)
                .property("temperature", round(temperature), observedAt)
                .property("relativeHumidity", round(humidity), observedAt)
                .property("typeofLocation", "outdoor")
                .point(sensor.longitude(), sensor.latitude())
                .build();
    }

    private static ObjectNode building(Places.PublicBuilding building) {
        return new Payload("urn:ngsi-ld:Building:" + building.tenant() + "-" + building.key(), "Building")
                .property("name", building.name())
                .property("category", List.of("civic", "public"))
                .property("address", Map.of("streetAddress", building.street(), "addressLocality", building.locality(),
                        "addressCountry", "BE"))
                .property("openingHours", building.openingHours())
                .property("stepFreeEntrance", building.stepFreeEntrance())
                .property("lift", building.lift())
                .property("accessibleToilet", building.accessibleToilet())
                .property("reservedParkingSpaces", building.reservedParkingSpaces())
                .point(building.longitude(), building.latitude())
                .build();
    }

    private static LocalDateTime local(Instant instant) {
        return LocalDateTime.ofInstant(instant, Demo.FLANDERS);
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }

    double parkingScale() {
        return profiles.parkingScale();
    }

    GhentReplay ghent() {
        return ghent;
    }
}
