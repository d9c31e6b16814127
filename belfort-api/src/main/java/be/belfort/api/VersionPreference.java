package be.belfort.api;

import be.belfort.jsonld.VersionFallback;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;

/**
 * {@code Prefer: ngsi-ld=<version>} (RFC 7240; NGSI-LD's version preference): entities are answered as that version
 * understands them, and {@code Preference-Applied} names the version the answer follows. A broker that federates
 * Belfort as a context source sends it for its own clients.
 */
public final class VersionPreference {
    private VersionPreference() {
    }

    /** Applies the preference of the request, if it has one, to the entities about to be answered. */
    public static void apply(Context ctx, JsonNode entities) {
        VersionFallback fallback = VersionFallback.preferred(ctx.header("Prefer"));
        if (fallback != null) {
            fallback.apply(entities);
            ctx.header("Preference-Applied", "ngsi-ld=" + fallback.applied());
        }
    }
}
