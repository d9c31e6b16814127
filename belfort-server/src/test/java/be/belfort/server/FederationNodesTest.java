package be.belfort.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Federation on several nodes sharing one PostgreSQL: a registration written through one node is used by the
 * others, the status figures of sources and of registration notifications add up across nodes and survive them,
 * and a registration notification that a stopping node could not deliver is delivered by another.
 */
class FederationNodesTest {
    private static final String ADMIN_KEY = "federation-nodes-admin-key-0123456789";
    private static final String REGISTRATIONS = "/ngsi-ld/v1/csourceRegistrations";
    private static StandalonePostgres postgres;
    private static Platform a;
    private static Platform b;
    private static Http httpA;
    private static Http httpB;
    private static FakeBroker fake;

    @BeforeAll
    static void start() {
        postgres = StandalonePostgres.start();
        a = Platform.start(postgres.node(ADMIN_KEY));
        b = Platform.start(postgres.node(ADMIN_KEY));
        httpA = new Http(a.port());
        httpB = new Http(b.port());
        fake = new FakeBroker();
    }

    @AfterAll
    static void stop() {
        fake.close();
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
        postgres.close();
    }

    private static String[] asAdmin(String tenant) {
        return new String[] {"X-API-Key", ADMIN_KEY, "NGSILD-Tenant", tenant};
    }

    private static String register(Http http, String tenant, String endpoint) {
        Http.Answer created = http.post(REGISTRATIONS, """
                {"type": "ContextSourceRegistration", "information": [{"entities": [{"type": "Sensor"}]}],
                 "endpoint": "%s"}""".formatted(endpoint), asAdmin(tenant));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.header("Location");
    }

    /** Asks until the answer passes the test (at most 10 s), for what another node shares within seconds. */
    private static JsonNode eventually(Http http, String path, String tenant, Predicate<JsonNode> test) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            Http.Answer answer = http.get(path, asAdmin(tenant));
            last = answer.status() == 200 ? answer.json() : null;
            if (last != null && test.test(last)) {
                return last;
            }
            pause(100);
        }
        return last;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void anEntityMapMadeThroughOneNodePagesTheQueryThroughAnother() {
        String tenant = "nodes-maps";
        for (String name : new String[] {"m1", "m2", "m3"}) {
            Http.Answer created = httpA.post("/ngsi-ld/v1/entities", """
                    {"id": "urn:ngsi-ld:Sensor:%s", "type": "Sensor"}""".formatted(name), asAdmin(tenant));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
        }
        String query = "/ngsi-ld/v1/entities?type=Sensor&limit=2";
        Http.Answer first = httpA.get(query + "&entityMap=true", asAdmin(tenant));
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        String map = first.header("NGSILD-EntityMap");
        assertThat(httpA.post("/ngsi-ld/v1/entities", "{\"id\": \"urn:ngsi-ld:Sensor:m0\", \"type\": \"Sensor\"}",
                asAdmin(tenant)).status()).isEqualTo(201);

        Http.Answer second = httpB.get(query + "&offset=2", "X-API-Key", ADMIN_KEY, "NGSILD-Tenant", tenant,
                "NGSILD-EntityMap", map);
        assertThat(second.status()).as("the map is in the database: the other node uses it").isEqualTo(200);
        assertThat(second.json()).singleElement().satisfies(entity ->
                assertThat(entity.get("id").asText()).isEqualTo("urn:ngsi-ld:Sensor:m3"));
        assertThat(httpB.get(map, asAdmin(tenant)).json().get("entityMap")).hasSize(3);
        assertThat(httpB.delete(map, asAdmin(tenant)).status()).isEqualTo(204);
        assertThat(httpA.get(map, asAdmin(tenant)).status()).isEqualTo(404);
    }

    @Test
    void aRegistrationWrittenThroughOneNodeIsUsedByAnotherWhoseFiguresEveryNodeShows() {
        String tenant = "fednodes-figures";
        String echo = register(httpA, tenant, fake.url("/echo"));
        String error = register(httpA, tenant, fake.url("/error"));
        pause(1000);

        Http.Answer answer = httpB.get("/ngsi-ld/v1/entities?type=Sensor", asAdmin(tenant));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json()).extracting(entity -> entity.get("id").asText())
                .as("node B asks the source registered through node A").containsExactly("urn:ngsi-ld:Sensor:echo");
        assertThat(answer.header("Warning")).contains(fake.url("/error"));
        assertThat(httpA.get("/ngsi-ld/v1/entities?type=Sensor", asAdmin(tenant)).status()).isEqualTo(200);

        JsonNode failing = eventually(httpA, error, tenant, shown -> shown.path("timesSent").asLong() >= 2);
        assertThat(failing.get("status").asText()).isEqualTo("failed");
        assertThat(failing.get("timesFailed").asLong()).as("node A's and node B's requests add up").isEqualTo(2);
        assertThat(failing.has("lastFailure")).isTrue();
        JsonNode answering = eventually(httpB, echo, tenant, shown -> shown.path("timesSent").asLong() >= 2);
        assertThat(answering.get("status").asText()).isEqualTo("ok");
        assertThat(answering.get("timesFailed").asLong()).isZero();
        assertThat(answering.has("lastSuccess")).isTrue();

        assertThat(httpB.delete(error, asAdmin(tenant)).status()).isEqualTo(204);
        pause(1000);
        assertThat(httpA.get(error, asAdmin(tenant)).status()).isEqualTo(404);
        assertThat(httpA.get("/ngsi-ld/v1/entities?type=Sensor", asAdmin(tenant)).header("Warning"))
                .as("the registration deleted through node B is no longer asked by node A").isNull();
    }

    @Test
    void aRegistrationNotificationThatAStoppingNodeCouldNotDeliverIsDeliveredByAnother() throws Exception {
        String tenant = "fednodes-notify";
        try (Receiver receiver = new Receiver()) {
            receiver.mode(Receiver.Mode.FAIL);
            Http.Answer subscribed = httpA.post("/ngsi-ld/v1/csourceSubscriptions", """
                    {"type": "Subscription", "entities": [{"type": "Sensor"}],
                     "notification": {"endpoint": {"uri": "%s"}}}""".formatted(receiver.url()), asAdmin(tenant));
            assertThat(subscribed.status()).as(subscribed.body()).isEqualTo(201);
            String subscription = subscribed.header("Location");
            Platform c = Platform.start(postgres.node(ADMIN_KEY));
            try {
                pause(1000);
                register(new Http(c.port()), tenant, "http://city.example.org");
                // Node C tried once, failed, and waits before its next attempt: it stops then.
                pause(300);
            } finally {
                c.close();
            }
            receiver.mode(Receiver.Mode.OK);
            assertThat(receiver.await(1, received -> true)).as("delivered by another node").singleElement()
                    .satisfies(received -> {
                        assertThat(received.body().get("triggerReason").asText()).isEqualTo("newlyMatching");
                        assertThat(received.body().at("/data/0/endpoint").asText()).isEqualTo("http://city.example.org");
                    });
            JsonNode shown = eventually(httpB, subscription, tenant,
                    s -> s.at("/notification/lastSuccess").isTextual());
            assertThat(shown.at("/notification/timesFailed").asLong()).as("node C's attempt").isGreaterThanOrEqualTo(1);
            assertThat(shown.at("/notification/status").asText()).isEqualTo("ok");
            assertThat(shown.at("/notification/timesSent").asLong()).isGreaterThanOrEqualTo(2);
            assertThat(receiver.settle()).as("delivered once").hasSize(1);
        }
    }
}
