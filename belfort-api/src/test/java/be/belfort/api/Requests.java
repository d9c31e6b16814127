package be.belfort.api;

import be.belfort.jsonld.ContextLimits;
import be.belfort.jsonld.ContextLoader;
import be.belfort.jsonld.ContextResolver;
import be.belfort.jsonld.RemoteContexts;
import be.belfort.model.ContextStore;
import io.javalin.http.Context;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A request as the routes see it, without a server: a Javalin {@link Context} that answers the path, query
 * parameters, headers and body it is given and records the response headers; any other call fails the test.
 */
final class Requests {
    static final ContextResolver CONTEXTS = new ContextResolver(new ContextLoader(new ContextStore() {
        public Optional<HostedContext> find(String id) {
            return Optional.empty();
        }

        public void save(HostedContext context) {
        }

        public boolean delete(String id) {
            return false;
        }

        public List<HostedContext> list() {
            return List.of();
        }
    }, "/ngsi-ld/v1/jsonldContexts/", new RemoteContexts(Duration.ofSeconds(1), 10_000)), ContextLimits.DEFAULT);

    private final String path;
    private final Map<String, List<String>> query = new LinkedHashMap<>();
    private final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    final Map<String, String> responseHeaders = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final Map<String, Object> attributes = new HashMap<>();
    private byte[] body = new byte[0];

    private Requests(String path) {
        this.path = path;
    }

    static Requests get(String path) {
        return new Requests(path);
    }

    Requests query(String name, String... values) {
        query.put(name, List.of(values));
        return this;
    }

    Requests header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    Requests body(String contentType, String text) {
        headers.put("Content-Type", contentType);
        body = text.getBytes(StandardCharsets.UTF_8);
        return this;
    }

    Context context() {
        return (Context) Proxy.newProxyInstance(Context.class.getClassLoader(), new Class<?>[] {Context.class},
                (proxy, method, args) -> {
                    int count = args == null ? 0 : args.length;
                    return switch (method.getName() + "/" + count) {
                        case "path/0" -> path;
                        case "queryParam/1" -> {
                            List<String> values = query.get((String) args[0]);
                            yield values == null || values.isEmpty() ? null : values.get(0);
                        }
                        case "queryParamMap/0" -> query;
                        case "header/1" -> headers.get((String) args[0]);
                        case "header/2" -> {
                            responseHeaders.put((String) args[0], (String) args[1]);
                            yield proxy;
                        }
                        case "contentType/0" -> headers.get("Content-Type");
                        case "bodyAsBytes/0" -> body;
                        case "attribute/1" -> attributes.get((String) args[0]);
                        case "attribute/2" -> {
                            attributes.put((String) args[0], args[1]);
                            yield null;
                        }
                        case "toString/0" -> "request to " + path;
                        default -> throw new UnsupportedOperationException("Not part of the test request: " + method);
                    };
                });
    }
}
