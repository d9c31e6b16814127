package be.belfort.api;

import be.belfort.jsonld.LdContext;
import be.belfort.query.EntityQuery;

import io.javalin.http.Context;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The paging of query answers (clause 5.5.9): limit and offset, and Link headers to the next and previous page. */
public record Paging(int limit, int offset, boolean count) {
    public static final String RESULTS_COUNT_HEADER = "NGSILD-Results-Count";

    public static final int DEFAULT_LIMIT = 20;

    public static Paging of(Context ctx, int maxLimit) {
        int limit = QueryParams.number(ctx, "limit", DEFAULT_LIMIT);
        int offset = QueryParams.number(ctx, "offset", 0);
        boolean count = "true".equals(ctx.queryParam("count"));
        QueryParams.checkPaging(limit, maxLimit, count);
        return new Paging(limit, offset, count);
    }

    /**
     * Link header values to the next page (when this one is full and, with a count, not the last) and the previous
     * one (when there is one).
     *
     * @param total the number of matches when counted, else null
     */
    public List<String> links(Context ctx, int returned, Long total) {
        List<String> links = new ArrayList<>();
        if (limit > 0 && returned == limit && (total == null || offset + returned < total)) {
            links.add("<" + pageUrl(ctx, offset + limit) + ">; rel=\"next\"");
        }
        if (offset > 0) {
            links.add("<" + pageUrl(ctx, Math.max(0, offset - limit)) + ">; rel=\"prev\"");
        }
        return links;
    }

    private String pageUrl(Context ctx, int pageOffset) {
        StringBuilder url = new StringBuilder(ctx.path()).append('?');
        ctx.queryParamMap().forEach((name, values) -> {
            if (!name.equals("offset") && !name.equals("limit")) {
                values.forEach(value -> url.append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                        .append(URLEncoder.encode(value, StandardCharsets.UTF_8)).append('&'));
            }
        });
        return url.append("offset=").append(pageOffset).append("&limit=").append(limit).toString();
    }

    /**
     * Sets NGSILD-Results-Count when counted and returns the Link header values: the @context (for plain
     * JSON, when given) and the next and previous pages.
     */
    public List<String> headers(Context ctx, EntityQuery.Page page, LdContext linkedContext) {
        if (page.total() != null) {
            ctx.header(RESULTS_COUNT_HEADER, Long.toString(page.total()));
        }
        List<String> links = new ArrayList<>();
        if (linkedContext != null) {
            links.add(MediaTypes.contextLink(linkedContext.linkUrl()));
        }
        links.addAll(links(ctx, page.entities().size(), page.total()));
        return links;
    }

    /**
     * Answers one page of a list held in memory (subscriptions, registrations): the count when asked, the Link header
     * with the @context (for plain JSON) and the next and previous pages, and the page's items as {@code shown} renders
     * them.
     */
    public <T> void answer(Context ctx, List<T> all, java.util.function.Function<T, com.fasterxml.jackson.databind.JsonNode>
            shown, LdContext context, boolean jsonLd, ResponseWriter out) {
        com.fasterxml.jackson.databind.node.ArrayNode page = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
                .arrayNode();
        for (int i = offset; i < Math.min(all.size(), offset + limit); i++) {
            page.add(shown.apply(all.get(i)));
        }
        if (count) {
            ctx.header(RESULTS_COUNT_HEADER, String.valueOf(all.size()));
        }
        List<String> links = new ArrayList<>();
        if (!jsonLd) {
            links.add(MediaTypes.contextLink(context.linkUrl()));
        }
        links.addAll(links(ctx, page.size(), (long) all.size()));
        ctx.header("Link", String.join(", ", links));
        out.writePlain(ctx, 200, page);
        if (jsonLd) {
            ResponseWriter.contentType(ctx, MediaTypes.JSON_LD);
        }
    }
}
