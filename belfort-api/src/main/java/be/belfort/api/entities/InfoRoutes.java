package be.belfort.api.entities;

import static be.belfort.api.ApiServer.BASE;

import be.belfort.api.PublicUrls;
import be.belfort.api.RequestReader;
import be.belfort.api.ResponseWriter;
import be.belfort.api.RouteGroup;
import be.belfort.jsonld.LdContext;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * {@code GET /info/sourceIdentity} (ETSI GS CIM 009 v1.8.1, context source identity): who this broker is, a
 * ContextSourceIdentity with a stable id, its alias (the public base URL), how long it has been up
 * ({@code contextSourceUptime}, an ISO 8601 duration), its current time ({@code contextSourceTimeAt}) and
 * what it is ({@code contextSourceExtras}).
 */
public final class InfoRoutes implements RouteGroup {
    static final String TYPE = "ContextSourceIdentity";

    private final String id;
    private final PublicUrls urls;
    private final Instant started;
    private final Clock clock;
    private final RequestReader in;
    private final ResponseWriter out;
    private final ObjectMapper json;

    /**
     * @param installation what identifies this installation for good (its public URL or its database); the id
     *                     is a name-based UUID of it, so it survives restarts and differs between installations
     */
    public InfoRoutes(String installation, PublicUrls urls, Clock clock, RequestReader in, ResponseWriter out,
                      ObjectMapper json) {
        this.id = "urn:ngsi-ld:ContextSource:" + UUID.nameUUIDFromBytes(installation.getBytes(StandardCharsets.UTF_8));
        this.urls = urls;
        this.clock = clock;
        this.started = clock.instant();
        this.in = in;
        this.out = out;
        this.json = json;
    }

    @Override
    public void register(JavalinDefaultRoutingApi app) {
        app.get(BASE + "/info/sourceIdentity", this::identity);
    }

    private void identity(Context ctx) {
        boolean jsonLd = out.wantsJsonLd(ctx);
        LdContext context = in.context(ctx);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        ObjectNode body = json.createObjectNode();
        body.put("id", id);
        body.put("type", TYPE);
        body.put("contextSourceAlias", urls.base(ctx));
        body.put("contextSourceUptime", Duration.between(started, now).truncatedTo(ChronoUnit.SECONDS).toString());
        body.put("contextSourceTimeAt", now.toString());
        body.putObject("contextSourceExtras").put("product", "Belfort")
                .put("description", "NGSI-LD context broker and open data platform")
                .put("specification", "ETSI GS CIM 009 v1.8.1");
        if (jsonLd) {
            body.set("@context", context.reference());
        }
        out.write(ctx, 200, body, context, jsonLd);
    }
}
