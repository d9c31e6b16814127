package be.belfort.subscriptions;

import be.belfort.model.Entity;
import be.belfort.model.EntityChange;
import be.belfort.model.EntityChanges;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static be.belfort.subscriptions.Parsing.CORE;
import static be.belfort.subscriptions.Parsing.entity;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which committed changes notify a subscription, and with which trigger (clause 5.8.6, notificationTrigger of
 * 5.2.12): selection by type and idPattern, q, geoQ and scopeQ on the entity as the change leaves it, and the
 * watched attributes the change touched.
 */
class ChangeTriggersTest {
    private static final Instant CREATED = Instant.parse("2026-03-01T10:00:00Z");
    private static final Instant CHANGED = Instant.parse("2026-03-01T11:00:00Z");
    private static final String PARKING = """
            {"id": "urn:ngsi-ld:OffStreetParking:gent-1", "type": "OffStreetParking", "scope": "/Gent/Centrum",
             "availableSpotNumber": {"type": "Property", "value": 120},
             "name": {"type": "Property", "value": "Vrijdagmarkt"},
             "location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [3.7254, 51.0571]}}}""";

    @Test
    void aCreationFiresEntityCreatedOrElseAttributeCreatedOfAWatchedAttribute() {
        assertThat(trigger(subscription("\"notificationTrigger\": [\"entityCreated\"]"), created())).isEqualTo(Trigger.ENTITY_CREATED);
        assertThat(trigger(subscription(""), created())).as("default triggers").isEqualTo(Trigger.ATTRIBUTE_CREATED);
        assertThat(trigger(subscription("\"watchedAttributes\": [\"status\"]"), created())).isNull();
        assertThat(trigger(subscription("\"notificationTrigger\": [\"entityDeleted\"]"), created())).isNull();
    }

    @Test
    void anUpdateFiresOnlyForTheWatchedAttributesItWrote() {
        EntityChange spots = update("availableSpotNumber", 7);

        assertThat(trigger(subscription("\"watchedAttributes\": [\"availableSpotNumber\"]"), spots))
                .isEqualTo(Trigger.ATTRIBUTE_UPDATED);
        assertThat(trigger(subscription("\"watchedAttributes\": [\"name\"]"), spots)).isNull();
        assertThat(trigger(subscription("\"watchedAttributes\": [\"name\", \"availableSpotNumber\"]"), spots))
                .isEqualTo(Trigger.ATTRIBUTE_UPDATED);
        assertThat(trigger(subscription("\"notificationTrigger\": [\"entityUpdated\"]"), spots))
                .isEqualTo(Trigger.ENTITY_UPDATED);
        assertThat(trigger(subscription("\"notificationTrigger\": [\"attributeCreated\"]"), spots)).isNull();
    }

    @Test
    void anAttributeTheEntityDidNotHaveIsCreatedNotUpdated() {
        EntityChange status = update("status", "open");

        assertThat(trigger(subscription(""), status)).isEqualTo(Trigger.ATTRIBUTE_CREATED);
        assertThat(trigger(subscription("\"notificationTrigger\": [\"attributeUpdated\"]"), status)).isNull();
    }

    @Test
    void deletionsFireTheirOwnTriggers() {
        Entity before = stored();
        Entity after = before.copy();
        EntityChanges.deleteAttribute(after, CORE.expand("name"), null, false, CHANGED);
        EntityChange attributeDeleted = new EntityChange(before, after);

        assertThat(trigger(subscription("\"notificationTrigger\": [\"attributeDeleted\"]"), attributeDeleted))
                .isEqualTo(Trigger.ATTRIBUTE_DELETED);
        assertThat(trigger(subscription(""), attributeDeleted)).as("not among the default triggers").isNull();
        assertThat(trigger(subscription("\"watchedAttributes\": [\"availableSpotNumber\"],"
                + " \"notificationTrigger\": [\"attributeDeleted\"]"), attributeDeleted)).isNull();

        EntityChange entityDeleted = new EntityChange(stored(), null);
        assertThat(trigger(subscription("\"notificationTrigger\": [\"entityDeleted\"]"), entityDeleted))
                .isEqualTo(Trigger.ENTITY_DELETED);
        assertThat(trigger(subscription(""), entityDeleted)).isNull();
    }

    @Test
    void qIsEvaluatedOnTheEntityAsTheChangeLeavesIt() {
        Subscription fewSpots = subscription("\"q\": \"availableSpotNumber<10\"");

        assertThat(trigger(fewSpots, update("availableSpotNumber", 7))).isEqualTo(Trigger.ATTRIBUTE_UPDATED);
        assertThat(trigger(fewSpots, update("availableSpotNumber", 70))).isNull();
        assertThat(trigger(fewSpots, update("name", "Vrijdagmarkt Noord"))).as("q fails on the unchanged value").isNull();
    }

    @Test
    void typesAndIdPatternsSelect() {
        assertThat(trigger(subscription("entities", "[{\"type\": \"Bench\"}]", ""), created())).isNull();
        assertThat(trigger(subscription("entities", "[{\"type\": \"Bench|OffStreetParking\"}]", ""), created()))
                .isEqualTo(Trigger.ATTRIBUTE_CREATED);
        assertThat(trigger(subscription("entities", "[{\"type\": \"OffStreetParking\", \"idPattern\": \"^urn:ngsi-ld:OffStreetParking:gent-.*\"}]", ""),
                created())).isEqualTo(Trigger.ATTRIBUTE_CREATED);
        assertThat(trigger(subscription("entities", "[{\"type\": \"OffStreetParking\", \"idPattern\": \"brugge\"}]", ""),
                created())).isNull();
        assertThat(trigger(subscription("entities", "[{\"type\": \"OffStreetParking\", \"id\": \"urn:ngsi-ld:OffStreetParking:other\"}]", ""),
                created())).isNull();
    }

    @Test
    void geoQueriesAndScopeQueriesSelectWhereTheEntityIs() {
        String nearCentre = "\"geoQ\": {\"georel\": \"near;maxDistance==500\", \"geometry\": \"Point\", \"coordinates\": [3.7250, 51.0540]}";
        String nearStation = "\"geoQ\": {\"georel\": \"near;maxDistance==500\", \"geometry\": \"Point\", \"coordinates\": [3.7105, 51.0356]}";

        assertThat(trigger(subscription(nearCentre), created())).isEqualTo(Trigger.ATTRIBUTE_CREATED);
        assertThat(trigger(subscription(nearStation), created())).isNull();
        assertThat(trigger(subscription("\"scopeQ\": \"/Gent/#\""), created())).isEqualTo(Trigger.ATTRIBUTE_CREATED);
        assertThat(trigger(subscription("\"scopeQ\": \"/Gent/Zuid\""), created())).isNull();
    }

    private static Trigger trigger(Subscription subscription, EntityChange change) {
        return ChangeMatcher.trigger(subscription, change);
    }

    private static Subscription subscription(String members) {
        return subscription("entities", "[{\"type\": \"OffStreetParking\"}]", members);
    }

    private static Subscription subscription(String target, String value, String members) {
        return Parsing.subscription("{\"type\": \"Subscription\", \"" + target + "\": " + value
                + (members.isEmpty() ? "" : ", " + members)
                + ", \"notification\": {\"endpoint\": {\"uri\": \"http://receiver.example/notify\"}}}");
    }

    private static Entity stored() {
        Entity entity = entity(PARKING);
        EntityChanges.stampNew(entity, CREATED);
        return entity;
    }

    private static EntityChange created() {
        return new EntityChange(null, stored());
    }

    /** Append Entity Attributes of one attribute with a new value, as the service applies it. */
    private static EntityChange update(String attribute, Object value) {
        Entity before = stored();
        Entity after = before.copy();
        EntityChanges.append(after, new be.belfort.jsonld.EntityReader().readAttributes(Parsing.object(
                "{\"" + attribute + "\": {\"type\": \"Property\", \"value\": " + Parsing.JSON.valueToTree(value) + "}}"),
                CORE, null, be.belfort.jsonld.EntityReader.Nulls.REJECT), false, CHANGED);
        return new EntityChange(before, after);
    }
}
