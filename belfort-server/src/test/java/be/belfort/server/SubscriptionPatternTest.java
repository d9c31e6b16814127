package be.belfort.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Regular expressions from clients: a subscription's idPattern, q (~=) and scopeQ are matched against every
 * change of its tenant inside the write's transaction, so a pattern that makes a backtracking engine take
 * seconds would stall every write of the tenant. They are matched in linear time, and the patterns the
 * platform cannot run the same way in memory and in PostgreSQL are refused with 400 on subscribing and
 * on querying alike.
 */
class SubscriptionPatternTest {
    private static final String TENANT = "sub-hostile-patterns";
    private static final Http HTTP = new Http(TestPlatform.shared().port());
    private static final Receiver RECEIVER = new Receiver();
    private static final String CATASTROPHIC = "(.*.){10}#";
    private static final String LONG = "x".repeat(60);

    @AfterAll
    static void stopReceiver() {
        RECEIVER.close();
    }

    private static Http.Answer subscribe(String members) {
        return HTTP.post("/ngsi-ld/v1/subscriptions", """
                {"type": "Subscription", %s,
                 "notification": {"format": "keyValues", "endpoint": {"uri": "%s"}}}""".formatted(members, RECEIVER.url()),
                "NGSILD-Tenant", TENANT);
    }

    private static String json(String text) {
        return com.fasterxml.jackson.databind.node.TextNode.valueOf(text).toString();
    }

    @Test
    void catastrophicPatternsDoNotStallTheWritesOfTheirTenant() {
        assertThat(subscribe("\"entities\": [{\"type\": \"Sensor\", \"idPattern\": " + json(CATASTROPHIC) + "}]").status())
                .isEqualTo(201);
        assertThat(subscribe("\"entities\": [{\"type\": \"Sensor\"}], \"q\": " + json("name~=" + CATASTROPHIC)).status())
                .isEqualTo(201);
        assertThat(subscribe("\"entities\": [{\"type\": \"Sensor\"}], \"scopeQ\": " + json("/+".repeat(40) + "/#")).status())
                .isEqualTo(201);
        Http.Answer benign = subscribe("\"entities\": [{\"type\": \"Sensor\", \"idPattern\": \"^urn:ngsi-ld:Sensor:ok-\"}],"
                + " \"q\": \"name~=^Good\", \"scopeQ\": \"/Gent/#\"");
        assertThat(benign.status()).isEqualTo(201);
        String benignId = benign.header("Location").substring(benign.header("Location").lastIndexOf('/') + 1);

        for (int i = 0; i < 5; i++) {
            String prefix = i % 2 == 0 ? "ok-" : "other-";
            String body = """
                    {"id": "urn:ngsi-ld:Sensor:%s%d-%s", "type": "Sensor", "scope": "/Gent/%s",
                     "name": {"type": "Property", "value": "Good %s"}}""".formatted(prefix, i, LONG, LONG, LONG);
            long start = System.nanoTime();
            Http.Answer created = HTTP.post("/ngsi-ld/v1/entities", body, "NGSILD-Tenant", TENANT);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            assertThat(millis).as("a write next to subscriptions with catastrophic patterns, in ms").isLessThan(2_000);
        }

        List<Receiver.Received> notified = RECEIVER.await(3, r -> benignId.equals(r.body().path("subscriptionId").asText()));
        assertThat(notified).extracting(r -> r.body().get("data").get(0).get("id").asText())
                .containsExactlyInAnyOrder("urn:ngsi-ld:Sensor:ok-0-" + LONG, "urn:ngsi-ld:Sensor:ok-2-" + LONG,
                        "urn:ngsi-ld:Sensor:ok-4-" + LONG);
    }

    @Test
    void patternsTheEnginesReadDifferentlyAreRefusedBySubscriptionsAndQueriesAlike() {
        for (String regex : List.of("(a)\\1", "(?=a)", "\\bword", "((a{100}){100}){100}", "a".repeat(1001))) {
            Http.Answer byId = subscribe("\"entities\": [{\"type\": \"Sensor\", \"idPattern\": " + json(regex) + "}]");
            assertThat(byId.status()).as(regex + ": " + byId.body()).isEqualTo(400);
            assertThat(byId.json().path("type").asText()).isEqualTo("https://uri.etsi.org/ngsi-ld/errors/BadRequestData");
            assertThat(byId.json().path("detail").asText()).contains("idPattern cannot be used");
            Http.Answer byQ = subscribe("\"entities\": [{\"type\": \"Sensor\"}], \"q\": " + json("name~=" + regex));
            assertThat(byQ.status()).as(regex + ": " + byQ.body()).isEqualTo(400);

            Http.Answer query = HTTP.get("/ngsi-ld/v1/entities?type=Sensor&idPattern=" + URLEncoder.encode(regex, StandardCharsets.UTF_8),
                    "NGSILD-Tenant", TENANT);
            assertThat(query.status()).as(regex + ": " + query.body()).isEqualTo(400);
            Http.Answer queryQ = HTTP.get("/ngsi-ld/v1/entities?type=Sensor&q=" + URLEncoder.encode("name~=" + regex, StandardCharsets.UTF_8),
                    "NGSILD-Tenant", TENANT);
            assertThat(queryQ.status()).as(regex + ": " + queryQ.body()).isEqualTo(400);
        }
    }
}
