package be.belfort.subscriptions;

import be.belfort.security.OutboundGuard;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HttpSenderTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Received(String method, String contentType, String link, String tenant, String custom, String body) {
    }

    private final BlockingQueue<Received> received = new ArrayBlockingQueue<>(16);
    private HttpServer receiver;
    private HttpSender sender;

    @BeforeEach
    void start() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        receiver.createContext("/ok", exchange -> {
            record(exchange);
            answer(exchange, 204, 0);
        });
        receiver.createContext("/fails", exchange -> answer(exchange, 500, 10));
        receiver.createContext("/large", exchange -> answer(exchange, 200, 3_000_000));
        receiver.createContext("/slow", exchange -> {
            try {
                Thread.sleep(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answer(exchange, 204, 0);
        });
        receiver.start();
        sender = new HttpSender(Duration.ofMillis(500), JSON, OutboundGuard.allowingAll());
    }

    @AfterEach
    void stop() {
        sender.close();
        receiver.stop(0);
    }

    private void record(HttpExchange exchange) throws IOException {
        received.add(new Received(exchange.getRequestMethod(), exchange.getRequestHeaders().getFirst("Content-Type"),
                exchange.getRequestHeaders().getFirst("Link"), exchange.getRequestHeaders().getFirst("NGSILD-Tenant"),
                exchange.getRequestHeaders().getFirst("X-Receiver"),
                new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)));
    }

    private static void answer(HttpExchange exchange, int status, int bodyLength) throws IOException {
        exchange.getRequestBody().readAllBytes();
        exchange.sendResponseHeaders(status, bodyLength == 0 ? -1 : bodyLength);
        if (bodyLength > 0) {
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(new byte[bodyLength]);
            }
        }
        exchange.close();
    }

    private Endpoint endpoint(String path) {
        return new Endpoint(URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + path), Endpoint.JSON,
                List.of(), Map.of());
    }

    private static ObjectNode notification() {
        ObjectNode notification = JSON.createObjectNode();
        notification.put("id", "urn:ngsi-ld:Notification:1");
        notification.put("type", "Notification");
        notification.putArray("data").addObject().put("id", "urn:ngsi-ld:OffStreetParking:p1");
        return notification;
    }

    private static Map<String, String> headers(String... namesAndValues) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", Endpoint.JSON);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            headers.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return headers;
    }

    @Test
    void postsTheNotificationWithItsHeaders() throws Exception {
        sender.send(endpoint("/ok"), notification(), headers("Link", "<https://example.org/context.jsonld>; rel=\"x\"",
                "NGSILD-Tenant", "gent", "X-Receiver", "parking-app"));

        Received request = received.poll(5, TimeUnit.SECONDS);
        assertThat(request).isNotNull();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.contentType()).isEqualTo(Endpoint.JSON);
        assertThat(request.link()).isEqualTo("<https://example.org/context.jsonld>; rel=\"x\"");
        assertThat(request.tenant()).isEqualTo("gent");
        assertThat(request.custom()).isEqualTo("parking-app");
        assertThat(JSON.readTree(request.body())).isEqualTo(notification());
    }

    @Test
    void aLargeAnswerToASuccessCountsAsDelivered() {
        org.assertj.core.api.Assertions.assertThatCode(() -> sender.send(endpoint("/large"), notification(), headers()))
                .doesNotThrowAnyException();
    }

    @Test
    void saysHowADeliveryFailed() throws IOException {
        assertThatThrownBy(() -> sender.send(endpoint("/fails"), notification(), headers()))
                .isInstanceOf(Sender.DeliveryFailure.class).hasMessage("answered 500");
        assertThatThrownBy(() -> sender.send(endpoint("/slow"), notification(), headers()))
                .isInstanceOf(Sender.DeliveryFailure.class).hasMessage("no answer within 500 ms");
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Endpoint nobody = new Endpoint(URI.create("http://127.0.0.1:" + closed + "/gone"), Endpoint.JSON, List.of(), Map.of());
        assertThatThrownBy(() -> sender.send(nobody, notification(), headers()))
                .isInstanceOf(Sender.DeliveryFailure.class).hasMessageStartingWith("could not be reached");
    }

    @Test
    void aReceiverInfoHeaderMayNotFrameTheRequest() {
        for (String framing : List.of("Content-Length", "transfer-encoding", "Host", "Connection")) {
            assertThatThrownBy(() -> sender.send(endpoint("/ok"), notification(), headers(framing, "1")))
                    .isInstanceOf(Sender.DeliveryFailure.class).hasMessageContaining("refused a header: " + framing);
        }
        assertThat(received).isEmpty();
    }

    @Test
    void aRefusedAddressIsNotCalled() {
        HttpSender guarded = new HttpSender(Duration.ofMillis(500), JSON, new OutboundGuard(false));
        try {
            assertThatThrownBy(() -> guarded.send(endpoint("/ok"), notification(), headers()))
                    .isInstanceOf(Sender.DeliveryFailure.class).hasMessageStartingWith("may not be called");
        } finally {
            guarded.close();
        }
        assertThat(received).isEmpty();
    }
}
