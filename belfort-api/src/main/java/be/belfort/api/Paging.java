package be.belfort.api;

import io.javalin.http.Context;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The paging of query answers (clause 5.5.9): limit and offset, and Link headers to the next and previous page. */
public record Paging(int limit, int offset, boolean count) {
    static final int DEFAULT_LIMIT = 20;

    public static Paging of(Context ctx, int maxLimit) {
        int limit = QueryParams.number(ctx, "limit", DEFAULT_LIMIT);
        int offset = QueryParams.number(ctx, "offset", 0);
        boolean count = "true".equals(ctx.queryParam("count"));
        QueryParams.checkPaging(limit, maxLimit, count);
        return new Paging(limit, offset, count);
    }

    /** Link header values to the next page (when this one is full) and the previous one (when there is one). */
    public List<String> links(Context ctx, int returned) {
        List<String> links = new ArrayList<>();
        if (limit > 0 && returned == limit) {
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
}
