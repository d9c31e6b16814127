package be.belfort.api;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RequestKindsTest {
    @Test
    void writesChange() {
        assertThat(RequestKinds.changes("POST", "/ngsi-ld/v1/entities")).isTrue();
        assertThat(RequestKinds.changes("PATCH", "/ngsi-ld/v1/entities/urn:a/attrs")).isTrue();
        assertThat(RequestKinds.changes("DELETE", "/ngsi-ld/v1/subscriptions/urn:s")).isTrue();
        assertThat(RequestKinds.changes("POST", "/ngsi-ld/v1/entityOperations/upsert")).isTrue();
    }

    @Test
    void readsAndQueryPostsDoNotChange() {
        assertThat(RequestKinds.changes("GET", "/ngsi-ld/v1/entities")).isFalse();
        assertThat(RequestKinds.changes("HEAD", "/ngsi-ld/v1/entities")).isFalse();
        assertThat(RequestKinds.changes("POST", "/ngsi-ld/v1/entityOperations/query")).isFalse();
        assertThat(RequestKinds.changes("POST", "/ngsi-ld/v1/temporal/entityOperations/query")).isFalse();
        assertThat(RequestKinds.changes("POST", "/ngsi-ld/v1/entityMaps")).as("makes a map of a query: a read").isFalse();
        assertThat(RequestKinds.changes("DELETE", "/ngsi-ld/v1/entityMaps/urn:m")).isTrue();
    }
}
