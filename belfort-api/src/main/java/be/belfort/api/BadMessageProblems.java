package be.belfort.api;

import be.belfort.model.ErrorType;
import be.belfort.model.Names;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

import java.io.IOException;
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
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(new HttpField(HttpHeader.CONTENT_TYPE, MediaTypes.JSON));
        String detail = switch (status) {
            case 414 -> "The URI is longer than this platform accepts (query parameters included)";
            case 431 -> "The request headers are larger than this platform accepts";
            default -> "The request is not valid HTTP";
        };
        ErrorType type = status == 413 ? ErrorType.PAYLOAD_TOO_LARGE : ErrorType.INVALID_REQUEST;
        return ByteBuffer.wrap(problems.bytes(type, status, detail));
    }

    @Override
    protected void generateAcceptableResponse(Request baseRequest, HttpServletRequest request,
                                              HttpServletResponse response, int code, String message) throws IOException {
        baseRequest.setHandled(true);
        ErrorType type = code == 404 ? ErrorType.RESOURCE_NOT_FOUND : code == 413 ? ErrorType.PAYLOAD_TOO_LARGE
                : code >= 500 ? ErrorType.INTERNAL_ERROR : ErrorType.INVALID_REQUEST;
        String detail = code >= 500 ? "The request could not be completed"
                : "The request cannot be served: " + (message == null ? "HTTP " + code : message)
                        + " (request target: " + Names.abbreviate(String.valueOf(request.getRequestURI())) + ")";
        byte[] body = problems.bytes(type, code, detail);
        response.setContentType(MediaTypes.JSON);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
