package be.belfort.query;

import be.belfort.query.DistributedWrites.Operation;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DistributedWritesTest {
    @Test
    void theWritesOfOneAttributeNameItInThePathAndKeepTheirBody() {
        assertThat(Operation.UPDATE_ATTR.path("urn:ngsi-ld:Room:1", "occupancy"))
                .isEqualTo("/ngsi-ld/v1/entities/urn%3Angsi-ld%3ARoom%3A1/attrs/occupancy");
        assertThat(Operation.REPLACE_ATTR.method()).isEqualTo("PUT");
        assertThat(Operation.UPDATE_ATTR.method()).isEqualTo("PATCH");
        assertThat(Operation.UPDATE_ATTR.namesAttribute()).isTrue();
        assertThat(Operation.REPLACE_ATTR.deletesAttribute()).as("a replacement sends its attribute").isFalse();
        assertThat(Operation.DELETE_ATTRS.namesAttribute()).isTrue();
        assertThat(Operation.UPDATE_ATTRS.namesAttribute()).as("PATCH /attrs names none in its path").isFalse();
        assertThat(Operation.UPDATE_ATTRS.operationName()).as("Update Entity Attributes, clause 5.6.2")
                .isEqualTo("updateEntity");
        assertThat(Operation.UPDATE_ATTR.operationName()).as("Partial Attribute Update, clause 5.6.4")
                .isEqualTo("updateAttrs");
        assertThat(Operation.UPDATE_ATTRS.path("urn:ngsi-ld:Room:1", null))
                .isEqualTo("/ngsi-ld/v1/entities/urn%3Angsi-ld%3ARoom%3A1/attrs");
    }
}
