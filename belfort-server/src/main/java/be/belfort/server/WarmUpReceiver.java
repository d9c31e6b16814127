package be.belfort.server;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The notification receiver of the warm-up: an HTTP endpoint on a loopback port of its own that answers every POST
 * with 204 and counts it. It lives only as long as the warm-up.
 */
final class WarmUpReceiver implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicLong received = new AtomicLong();

    private WarmUpReceiver(HttpServer server) {
        this.server = server;
    }

    static WarmUpReceiver start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            WarmUpReceiver receiver = new WarmUpReceiver(server);
            server.createContext("/notify", exchange -> {
                try (exchange; InputStream body = exchange.getRequestBody()) {
                    body.transferTo(java.io.OutputStream.nullOutputStream());
                    boolean post = exchange.getRequestMethod().equals("POST");
                    if (post) {
                        receiver.received.incrementAndGet();
                    }
                    exchange.sendResponseHeaders(post ? 204 : 405, -1);
                }
            });
            server.setExecutor(receiver.threads);
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException("The warm-up's receiver could not listen on a loopback port", e);
        }
    }

    /** {@code http://127.0.0.1:port}: what the outbound guard allows while the warm-up runs. */
    URI origin() {
        InetSocketAddress address = server.getAddress();
        String host = address.getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort());
    }

    URI endpoint() {
        return URI.create(origin() + "/notify");
    }

    long received() {
        return received.get();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.close();
    }
}
