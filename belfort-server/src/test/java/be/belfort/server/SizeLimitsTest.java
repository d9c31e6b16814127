package be.belfort.server;

import be.belfort.model.EntityLimits;
import be.belfort.model.Names;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.StringJoiner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ids and names have a length limit, entities a number of types and attribute instances: over them a write
 * is a 400 naming the limit; at them, the entity is stored and stays addressable.
 */
class SizeLimitsTest {
    private static final String TENANT = "size-limits";
    private final Http http = new Http(TestPlatform.shared().port());

    private static String idOfLength(int length) {
        String prefix = "urn:ngsi-ld:T:";
        return prefix + "x".repeat(length - prefix.length());
    }

    private Http.Answer create(String body) {
        return http.post("/ngsi-ld/v1/entities", body, "NGSILD-Tenant", TENANT);
    }

    private static void assertRefused(Http.Answer answer, Object limit) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.errorType()).isEqualTo("BadRequestData");
        assertThat(answer.json().path("detail").asText()).contains(String.valueOf(limit));
    }

    @Test
    void anIdOfTheLongestLengthIsStoredAndAddressable() {
        String id = idOfLength(Names.MAX_LENGTH);
        Http.Answer created = create("{\"id\": \"" + id + "\", \"type\": \"T\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.header("Location")).endsWith(id);
        assertThat(http.get("/ngsi-ld/v1/entities/" + id, "NGSILD-Tenant", TENANT).status()).isEqualTo(200);
        assertThat(http.delete("/ngsi-ld/v1/entities/" + id, "NGSILD-Tenant", TENANT).status()).isEqualTo(204);
    }

    /** The test platform takes bodies of 256 KiB: the counts below stay within it. */
    @Test
    void longerIdsAndNamesAreRefused() {
        for (int length : new int[] {Names.MAX_LENGTH + 1, 9_000, 200_000}) {
            assertRefused(create("{\"id\": \"" + idOfLength(length) + "\", \"type\": \"T\"}"), Names.MAX_LENGTH);
        }
        // Counted in bytes of UTF-8: 'é' is two.
        assertRefused(create("{\"id\": \"urn:ngsi-ld:T:" + "é".repeat(600) + "\", \"type\": \"T\"}"), Names.MAX_LENGTH);
        assertRefused(create("{\"id\": \"urn:ngsi-ld:T:long-type\", \"type\": \"" + "T".repeat(Names.MAX_LENGTH + 1)
                + "\"}"), Names.MAX_LENGTH);
        assertRefused(create("{\"id\": \"urn:ngsi-ld:T:long-attribute\", \"type\": \"T\", \"" + "a".repeat(Names.MAX_LENGTH + 1)
                + "\": {\"type\": \"Property\", \"value\": 1}}"), Names.MAX_LENGTH);
        assertRefused(http.post("/ngsi-ld/v1/subscriptions", "{\"id\": \"urn:ngsi-ld:Subscription:" + "s".repeat(100_000)
                + "\", \"type\": \"Subscription\", \"entities\": [{\"type\": \"T\"}],"
                + " \"notification\": {\"endpoint\": {\"uri\": \"http://127.0.0.1:9/n\"}}}", "NGSILD-Tenant", TENANT),
                Names.MAX_LENGTH);
    }

    @Test
    void scopesAreCheckedWithoutRecursionAndHaveTheLengthOfNames() {
        // 2,000 segments once overflowed the stack of the scope pattern: a 500 with an empty body.
        assertRefused(create("{\"id\": \"urn:ngsi-ld:T:deep-scope\", \"type\": \"T\", \"scope\": \""
                + "/a".repeat(2_000) + "\"}"), Names.MAX_LENGTH);
        assertRefused(create("{\"id\": \"urn:ngsi-ld:T:bad-scope\", \"type\": \"T\", \"scope\": \"/a//b\"}"), "scope");
        assertThat(create("{\"id\": \"urn:ngsi-ld:T:scoped\", \"type\": \"T\", \"scope\": [\"/Gent/Centrum\", \"/"
                + "a/".repeat(300) + "b\"]}").status()).isEqualTo(201);
    }

    @Test
    void aTimeBeyondWhatTheDatabaseHoldsIsBadRequestData() {
        assertRefused(create("{\"id\": \"urn:ngsi-ld:T:far-future\", \"type\": \"T\", \"a\": {\"type\": \"Property\","
                + " \"value\": 1, \"observedAt\": \"+294277-01-01T00:00:00Z\"}}"), "between the years 1 and 9999");
    }

    @Test
    void anEntityHasAtMostSoManyTypes() {
        assertThat(create("{\"id\": \"urn:ngsi-ld:T:most-types\", \"type\": " + types(EntityLimits.MAX_TYPES) + "}")
                .status()).isEqualTo(201);
        assertRefused(create("{\"id\": \"urn:ngsi-ld:T:many-types\", \"type\": " + types(5_000) + "}"),
                EntityLimits.MAX_TYPES);
        // Types added by a later write count as well.
        Http.Answer added = http.post("/ngsi-ld/v1/entityOperations/upsert?options=update",
                "[{\"id\": \"urn:ngsi-ld:T:most-types\", \"type\": \"OneMore\"}]", "NGSILD-Tenant", TENANT);
        assertThat(added.status()).as(added.body()).isIn(207, 400);
        assertThat(added.body()).contains("at most " + EntityLimits.MAX_TYPES + " types");
        assertThat(http.get("/ngsi-ld/v1/entities/urn:ngsi-ld:T:most-types", "NGSILD-Tenant", TENANT).json()
                .path("type").size()).isEqualTo(EntityLimits.MAX_TYPES);
    }

    @Test
    void anEntityHasAtMostSoManyAttributeInstances() {
        assertThat(create("{\"id\": \"urn:ngsi-ld:T:most-attributes\", \"type\": \"T\", "
                + attributes(0, EntityLimits.MAX_ATTRIBUTE_INSTANCES) + "}").status()).isEqualTo(201);
        assertRefused(create("{\"id\": \"urn:ngsi-ld:T:many-attributes\", \"type\": \"T\", "
                + attributes(0, 2_000) + "}"), EntityLimits.MAX_ATTRIBUTE_INSTANCES);
        // Appending beyond the limit is refused too, and leaves the entity as it was.
        assertRefused(http.post("/ngsi-ld/v1/entities/urn:ngsi-ld:T:most-attributes/attrs", "{" + attributes(
                EntityLimits.MAX_ATTRIBUTE_INSTANCES, 1) + "}", "NGSILD-Tenant", TENANT), EntityLimits.MAX_ATTRIBUTE_INSTANCES);
        assertThat(http.get("/ngsi-ld/v1/entities/urn:ngsi-ld:T:most-attributes?options=keyValues", "NGSILD-Tenant", TENANT)
                .json().size()).isEqualTo(2 + EntityLimits.MAX_ATTRIBUTE_INSTANCES);
    }

    @Test
    void anEntityTooLargeForTheDatabaseIndexIsRefusedNotAFailure() {
        // Long, incompressible types of a long id do not fit one index entry (2,704 bytes): nothing is stored.
        String id = idOfLength(Names.MAX_LENGTH - 1) + "-";
        Http.Answer answer = create("{\"id\": \"" + id + "\", \"type\": " + incompressibleTypes() + "}");
        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.errorType()).isEqualTo("BadRequestData");
        assertThat(http.get("/ngsi-ld/v1/entities/" + id, "NGSILD-Tenant", TENANT).status()).isEqualTo(404);
    }

    /** Eight long random type IRIs, as a JSON array: valid NGSI-LD, but more than one PostgreSQL index entry holds. */
    static String incompressibleTypes() {
        SecureRandom random = new SecureRandom();
        StringJoiner types = new StringJoiner("\", \"", "[\"", "\"]");
        for (int i = 0; i < 8; i++) {
            byte[] noise = new byte[700];
            random.nextBytes(noise);
            types.add("https://example.org/" + Base64.getUrlEncoder().withoutPadding().encodeToString(noise));
        }
        return types.toString();
    }

    private static String types(int count) {
        StringJoiner types = new StringJoiner("\", \"", "[\"", "\"]");
        for (int i = 0; i < count; i++) {
            types.add("T" + i);
        }
        return types.toString();
    }

    private static String attributes(int from, int count) {
        StringJoiner attributes = new StringJoiner(", ");
        for (int i = from; i < from + count; i++) {
            attributes.add("\"a" + i + "\": {\"type\": \"Property\", \"value\": " + i + "}");
        }
        return attributes.toString();
    }
}
