package be.belfort.ingestion.http;

import be.belfort.api.AccessControl;
import be.belfort.api.ClientAddresses;
import be.belfort.api.MediaTypes;
import be.belfort.api.RequestReader;
import be.belfort.api.ResponseWriter;
import be.belfort.api.RouteGroup;
import be.belfort.ingestion.Device;
import be.belfort.ingestion.IngestionService;
import be.belfort.ingestion.LoRaWanUplink;
import be.belfort.ingestion.Receipt;
import be.belfort.ingestion.UltralightParser;
import be.belfort.model.ErrorType;
import be.belfort.model.NgsiLdException;
import be.belfort.security.AccessPolicy;
import be.belfort.security.RateLimits;
import be.belfort.security.Role;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The southbound HTTP endpoints: the IoT Agent's {@code /iot/json} (JSON measures) and {@code /iot/d} (Ultralight
 * 2.0) with the device's key and id, Belfort's {@code /ingest/{tenant}/devices/{deviceId}} for a publisher of the
 * tenant, and the LoRaWAN network servers' webhooks. Each answers 200 only once the measurements committed.
 */
public final class SouthboundRoutes implements RouteGroup {
    private final IngestionService ingestion;
    private final AccessPolicy policy;
    private final RequestReader in;
    private final ResponseWriter out;
    private final ObjectMapper json;
    private final int maxMessageBytes;
    private final RateLimits limits;
    private final ClientAddresses addresses;

    public SouthboundRoutes(IngestionService ingestion, AccessPolicy policy, RequestReader in, ResponseWriter out,
                            ObjectMapper json, int maxMessageBytes, RateLimits limits, ClientAddresses addresses) {
        this.limits = limits;
        this.addresses = addresses;
        this.ingestion = ingestion;
        this.policy = policy;
        this.in = in;
        this.out = out;
        this.json = json;
        this.maxMessageBytes = maxMessageBytes;
    }

    @Override
    public void register(JavalinDefaultRoutingApi app) {
        app.post("/iot/json", ctx -> {
            Device device = authenticated(ctx, () -> ingestion.deviceByKey(ctx.queryParam("k"), ctx.queryParam("i")));
            answer(ctx, ingestion.ingest(device, read(ctx, device, body -> jsonMeasures(ctx))));
        });
        app.post("/iot/d", ctx -> {
            Device device = authenticated(ctx, () -> ingestion.deviceByKey(ctx.queryParam("k"), ctx.queryParam("i")));
            answer(ctx, ingestion.ingest(device, read(ctx, device,
                    body -> UltralightParser.parse(new String(body, StandardCharsets.UTF_8), device.observedAtKey()))));
        });
        app.post("/ingest/{tenant}/devices/{deviceId}", ctx -> {
            String tenant = RequestReader.requireTenantName("tenant", ctx.pathParam("tenant"));
            policy.require(AccessControl.principal(ctx), Role.PUBLISHER, tenant);
            Device device = ingestion.device(tenant, ctx.pathParam("deviceId"));
            answer(ctx, ingestion.ingest(device, read(ctx, device, body -> jsonMeasures(ctx))));
        });
        app.post("/ingest/lorawan/ttn", ctx -> uplink(ctx, LoRaWanUplink::theThingsStack));
        app.post("/ingest/lorawan/chirpstack", ctx -> {
            String event = ctx.queryParam("event");
            if (event != null && !event.equals("up")) {
                // ChirpStack posts every event (join, status, ack…) to one URL; only uplinks carry measurements.
                ctx.status(204);
                return;
            }
            uplink(ctx, LoRaWanUplink::chirpStack);
        });
    }

    private void uplink(Context ctx, Function<JsonNode, LoRaWanUplink> format) {
        String key = ctx.queryParam("k") != null ? ctx.queryParam("k") : ctx.header("X-Belfort-Device-Key");
        checkSize(ctx);
        LoRaWanUplink uplink = format.apply(in.json(ctx, Set.of(MediaTypes.JSON)));
        Device device = authenticated(ctx, () -> ingestion.deviceByEui(key, uplink.devEui()));
        answer(ctx, ingestion.ingest(device, List.of(uplink.measures(device.observedAtKey())), uplink.frame()));
    }

    /**
     * The device a key names; a key that is not valid counts against the client's address like any failed
     * authentication, so that guessing keys is slowed down (429 once over the limit).
     */
    private Device authenticated(Context ctx, java.util.function.Supplier<Device> lookup) {
        try {
            return lookup.get();
        } catch (NgsiLdException refused) {
            if (refused.type() == ErrorType.UNAUTHORIZED) {
                java.time.Duration wait = limits.take(addresses.of(ctx), false);
                if (!wait.isZero()) {
                    long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
                    ctx.header("Retry-After", Long.toString(seconds));
                    throw new NgsiLdException(ErrorType.TOO_MANY_REQUESTS, "This client is over its rate limit; retry after "
                            + seconds + " s");
                }
            }
            throw refused;
        }
    }

    @FunctionalInterface
    private interface Parser {
        List<Map<String, JsonNode>> parse(byte[] body);
    }

    /** The message's measures; a message too large or unreadable is refused and counted against its device. */
    private List<Map<String, JsonNode>> read(Context ctx, Device device, Parser parser) {
        try {
            checkSize(ctx);
            return parser.parse(ctx.bodyAsBytes());
        } catch (NgsiLdException e) {
            ingestion.refuse(device, e.detail());
            throw e;
        }
    }

    private void checkSize(Context ctx) {
        if (ctx.bodyAsBytes().length > maxMessageBytes) {
            throw new NgsiLdException(ErrorType.PAYLOAD_TOO_LARGE, "A message may have at most " + maxMessageBytes
                    + " bytes");
        }
    }

    /** A JSON object of measures, or an array of them (several observations in one message). */
    private List<Map<String, JsonNode>> jsonMeasures(Context ctx) {
        JsonNode body = in.json(ctx, Set.of(MediaTypes.JSON));
        List<JsonNode> objects = new ArrayList<>();
        if (body.isArray()) {
            body.forEach(objects::add);
        } else {
            objects.add(body);
        }
        List<Map<String, JsonNode>> groups = new ArrayList<>();
        for (JsonNode object : objects) {
            if (!object.isObject()) {
                throw NgsiLdException.badData("Measures are a JSON object of key and value, or an array of such objects");
            }
            Map<String, JsonNode> measures = new LinkedHashMap<>();
            object.fields().forEachRemaining(field -> measures.put(field.getKey(), field.getValue()));
            groups.add(measures);
        }
        if (groups.isEmpty()) {
            throw NgsiLdException.badData("The message has no measures");
        }
        return groups;
    }

    private void answer(Context ctx, Receipt receipt) {
        ObjectNode body = json.createObjectNode();
        if (receipt.duplicate()) {
            body.put("duplicate", true);
        }
        ArrayNode written = body.putArray("written");
        receipt.written().forEach(written::add);
        ArrayNode refused = body.putArray("refused");
        receipt.refused().forEach(refusal -> refused.addObject().put("key", refusal.key()).put("reason", refusal.reason()));
        out.writePlain(ctx, 200, body);
    }
}
