package be.belfort.api;

import be.belfort.model.ErrorType;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.StatisticsHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;

/**
 * The outermost handler: it counts the requests in flight, so that stopping waits for them, and answers an
 * asterisk-form request target ({@code GET *}), which names no resource and which Jetty would otherwise
 * answer with an empty 404, with problem details.
 */
final class RequestsInFlight extends StatisticsHandler {
    private final Problems problems;

    RequestsInFlight(Problems problems) {
        this.problems = problems;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if ("*".equals(request.getHttpURI().getPath())) {
            response.setStatus(400);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, MediaTypes.JSON);
            response.write(true, ByteBuffer.wrap(problems.bytes(ErrorType.INVALID_REQUEST, 400,
                    "The request target '*' names no resource of this platform")), callback);
            return true;
        }
        return super.handle(request, response, callback);
    }
}
