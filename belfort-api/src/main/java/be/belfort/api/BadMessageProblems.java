package be.belfort.api;

import be.belfort.model.ErrorType;
import be.belfort.model.Names;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;

/**
 * Requests that Jetty refuses before any route sees them (a URI or headers over the size limit, a request
 * line that is not HTTP, an asterisk-form target such as {@code GET *}) get problem details too, instead of
 * Jetty's HTML page.
 */
final class BadMessageProblems extends ErrorHandler {
    private final Problems problems;

    BadMessageProblems(Problems problems) {
        this.problems = problems;
    }

    @Override
    protected void generateResponse(Request request, Response response, int status, String message, Throwable cause,
                                    Callback callback) {
        String detail = switch (status) {
            case 400 -> "The request is not valid HTTP";
            case 413 -> "The request body is larger than this platform accepts";
            case 414 -> "The URI is longer than this platform accepts (query parameters included)";
            case 431 -> "The request headers are larger than this platform accepts";
            default -> status >= 500 ? "The request could not be completed"
                    : "The request cannot be served: " + (message == null ? "HTTP " + status : message)
                            + " (request target: " + Names.abbreviate(request.getHttpURI().getPathQuery()) + ")";
        };
        ErrorType type = status == 404 ? ErrorType.RESOURCE_NOT_FOUND : status == 413 ? ErrorType.PAYLOAD_TOO_LARGE
                : status >= 500 ? ErrorType.INTERNAL_ERROR : ErrorType.INVALID_REQUEST;
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, MediaTypes.JSON);
        response.write(true, ByteBuffer.wrap(problems.bytes(type, status, detail)), callback);
    }
}
