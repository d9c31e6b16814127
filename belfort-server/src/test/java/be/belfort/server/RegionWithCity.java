package be.belfort.server;

import be.belfort.federation.FederationSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.time.Duration;

/**
 * What the federation tests start: a region (access control on, private addresses allowed, sources answering
 * within 1 s) and a city, each on its own embedded PostgreSQL, and a fake broker that serves the terms' @context
 * and plays the sources that misbehave.
 */
abstract class RegionWithCity {
    static final String ADMIN_KEY = "federation-admin-key-0123456789";
    static final String REGISTRATIONS = "/ngsi-ld/v1/csourceRegistrations";

    static Platform region;
    static Platform city;
    static FakeBroker fake;
    static Http regionHttp;
    static Http cityHttp;
    /** A Link header naming the fake broker's @context. */
    static String link;

    @BeforeAll
    static void startRegionAndCity() {
        region = Platform.start(TestPlatform.unlimited(TestPlatform.temporaryDirectory()).withAuth(true, ADMIN_KEY)
                .withPrivateOutbound(true).withContextFetchTimeout(Duration.ofSeconds(2))
                // The platform's default timeout: a source that answers normally stays in the answer on a loaded
                // machine, while the fake's 10 s source is still cut off.
                .withFederation(new FederationSettings(Duration.ofSeconds(3), 1024 * 1024)));
        city = TestPlatform.start(TestPlatform.temporaryDirectory());
        fake = new FakeBroker();
        regionHttp = new Http(region.port());
        cityHttp = new Http(city.port());
        link = "<" + fake.url("/context.jsonld") + ">; rel=\"http://www.w3.org/ns/json-ld#context\"; type=\"application/ld+json\"";
    }

    @AfterAll
    static void stopRegionAndCity() {
        fake.close();
        city.close();
        region.close();
    }
}
