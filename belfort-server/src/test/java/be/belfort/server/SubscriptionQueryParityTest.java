package be.belfort.server;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A subscription's q is decided in memory, a query's q in SQL: for every expression here, the entities
 * a subscription notifies are exactly those the query returns.
 */
class SubscriptionQueryParityTest {
    private static final String TENANT = "q-parity";
    private static final Http HTTP = new Http(TestPlatform.shared().port());
    private static final List<String> EXPRESSIONS = List.of(
            "speed>50", "speed<=50", "speed==50", "speed!=50", "speed==40..60", "speed==10,50,90",
            "name==\"Alpha\"", "name~=^Al", "name!~=a$", "name>\"B\"", "open==true", "open!=true",
            "tags==\"red\"", "tags!=\"red\"", "speed.observedAt>=2024-06-01T00:00:00Z", "speed.accuracy>0.5",
            "data[size]>3", "data[kind]==\"big\"", "owner==urn:ngsi-ld:Person:1", "when>=2024-03-01T00:00:00Z",
            "day==2024-03-05", "!speed", "speed", "data[size]", "label==\"hallo\"", "(speed>20|name==\"Beta\");open==true",
            "speed>20;speed<80", "category==\"commercial\"", "name==\"2024-01-01\"",
            "name~=(?i)^al", "name~=[[:upper:]]e", "name~=\\d{4}-", "name~=^(B|b)eta$", "name!~=(?:l|p)h",
            "label[nl]==\"hallo\"", "label[en]==\"hallo\"", "label[*]==\"dag\"", "label[en]");

    private static String entity(int i) {
        int speed = new int[] {10, 50, 90, 45, 60, 80, 20, 51}[i];
        String name = new String[] {"Alpha", "Beta", "Gamma", "Alfa", "Delta", "beta", "Epsilon", "2024-01-01"}[i];
        StringBuilder json = new StringBuilder("{\"id\": \"urn:ngsi-ld:Probe:" + i + "\", \"type\": \"Probe\"");
        if (i != 3) {
            json.append(", \"speed\": {\"type\": \"Property\", \"value\": ").append(speed)
                    .append(", \"observedAt\": \"2024-0").append(1 + i).append("-15T00:00:00Z\"")
                    .append(", \"accuracy\": {\"type\": \"Property\", \"value\": ").append(i / 10.0 + 0.2).append("}}");
        }
        json.append(", \"name\": {\"type\": \"Property\", \"value\": \"").append(name).append("\"}");
        json.append(", \"open\": {\"type\": \"Property\", \"value\": ").append(i % 2 == 0).append("}");
        json.append(", \"tags\": {\"type\": \"Property\", \"value\": ").append(i % 3 == 0 ? "[\"red\", \"blue\"]" : "[\"green\"]").append("}");
        if (i % 2 == 1) {
            json.append(", \"data\": {\"type\": \"Property\", \"value\": {\"size\": ").append(i).append(", \"kind\": \"")
                    .append(i > 4 ? "big" : "small").append("\"}}");
        }
        json.append(", \"owner\": {\"type\": \"Relationship\", \"object\": \"urn:ngsi-ld:Person:").append(i % 2).append("\"}");
        json.append(", \"when\": {\"type\": \"Property\", \"value\": {\"@type\": \"DateTime\", \"@value\": \"2024-0")
                .append(1 + i).append("-01T00:00:00Z\"}}");
        json.append(", \"day\": {\"type\": \"Property\", \"value\": \"2024-03-0").append(1 + i).append("\"}");
        json.append(", \"label\": {\"type\": \"LanguageProperty\", \"languageMap\": {\"nl\": \"").append(i < 4 ? "hallo" : "dag")
                .append("\", \"en\": \"hello\"}}");
        json.append(", \"category\": {\"type\": \"VocabProperty\", \"vocab\": \"").append(i % 2 == 0 ? "commercial" : "public").append("\"}");
        json.append(", \"touch\": {\"type\": \"Property\", \"value\": 0}}");
        return json.toString();
    }

    @Test
    void subscriptionsNotifyExactlyTheEntitiesAQueryReturns() {
        for (int i = 0; i < 8; i++) {
            assertThat(HTTP.post("/ngsi-ld/v1/entities", entity(i), "NGSILD-Tenant", TENANT).status()).isEqualTo(201);
        }
        try (Receiver receiver = new Receiver()) {
            List<String> subscriptions = new ArrayList<>();
            for (int q = 0; q < EXPRESSIONS.size(); q++) {
                Http.Answer created = HTTP.post("/ngsi-ld/v1/subscriptions", """
                        {"type": "Subscription", "entities": [{"type": "Probe"}], "watchedAttributes": ["touch"],
                         "q": %s, "notification": {"format": "keyValues", "attributes": ["touch"],
                         "endpoint": {"uri": "%s", "receiverInfo": [{"key": "X-Q", "value": "%d"}]}}}"""
                        .formatted(quoted(EXPRESSIONS.get(q)), receiver.url(), q), "NGSILD-Tenant", TENANT);
                assertThat(created.status()).as(EXPRESSIONS.get(q) + ": " + created.body()).isEqualTo(201);
                subscriptions.add(created.header("Location"));
            }
            int expectedNotifications = 0;
            List<Set<String>> expected = new ArrayList<>();
            for (String q : EXPRESSIONS) {
                Set<String> ids = ids(q);
                expected.add(ids);
                expectedNotifications += ids.size();
            }
            assertThat(expectedNotifications).as("the expressions select something").isGreaterThan(40);
            for (int i = 0; i < 8; i++) {
                assertThat(HTTP.patch("/ngsi-ld/v1/entities/urn:ngsi-ld:Probe:" + i + "/attrs",
                        "{\"touch\": {\"type\": \"Property\", \"value\": 1}}", "NGSILD-Tenant", TENANT).status()).isEqualTo(204);
            }
            receiver.await(expectedNotifications, r -> true);
            List<Receiver.Received> received = receiver.settle();
            for (int q = 0; q < EXPRESSIONS.size(); q++) {
                String index = Integer.toString(q);
                Set<String> notified = received.stream().filter(r -> index.equals(r.header("X-Q")))
                        .map(r -> r.body().get("data").get(0).get("id").asText()).collect(Collectors.toCollection(TreeSet::new));
                assertThat(notified).as("q=" + EXPRESSIONS.get(q)).isEqualTo(expected.get(q));
            }
            subscriptions.forEach(location -> HTTP.delete(location, "NGSILD-Tenant", TENANT));
        }
    }

    private static Set<String> ids(String q) {
        Http.Answer answer = HTTP.get("/ngsi-ld/v1/entities?type=Probe&limit=100&q="
                + java.net.URLEncoder.encode(q, java.nio.charset.StandardCharsets.UTF_8), "NGSILD-Tenant", TENANT);
        assertThat(answer.status()).as(q + ": " + answer.body()).isEqualTo(200);
        return StreamSupport.stream(answer.json().spliterator(), false).map(e -> e.get("id").asText())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static String quoted(String text) {
        return com.fasterxml.jackson.databind.node.TextNode.valueOf(text).toString();
    }
}
