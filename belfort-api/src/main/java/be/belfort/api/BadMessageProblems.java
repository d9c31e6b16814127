package be.belfort.api;

import be.belfort.model.ErrorType;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;

/**
 * Requests that Jetty refuses before any route sees them (a URI or headers over the size limit, a request
 * line that is not HTTP) get problem details too, instead of Jetty's HTML page.
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
            case 413 -> "The request body is larger than this platform accepts";
            case 414 -> "The URI is longer than this platform accepts (query parameters included)";
            case 431 -> "The request headers are larger than this platform accepts";
            default -> "The request is not valid HTTP";
        };
        ErrorType type = status == 413 ? ErrorType.PAYLOAD_TOO_LARGE : ErrorType.INVALID_REQUEST;
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, MediaTypes.JSON);
        response.write(true, ByteBuffer.wrap(problems.bytes(type, status, detail)), callback);
    }
}
