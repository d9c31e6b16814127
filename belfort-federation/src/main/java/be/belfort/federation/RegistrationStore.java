package be.belfort.federation;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/** Where registrations are kept across restarts. */
public interface RegistrationStore {
    /** A stored registration: its tenant and its document. */
    record Stored(String tenant, ObjectNode document) {
    }

    List<Stored> loadAll();

    /** Stores a new registration; false when the tenant already has one with its id. */
    boolean insert(Registration registration);

    void update(Registration registration);

    /** Removes a registration; false when there was none. */
    boolean delete(String tenant, String id);
}
