package be.belfort.api.entities;

import be.belfort.api.QueryParams;
import be.belfort.jsonld.EntityRenderer;
import be.belfort.jsonld.LdContext;
import be.belfort.jsonld.Representation;
import be.belfort.model.Entity;
import be.belfort.model.NgsiLdException;
import be.belfort.model.ReadScope;
import be.belfort.query.Join;
import be.belfort.query.QueryService;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;

import java.util.List;

/**
 * Linked entity retrieval (v1.8.1 clause 4.5.23) for reads: the join a request asks for (join, joinLevel and
 * containedBy in the URL; join and joinLevel in a Query body too), and the answer's entities rendered with the
 * entities their links reach, each as the reader may see it.
 */
final class Joins {
    private Joins() {
    }

    static Join fromUrl(Context ctx) {
        return Join.of(ctx.queryParam("join"), ctx.queryParam("joinLevel"), ctx.queryParam("containedBy"));
    }

    /** The join of a Query body (its join and joinLevel members, Table 5.2.23-1), or else the URL's. */
    static Join fromBody(Context ctx, JsonNode body) {
        if (!body.has("join") && !body.has("joinLevel")) {
            return fromUrl(ctx);
        }
        Join join = Join.of(body, "");
        return join.isNone() ? join : new Join(join.mode(), join.levels(), fromUrl(ctx).containedBy());
    }

    /**
     * Refuses a nested projection ({@code pick=rel{attr}}) that the join cannot serve: without join, or more
     * relationships deep than joinLevel (clause 5.7.2.4).
     */
    static void requireServes(Join join, Representation representation) {
        int depth = representation.nestedDepth();
        if (depth > 0 && join.isNone()) {
            throw NgsiLdException.badData("A projection of linked entities (rel{attr}) needs join=inline or join=flat");
        }
        if (depth > join.levels() && !join.isNone()) {
            throw NgsiLdException.badData("The projection reaches " + depth + " relationships deep, more than joinLevel "
                    + join.levels());
        }
    }

    /**
     * Refuses q over linked entities ({@code rel{attr}==…}) that the join cannot serve: without join, or more
     * relationships deep than joinLevel (clause 5.7.2.4).
     */
    static void requireServes(Join join, QueryParams.Filter filter) {
        int depth = filter.linkDepth();
        if (depth > 0 && join.isNone()) {
            throw NgsiLdException.badData("q over linked entities (rel{attr}) needs join=inline or join=flat");
        }
        if (depth > join.levels() && !join.isNone()) {
            throw NgsiLdException.badData("q reaches " + depth + " relationships deep, more than joinLevel "
                    + join.levels());
        }
    }

    /** The answer's entities, each with the linked entities inside it (inline) or followed by them (flat). */
    static List<ObjectNode> render(QueryService queries, EntityRenderer renderer, String tenant, List<Entity> answer,
                                   Join join, ReadScope readable, LdContext context, Representation representation,
                                   boolean jsonLd) {
        if (join.isNone()) {
            return answer.stream().map(entity -> renderer.render(entity, context, representation, jsonLd)).toList();
        }
        List<EntityRenderer.Linked> linked = queries.linked(tenant, answer, join, readable, representation,
                        Representation::through).values().stream()
                .map(reached -> new EntityRenderer.Linked(reached.entity(), reached.shape())).toList();
        return renderer.renderJoined(answer, linked, join.mode() == Join.Mode.INLINE, join.levels(), context,
                representation, jsonLd);
    }
}
