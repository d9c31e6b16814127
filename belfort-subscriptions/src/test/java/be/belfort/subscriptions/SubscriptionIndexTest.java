package be.belfort.subscriptions;

import be.belfort.model.Entity;
import be.belfort.model.Reader;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The subscriptions a change is matched against: those that may select its entity by id or type, and those whose
 * selectors require neither; never one that cannot select it, and each once.
 */
class SubscriptionIndexTest {
    private static final Entity PARKING = Parsing.entity("""
            {"id": "urn:ngsi-ld:OffStreetParking:1", "type": ["OffStreetParking", "Building"]}""");

    private final List<Subscriptions.Entry> entries = new ArrayList<>();

    @Test
    void aChangeMeetsTheSubscriptionsOfItsIdItsTypesAndThoseThatRequireNeither() {
        Subscriptions.Entry byId = add("""
                {"type": "Subscription", "entities": [{"id": "urn:ngsi-ld:OffStreetParking:1", "type": "OffStreetParking"}],
                 "notification": {"endpoint": {"uri": "http://receiver.example/a"}}}""");
        Subscriptions.Entry otherId = add("""
                {"type": "Subscription", "entities": [{"id": "urn:ngsi-ld:OffStreetParking:2", "type": "OffStreetParking"}],
                 "notification": {"endpoint": {"uri": "http://receiver.example/a"}}}""");
        Subscriptions.Entry byType = add("""
                {"type": "Subscription", "entities": [{"type": "Building"}],
                 "notification": {"endpoint": {"uri": "http://receiver.example/a"}}}""");
        Subscriptions.Entry allOf = add("""
                {"type": "Subscription", "entities": [{"type": "Building;OffStreetParking"}],
                 "notification": {"endpoint": {"uri": "http://receiver.example/a"}}}""");
        Subscriptions.Entry otherType = add("""
                {"type": "Subscription", "entities": [{"type": "Sensor"}],
                 "notification": {"endpoint": {"uri": "http://receiver.example/a"}}}""");
        Subscriptions.Entry anyOf = add("""
                {"type": "Subscription", "entities": [{"type": "Sensor,Road"}],
                 "notification": {"endpoint": {"uri": "http://receiver.example/a"}}}""");
        Subscriptions.Entry bothTypes = add("""
                {"type": "Subscription", "entities": [{"type": "OffStreetParking"}, {"type": "Building"}],
                 "notification": {"endpoint": {"uri": "http://receiver.example/a"}}}""");
        Subscriptions.Entry noEntities = add("""
                {"type": "Subscription", "watchedAttributes": ["name"],
                 "notification": {"endpoint": {"uri": "http://receiver.example/a"}}}""");

        Collection<Subscriptions.Entry> candidates = SubscriptionIndex.of(entries, 0).candidates(PARKING);

        assertThat(candidates).containsExactlyInAnyOrder(byId, byType, allOf, anyOf, bothTypes, noEntities)
                .doesNotContain(otherId, otherType);
        assertThat(candidates).doesNotHaveDuplicates();
    }

    @Test
    void everySubscriptionThatMatchesIsACandidate() {
        Stream.of("OffStreetParking", "Building", "Sensor", "Building;OffStreetParking", "Sensor,Building",
                "(Sensor;Building),OffStreetParking").forEach(type -> add("""
                {"type": "Subscription", "entities": [{"type": "%s"}],
                 "notification": {"endpoint": {"uri": "http://receiver.example/a"}}}""".formatted(type)));

        Collection<Subscriptions.Entry> candidates = SubscriptionIndex.of(entries, 0).candidates(PARKING);

        assertThat(entries.stream().filter(entry -> ChangeMatcher.matches(entry.subscription(), PARKING)))
                .allMatch(candidates::contains);
    }

    private Subscriptions.Entry add(String json) {
        Subscription subscription = Parsing.subscription(json);
        Subscriptions.Entry entry = new Subscriptions.Entry(subscription, null, new DeliveryStatus("", subscription.id()), Reader.ANONYMOUS,
                Parsing.CORE);
        entries.add(entry);
        return entry;
    }
}
