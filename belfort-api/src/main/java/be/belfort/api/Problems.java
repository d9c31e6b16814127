package be.belfort.api;

import be.belfort.model.ErrorType;
import be.belfort.model.NgsiLdException;
import be.belfort.model.ServiceUnavailable;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every failure becomes an RFC 9457 problem-details answer with an NGSI-LD error type; nothing
 * internal (stack traces, SQL) reaches the client.
 */
public final class Problems {
    private static final Logger LOG = LoggerFactory.getLogger(Problems.class);

    private final ObjectMapper json;

    public Problems(ObjectMapper json) {
        this.json = json;
    }

    public void register(JavalinDefaultRoutingApi app) {
        app.exception(NgsiLdException.class, (e, ctx) -> {
            if (e instanceof ServiceUnavailable busy) {
                ctx.header("Retry-After", Long.toString(Math.max(1, busy.retryAfter().toSeconds())));
            }
            write(ctx, e.type(), e.detail());
        });
        app.exception(HttpResponseException.class, (e, ctx) -> write(ctx, forStatus(e.getStatus()), e.getMessage()));
        app.exception(Exception.class, (e, ctx) -> {
            LOG.error("Unexpected failure on {} {}", ctx.method(), ctx.path(), e);
            write(ctx, ErrorType.INTERNAL_ERROR, "The request could not be completed");
        });
        app.error(404, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) {
                write(ctx, ErrorType.RESOURCE_NOT_FOUND, "No resource at " + ctx.path());
            }
        });
        app.error(405, ctx -> write(ctx, ErrorType.METHOD_NOT_ALLOWED,
                "Method " + ctx.method() + " is not allowed on " + ctx.path()));
    }

    /**
     * A problem-details body with a status of its own, for failures Jetty answers before any route (a URI
     * over the size limit is 414, though its NGSI-LD type is InvalidRequest).
     */
    public byte[] bytes(ErrorType type, int status, String detail) {
        ObjectNode problem = body(type, detail);
        problem.put("status", status);
        try {
            return json.writeValueAsBytes(problem);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public ObjectNode body(ErrorType type, String detail) {
        ObjectNode problem = json.createObjectNode();
        problem.put("type", type.uri());
        problem.put("title", type.title());
        problem.put("status", type.status());
        problem.put("detail", detail);
        return problem;
    }

    private void write(Context ctx, ErrorType type, String detail) {
        if (!ctx.res().isCommitted()) {
            // an answer the route had already written into the buffer (see ResponseWriter) gives way to the problem
            ctx.res().resetBuffer();
        }
        ctx.status(type.status());
        if (type == ErrorType.UNAUTHORIZED) {
            // RFC 6750: say which scheme is expected, and that a presented token was refused.
            ctx.header("WWW-Authenticate", ctx.header("Authorization") == null ? "Bearer realm=\"belfort\""
                    : "Bearer realm=\"belfort\", error=\"invalid_token\"");
        }
        if (type == ErrorType.PAYLOAD_TOO_LARGE) {
            // The rest of the body stays unread, so the connection cannot carry another request.
            ctx.header("Connection", "close");
        }
        ctx.contentType(MediaTypes.JSON);
        try {
            ctx.result(json.writeValueAsBytes(body(type, detail)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            ctx.result("{\"type\":\"" + ErrorType.INTERNAL_ERROR.uri() + "\"}");
        }
    }

    private static ErrorType forStatus(int status) {
        return switch (status) {
            case 404 -> ErrorType.RESOURCE_NOT_FOUND;
            case 405 -> ErrorType.METHOD_NOT_ALLOWED;
            case 406 -> ErrorType.NOT_ACCEPTABLE;
            case 413 -> ErrorType.PAYLOAD_TOO_LARGE;
            case 415 -> ErrorType.UNSUPPORTED_MEDIA_TYPE;
            default -> status >= 500 ? ErrorType.INTERNAL_ERROR : ErrorType.INVALID_REQUEST;
        };
    }
}
