package be.belfort.model;

import java.util.List;

/**
 * What an entity fragment says of the entity's {@code scope} (clause 4.18): new values, or the NGSI-LD Null
 * that deletes it. A fragment without {@code scope} has no patch (null), and the scope stays as it is.
 */
public record ScopePatch(List<String> scopes) {
    /** The NGSI-LD Null given as the scope. */
    public static final ScopePatch DELETE = new ScopePatch(List.of());

    public ScopePatch {
        scopes = List.copyOf(scopes);
    }

    /** A patch that sets the given scopes, or none when they are null. */
    public static ScopePatch of(List<String> scopes) {
        return scopes == null || scopes.isEmpty() ? null : new ScopePatch(scopes);
    }

    public boolean deletes() {
        return scopes.isEmpty();
    }
}
