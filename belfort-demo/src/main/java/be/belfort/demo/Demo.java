package be.belfort.demo;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.ZoneId;

/** Shared constants of the demo region. */
final class Demo {
    static final ObjectMapper JSON = new ObjectMapper();
    /** Profiles follow local time in Flanders. */
    static final ZoneId FLANDERS = ZoneId.of("Europe/Brussels");

    private Demo() {
    }
}
