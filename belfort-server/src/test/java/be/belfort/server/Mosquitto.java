package be.belfort.server;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A real MQTT broker for tests: Debian's mosquitto on a free local port, with the configuration lines given. */
final class Mosquitto implements AutoCloseable {
    private static final Path BINARY = Path.of("/usr/sbin/mosquitto");

    final int port;
    private final Process process;

    private Mosquitto(int port, Process process) {
        this.port = port;
        this.process = process;
    }

    /** Starts the broker, anonymous clients allowed, with these more configuration lines. */
    static Mosquitto start(String... configuration) {
        assertThat(BINARY).as("the MQTT broker (Debian package mosquitto, installed by .ci/run)").exists();
        try {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            Path config = Files.createTempFile("mosquitto", ".conf");
            Files.writeString(config, "listener " + port + " 127.0.0.1\nallow_anonymous true\n"
                    + String.join("\n", configuration) + "\n");
            Process process = new ProcessBuilder(BINARY.toString(), "-c", config.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return new Mosquitto(port, process);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url() {
        return "mqtt://127.0.0.1:" + port;
    }

    /** A client connected to the broker, waiting up to 10 s for it to listen. */
    Mqtt3BlockingClient connect(String identifier) throws InterruptedException {
        Mqtt3BlockingClient client = MqttClient.builder().useMqttVersion3().identifier(identifier)
                .serverHost("127.0.0.1").serverPort(port).buildBlocking();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                client.connect();
                return client;
            } catch (RuntimeException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                Thread.sleep(100);
            }
        }
    }

    @Override
    public void close() {
        process.destroy();
    }
}
