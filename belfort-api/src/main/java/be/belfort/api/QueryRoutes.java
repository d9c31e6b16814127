package be.belfort.api;

import be.belfort.jsonld.EntityRenderer;
import be.belfort.jsonld.LdContext;
import be.belfort.jsonld.Representation;
import be.belfort.model.Entity;
import be.belfort.model.EntityQuery;
import be.belfort.model.EntityService;
import be.belfort.model.ErrorType;
import be.belfort.model.Names;
import be.belfort.model.NgsiLdException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Query entities, {@code GET /entities} (clause 6.4.3.2): by id, id pattern, type and attribute
 * presence, paged, with the total on request. The q language and geo-queries come with the query issue;
 * asking for them is answered honestly as not supported yet.
 */
public final class QueryRoutes {
    public static final String RESULTS_COUNT_HEADER = "NGSILD-Results-Count";
    static final int DEFAULT_LIMIT = 20;

    private final EntityService service;
    private final RequestReader in;
    private final ResponseWriter out;
    private final ObjectMapper json;
    private final int maxLimit;
    private final EntityRenderer renderer = new EntityRenderer();

    public QueryRoutes(EntityService service, RequestReader in, ResponseWriter out, ObjectMapper json, int maxLimit) {
        this.service = service;
        this.in = in;
        this.out = out;
        this.json = json;
        this.maxLimit = maxLimit;
    }

    public void register(Javalin app, String base) {
        app.get(base + "/entities", this::query);
    }

    private void query(Context ctx) {
        boolean jsonLd = out.wantsJsonLd(ctx);
        String tenant = in.tenant(ctx);
        LdContext context = in.context(ctx);
        for (String unsupported : List.of("q", "georel", "geometry", "coordinates", "geoproperty", "scopeQ", "csf")) {
            if (ctx.queryParam(unsupported) != null) {
                throw new NgsiLdException(ErrorType.OPERATION_NOT_SUPPORTED,
                        "The query parameter '" + unsupported + "' is not supported yet");
            }
        }
        List<String> ids = RepresentationParams.commaList(ctx.queryParam("id"));
        ids.forEach(id -> Names.requireUri("An id in 'id'", id));
        String idPattern = ctx.queryParam("idPattern");
        if (idPattern != null) {
            try {
                Pattern.compile(idPattern);
            } catch (PatternSyntaxException e) {
                throw NgsiLdException.badData("idPattern is not a valid regular expression: " + e.getDescription()
                        + " at position " + e.getIndex());
            }
        }
        List<String> types = types(ctx.queryParam("type"), context);
        List<String> attributes = new ArrayList<>(RepresentationParams.attributeNames(ctx.queryParam("attrs"), context));
        if (ids.isEmpty() && idPattern == null && types.isEmpty() && attributes.isEmpty()) {
            throw NgsiLdException.badData("A query needs at least one of type, id, idPattern or attrs");
        }
        int limit = number(ctx, "limit", DEFAULT_LIMIT);
        int offset = number(ctx, "offset", 0);
        boolean count = "true".equals(ctx.queryParam("count"));
        if (limit > maxLimit) {
            throw new NgsiLdException(ErrorType.TOO_MANY_RESULTS, "limit may be at most " + maxLimit);
        }
        if (limit == 0 && !count) {
            throw NgsiLdException.badData("limit=0 only makes sense with count=true");
        }
        Representation representation = RepresentationParams.of(ctx, context);
        EntityQuery.Page page = service.query(tenant, new EntityQuery(ids, idPattern, types, attributes, limit, offset, count));

        ArrayNode body = json.createArrayNode();
        for (Entity entity : page.entities()) {
            body.add(renderer.render(entity, context, representation, jsonLd));
        }
        if (page.total() != null) {
            ctx.header(RESULTS_COUNT_HEADER, Long.toString(page.total()));
        }
        List<String> links = new ArrayList<>();
        if (!jsonLd) {
            links.add(MediaTypes.contextLink(context.linkUrl()));
        }
        if (limit > 0 && page.entities().size() == limit) {
            links.add("<" + pageUrl(ctx, offset + limit, limit) + ">; rel=\"next\"");
        }
        if (offset > 0) {
            links.add("<" + pageUrl(ctx, Math.max(0, offset - limit), limit) + ">; rel=\"prev\"");
        }
        out.write(ctx, 200, body, null, jsonLd);
        if (!links.isEmpty()) {
            ctx.header("Link", String.join(", ", links));
        }
    }

    /** Types by name, any of which matches; ',' and '|' both mean "or". */
    private static List<String> types(String expression, LdContext context) {
        List<String> types = new ArrayList<>();
        if (expression == null) {
            return types;
        }
        if (expression.contains(";") || expression.contains("(")) {
            throw new NgsiLdException(ErrorType.OPERATION_NOT_SUPPORTED,
                    "Type expressions with ';' or parentheses are not supported yet");
        }
        for (String name : expression.split("[,|]")) {
            types.add(context.expand(Names.requireName("Entity type", name.trim())));
        }
        return types;
    }

    private static int number(Context ctx, String name, int fallback) {
        String value = ctx.queryParam(name);
        if (value == null) {
            return fallback;
        }
        try {
            int number = Integer.parseInt(value);
            if (number >= 0) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw NgsiLdException.badData(name + " must be a whole number of 0 or more, not '" + value + "'");
    }

    private static String pageUrl(Context ctx, int offset, int limit) {
        StringBuilder url = new StringBuilder(ctx.path()).append('?');
        ctx.queryParamMap().forEach((name, values) -> {
            if (!name.equals("offset") && !name.equals("limit")) {
                values.forEach(value -> url.append(name).append('=')
                        .append(java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8)).append('&'));
            }
        });
        return url.append("offset=").append(offset).append("&limit=").append(limit).toString();
    }
}
