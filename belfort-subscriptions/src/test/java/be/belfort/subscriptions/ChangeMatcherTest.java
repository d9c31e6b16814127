package be.belfort.subscriptions;

import be.belfort.jsonld.Representation;
import be.belfort.model.Entity;
import be.belfort.model.EntityChange;
import be.belfort.query.EntitySelector;
import be.belfort.query.QueryParser;
import be.belfort.query.ScopeQuery;
import be.belfort.query.TypeExpression;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Matching a change against a subscription whose patterns would stall a backtracking engine. */
class ChangeMatcherTest {
    private static final String CATASTROPHIC = "(.*.){10}#";
    private static final String ID = "urn:ngsi-ld:Sensor:" + "x".repeat(120);

    private static Subscription subscription(String type, String idPattern, String q, String scopeQ) {
        Endpoint endpoint = new Endpoint(URI.create("http://receiver.example/notify"), Endpoint.JSON, List.of(), Map.of());
        return new Subscription("urn:ngsi-ld:Subscription:1", "", JsonNodeFactory.instance.objectNode(), null,
                List.of(new EntitySelector(List.of(), idPattern, TypeExpression.parse(type))), Set.of(),
                q == null ? null : QueryParser.parse(q), null, scopeQ == null ? null : ScopeQuery.parse(scopeQ),
                EnumSet.of(Trigger.ENTITY_CREATED), null, null, null, true,
                new Subscription.Notification(null, Representation.Format.NORMALIZED, false, false, null, endpoint),
                Instant.EPOCH, Instant.EPOCH);
    }

    private static EntityChange created(String type, String name) {
        ObjectNode instance = JsonNodeFactory.instance.objectNode().put("type", "Property").put("value", name);
        Entity entity = new Entity(ID, List.of(type), List.of("/Gent/" + "y".repeat(120)), null, null,
                Map.of("name", List.of(instance)));
        return new EntityChange(null, entity);
    }

    @Test
    void catastrophicPatternsDecideQuickly() {
        String longName = "z".repeat(120);
        for (Subscription subscription : List.of(subscription("Sensor", CATASTROPHIC, null, null),
                subscription("Sensor", null, "name~=" + CATASTROPHIC, null),
                subscription("Sensor", null, null, "/+" .repeat(30) + "/#"))) {
            long start = System.nanoTime();
            assertThat(ChangeMatcher.trigger(subscription, created("Sensor", longName))).isNull();
            // a backtracking engine took 31-62 s here; linear matching takes milliseconds, even on a busy machine
            assertThat((System.nanoTime() - start) / 1_000_000).as("ms to match").isLessThan(10_000);
        }
    }

    @Test
    void benignPatternsStillMatch() {
        assertThat(ChangeMatcher.trigger(subscription("Sensor", "^urn:ngsi-ld:Sensor:x+$", "name~=^Good", "/Gent/#"),
                created("Sensor", "Good morning"))).isEqualTo(Trigger.ENTITY_CREATED);
        assertThat(ChangeMatcher.trigger(subscription("Sensor", "^urn:ngsi-ld:Sensor:x+$", "name~=^Good", "/Leuven/#"),
                created("Sensor", "Good morning"))).isNull();
        assertThat(ChangeMatcher.trigger(subscription("Sensor", "^urn:ngsi-ld:Sensor:x+$", "name~=^Bad", null),
                created("Sensor", "Good morning"))).isNull();
        assertThat(ChangeMatcher.trigger(subscription("Other", CATASTROPHIC, null, null), created("Sensor", "Good")))
                .as("another type: the pattern is not even tried").isNull();
    }
}
