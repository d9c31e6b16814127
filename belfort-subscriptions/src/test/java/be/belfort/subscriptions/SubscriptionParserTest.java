package be.belfort.subscriptions;

import be.belfort.jsonld.Representation;
import be.belfort.model.ErrorType;
import be.belfort.model.NgsiLdException;
import be.belfort.query.TypeExpression;
import org.assertj.core.api.AbstractStringAssert;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static be.belfort.subscriptions.Parsing.subscription;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Subscription payloads (clause 5.2.12) read into subscriptions, and every mistake a BadRequestData naming it. */
class SubscriptionParserTest {
    private static final String DEFAULT = "https://uri.etsi.org/ngsi-ld/default-context/";
    private static final String ENDPOINT = "\"notification\": {\"endpoint\": {\"uri\": \"http://receiver.example/notify\"}}";

    @Test
    void aMinimalSubscriptionGetsAnIdAndTheDefaults() {
        Subscription subscription = subscription("""
                {"type": "Subscription", "entities": [{"type": "OffStreetParking"}], %s}""".formatted(ENDPOINT));

        assertThat(subscription.id()).startsWith("urn:ngsi-ld:Subscription:");
        assertThat(subscription.entities()).hasSize(1);
        assertThat(subscription.entities().get(0).type()).isEqualTo(new TypeExpression.Name(DEFAULT + "OffStreetParking"));
        assertThat(subscription.triggers()).isEqualTo(Trigger.DEFAULT);
        assertThat(subscription.active()).isTrue();
        assertThat(subscription.notification().format()).isEqualTo(Representation.Format.NORMALIZED);
        assertThat(subscription.notification().endpoint().accept()).isEqualTo(Endpoint.JSON);
        assertThat(subscription.notification().endpoint().uri()).isEqualTo(URI.create("http://receiver.example/notify"));
    }

    @Test
    void namesAreExpandedWithTheContextAndMembersTheBrokerKeepsAreDropped() {
        Subscription subscription = subscription("""
                {"id": "urn:ngsi-ld:Subscription:full", "type": "Subscription",
                 "watchedAttributes": ["availableSpotNumber"], "q": "availableSpotNumber<10",
                 "notificationTrigger": ["attributeUpdated", "entityDeleted"], "throttling": 5,
                 "status": "expired", "createdAt": "2000-01-01T00:00:00Z", "isActive": false,
                 "notification": {"attributes": ["name"], "format": "keyValues", "timesSent": 99,
                     "endpoint": {"uri": "mqtt://broker.example:1883/parkings", "accept": "application/ld+json",
                         "notifierInfo": [{"key": "MQTT-QoS", "value": "1"}]}}}""");

        assertThat(subscription.id()).isEqualTo("urn:ngsi-ld:Subscription:full");
        assertThat(subscription.watchedAttributes()).containsExactly(DEFAULT + "availableSpotNumber");
        assertThat(subscription.notification().attributes()).containsExactly(DEFAULT + "name");
        assertThat(subscription.notification().format()).isEqualTo(Representation.Format.KEY_VALUES);
        assertThat(subscription.triggers()).containsExactlyInAnyOrder(Trigger.ATTRIBUTE_UPDATED, Trigger.ENTITY_DELETED);
        assertThat(subscription.throttling()).isEqualTo(5);
        assertThat(subscription.active()).isFalse();
        assertThat(subscription.payload().has("status")).isFalse();
        assertThat(subscription.payload().has("createdAt")).isFalse();
        assertThat(subscription.payload().get("notification").has("timesSent")).isFalse();
        assertThat(subscription.notification().endpoint().notifierInfo()).containsEntry("MQTT-QoS", "1");
    }

    @Test
    void theTypeAndATargetAreRequired() {
        assertBadData("{\"type\": \"Sub\", \"entities\": [{\"type\": \"T\"}], " + ENDPOINT + "}").contains("Subscription");
        assertBadData("{\"type\": \"Subscription\", " + ENDPOINT + "}").contains("entities or watchedAttributes");
        assertBadData("{\"type\": \"Subscription\", \"entities\": [{\"id\": \"urn:x:1\"}], " + ENDPOINT + "}")
                .contains("type");
        assertBadData("{\"type\": \"Subscription\", \"entities\": [{\"type\": \"T\"}]}").contains("notification");
        assertBadData("{\"type\": \"Subscription\", \"id\": \"not a uri\", \"entities\": [{\"type\": \"T\"}], " + ENDPOINT + "}");
    }

    @Test
    void endpointsMustBeReachableUris() {
        assertBadEndpoint("{\"uri\": \"ftp://receiver.example/x\"}").contains("scheme");
        assertBadEndpoint("{\"uri\": \"/relative\"}").contains("absolute");
        assertBadEndpoint("{\"uri\": \"http://receiver.example:0/x\"}").contains("port");
        assertBadEndpoint("{\"uri\": \"http://255.255.255.255/x\"}").contains("broadcast");
        assertBadEndpoint("{\"uri\": \"mqtt://broker.example\"}").contains("topic");
        assertBadEndpoint("{\"uri\": \"http://receiver.example/\", \"accept\": \"text/plain\"}").contains("accept");
        assertBadEndpoint("{\"uri\": \"http://receiver.example/\", \"receiverInfo\": [{\"key\": \"Bad Header\", \"value\": \"v\"}]}")
                .contains("Bad Header");
        assertBadEndpoint("{\"uri\": \"http://receiver.example/\", \"receiverInfo\": [{\"key\": \"X-A\", \"value\": \"a\\r\\nX-B: b\"}]}")
                .contains("not a valid header");
        assertBadEndpoint("{\"uri\": \"mqtt://broker.example/t\", \"notifierInfo\": [{\"key\": \"MQTT-QoS\", \"value\": \"3\"}]}")
                .contains("MQTT-QoS");
    }

    @Test
    void conflictingAndMalformedMembersAreRefused() {
        assertBadData(withTarget("\"watchedAttributes\": [\"a\"], \"timeInterval\": 10")).contains("timeInterval");
        assertBadData(withEntities("\"timeInterval\": 10, \"throttling\": 5")).contains("throttling");
        assertBadData(withEntities("\"throttling\": 0")).contains("positive");
        assertBadData(withEntities("\"throttling\": 1.5")).contains("positive");
        assertBadData(withEntities("\"watchedAttributes\": []")).contains("non-empty");
        assertBadData(withEntities("\"notificationTrigger\": [\"entityTouched\"]")).contains("entityTouched");
        assertBadData(withEntities("\"isActive\": \"yes\"")).contains("isActive");
        assertBadData(withEntities("\"expiresAt\": \"2020-01-01T00:00:00Z\"")).contains("future");
        assertBadData(withEntities("\"q\": \"availableSpotNumber>\"")).contains("q");
        assertBadData(withEntities("\"geoQ\": {\"georel\": \"near;maxDistance==10\", \"geometry\": \"Point\"}"));
        assertBadData(withEntities("\"jsonldContext\": \"file:///etc/passwd\"")).contains("jsonldContext");
        assertBadData("{\"type\": \"Subscription\", \"entities\": [{\"type\": \"T\"}], \"notification\": "
                + "{\"format\": \"xml\", \"endpoint\": {\"uri\": \"http://receiver.example/\"}}}").contains("format");
    }

    @Test
    void anExpiredSubscriptionIsReadAsStoredWhenExpiryIsNotChecked() {
        Subscription stored = SubscriptionParser.parse("", Parsing.object(withEntities("\"expiresAt\": \"2020-01-01T00:00:00Z\"")),
                Parsing.CORE, null, Parsing.NOW, Parsing.NOW, Parsing.NOW, false);
        assertThat(stored.expiresAt()).isEqualTo("2020-01-01T00:00:00Z");
    }

    private static String withEntities(String members) {
        return withTarget("\"entities\": [{\"type\": \"OffStreetParking\"}], " + members);
    }

    private static String withTarget(String members) {
        return "{\"type\": \"Subscription\", " + members + ", " + ENDPOINT + "}";
    }

    private static AbstractStringAssert<?> assertBadEndpoint(String endpoint) {
        return assertBadData("{\"type\": \"Subscription\", \"entities\": [{\"type\": \"T\"}], \"notification\": {\"endpoint\": "
                + endpoint + "}}");
    }

    private static AbstractStringAssert<?> assertBadData(String json) {
        Throwable thrown = catchThrowable(() -> subscription(json));
        assertThat(thrown).as(json).isInstanceOf(NgsiLdException.class);
        assertThat(((NgsiLdException) thrown).type()).isEqualTo(ErrorType.BAD_REQUEST_DATA);
        return assertThat(((NgsiLdException) thrown).detail());
    }
}
