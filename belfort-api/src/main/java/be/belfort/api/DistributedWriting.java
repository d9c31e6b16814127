package be.belfort.api;

import be.belfort.jsonld.EntityReader;
import be.belfort.jsonld.LdContext;
import be.belfort.model.NgsiLdException;
import be.belfort.model.UpdateResult;
import be.belfort.query.DistributedReads;
import be.belfort.query.DistributedWrites;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What every route that writes one entity needs to pass the write on to registered context sources (see
 * {@link DistributedWrites}): whether it must stay local, how it is forwarded, and the 207 of a partial write.
 */
public final class DistributedWriting {
    private static final EntityReader READER = new EntityReader();

    private DistributedWriting() {
    }

    /**
     * Writes locally, or, when registered sources take this write, through them (the local part by {@code local});
     * returns what the sources did, or null when none was concerned.
     *
     * @param types      the entity's types (expanded) when the request names them, else empty
     * @param localTypes the types the entity has here (empty when it is not here), asked when the request names none
     * @param payload    the request's payload, null for a delete
     */
    public static DistributedWrites.Outcome write(Context ctx, DistributedReads reads, DistributedWrites writes,
                                                  RequestReader in, String tenant, DistributedWrites.Operation operation,
                                                  String id, List<String> types, Supplier<List<String>> localTypes,
                                                  RequestReader.Payload payload, Consumer<JsonNode> local) {
        if (!writes.concerns(tenant, operation, id, types) || DistributedDocuments.localOnly(ctx, reads)) {
            local.accept(payload == null ? null : payload.body());
            return null;
        }
        if (types.isEmpty()) {
            // The entity's types decide which registrations take the write: those it has here, if it is here.
            types = localTypes.get();
        }
        if (payload != null && !(payload.body() instanceof ObjectNode)) {
            throw NgsiLdException.badData("The payload must be a JSON object");
        }
        LdContext context = payload != null ? payload.context() : in.context(ctx);
        return writes.write(DistributedDocuments.forward(ctx, tenant, context,
                        body -> READER.readEntity(body, context, null), null), operation, id, types,
                payload == null ? null : (ObjectNode) payload.body(), context::expand, local::accept);
    }

    /**
     * Answers 207 with the attributes written and those a source did not take (with its registration and why) when
     * a source failed; returns whether it did.
     *
     * @param local what the local write did, when it says per attribute, else null
     */
    public static boolean partly(Context ctx, ResponseWriter out, ObjectMapper json, DistributedWrites.Outcome outcome,
                                 LdContext context, UpdateResult local) {
        if (outcome == null || outcome.failed().isEmpty()) {
            return false;
        }
        ObjectNode body = json.createObjectNode();
        ArrayNode updated = body.putArray("updated");
        if (local != null) {
            local.updated().forEach(name -> updated.add(context.compact(name)));
        }
        ArrayNode notUpdated = body.putArray("notUpdated");
        if (local != null) {
            local.notUpdated().forEach(entry -> notUpdated.addObject()
                    .put("attributeName", context.compact(entry.attributeName())).put("reason", entry.reason()));
        }
        for (DistributedWrites.Failure failure : outcome.failed()) {
            List<String> names = failure.attributes().isEmpty() ? java.util.Collections.singletonList(null)
                    : failure.attributes();
            for (String name : names) {
                ObjectNode entry = notUpdated.addObject();
                if (name != null) {
                    entry.put("attributeName", context.compact(name));
                }
                entry.put("reason", failure.reason()).put("registrationId", failure.registrationId());
            }
        }
        out.writePlain(ctx, 207, body);
        return true;
    }
}
