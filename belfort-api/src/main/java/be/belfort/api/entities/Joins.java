package be.belfort.api.entities;

import be.belfort.query.Join;

import io.javalin.http.Context;

/** The linked entity retrieval a read asks for in its URL: join, joinLevel and containedBy. */
final class Joins {
    private Joins() {
    }

    static Join fromUrl(Context ctx) {
        return Join.of(ctx.queryParam("join"), ctx.queryParam("joinLevel"), ctx.queryParam("containedBy"));
    }
}
