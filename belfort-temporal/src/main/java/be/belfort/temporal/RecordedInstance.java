package be.belfort.temporal;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.UUID;

/** One entry of an attribute's history: the instance as it was written, and its id. */
public record RecordedInstance(String attribute, UUID instanceId, ObjectNode instance) {

    /** The instance id as NGSI-LD shows it. */
    public String instanceUri() {
        return "urn:ngsi-ld:attribute:instance:" + instanceId;
    }
}
