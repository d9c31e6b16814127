package be.belfort.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deployment of {@code docs/deploy.md}, tested as written there: three nodes, each its own JVM, behind Debian's
 * nginx with the guide's own nginx configuration (its addresses and ports replaced by this machine's), on one
 * PostgreSQL. One node is killed with kill -9 in the middle of a stream of writes: no acknowledged write is lost,
 * every write is notified, and only a notification the dead node may have sent is sent again.
 */
class DeploymentTest {
    private static final String ADMIN_KEY = "deployment-admin-key-0123456789abcdef";
    private static final String TENANT = "deploy";
    private static final Path NGINX = Path.of("/usr/sbin/nginx");

    private static StandalonePostgres postgres;
    private static final List<ChildPlatform> nodes = new ArrayList<>();
    private static Process nginx;
    private static Http balanced;

    @BeforeAll
    static void start() throws Exception {
        assertThat(NGINX).as("Debian's nginx (.ci/run installs it)").isExecutable();
        postgres = StandalonePostgres.start();
        for (int n = 0; n < 3; n++) {
            nodes.add(ChildPlatform.startSecured(TestPlatform.temporaryDirectory(), ADMIN_KEY, "--db-url", postgres.jdbcUrl(),
                    "--db-user", "postgres", "--db-password", "postgres", "--trusted-proxy", "127.0.0.1"));
        }
        for (ChildPlatform node : nodes) {
            node.awaitReady(Duration.ofSeconds(120));
        }
        int port = ChildPlatform.freePort();
        nginx = startNginx(TestPlatform.temporaryDirectory(), port);
        balanced = new Http(port);
    }

    @AfterAll
    static void stop() throws Exception {
        if (nginx != null) {
            nginx.destroy();
            nginx.waitFor();
        }
        for (ChildPlatform node : nodes) {
            node.destroy();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void aNodeKilledUnderWritesLosesNoAcknowledgedWriteAndItsNotificationsGoOutFromTheOthers() throws Exception {
        try (Receiver receiver = new Receiver()) {
            Http.Answer subscribed = balanced.post("/ngsi-ld/v1/subscriptions", """
                    {"type": "Subscription", "entities": [{"type": "Sensor"}],
                     "notification": {"format": "keyValues", "endpoint": {"uri": "%s"}}}""".formatted(receiver.url()),
                    "NGSILD-Tenant", TENANT, "X-API-Key", ADMIN_KEY);
            assertThat(subscribed.status()).as(subscribed.body()).isEqualTo(201);
            Thread.sleep(1000);

            int writes = 300;
            int answeredOtherwise = 0;
            Instant killedAt = null;
            for (int n = 1; n <= writes; n++) {
                if (n == 101) {
                    nodes.get(1).killJvm();
                    killedAt = Instant.now();
                }
                Http.Answer created = create(n);
                if (created.status() != 201) {
                    // The write under way on the dying node: nginx does not resend a POST, the client does.
                    answeredOtherwise++;
                    assertThat(created.status()).as(created.body()).isEqualTo(502);
                    assertThat(create(n).status()).as("the client's retry").isIn(201, 409);
                }
            }
            assertThat(answeredOtherwise).as("writes not acknowledged at once").isLessThanOrEqualTo(1);

            for (int n = 1; n <= writes; n++) {
                assertThat(balanced.get("/ngsi-ld/v1/entities/" + id(n), "NGSILD-Tenant", TENANT, "X-API-Key", ADMIN_KEY)
                        .status()).as("entity %d after the kill", n).isEqualTo(200);
            }

            receiver.await(writes, received -> true);
            Set<String> notified = receiver.received().stream().map(r -> r.body().get("data").get(0).get("id").asText())
                    .collect(Collectors.toCollection(TreeSet::new));
            assertThat(notified).hasSize(writes);
            Map<String, List<Receiver.Received>> byNotification = receiver.received().stream()
                    .collect(Collectors.groupingBy(r -> r.body().get("id").asText()));
            Instant kill = killedAt;
            List<String> sentTwiceByLiveNodes = byNotification.entrySet().stream()
                    .filter(e -> e.getValue().size() > 1)
                    .filter(e -> !e.getValue().getFirst().at().isBefore(kill))
                    .map(Map.Entry::getKey).toList();
            long sentAgain = byNotification.values().stream().filter(list -> list.size() > 1).count();
            System.out.printf("DeploymentTest: %d writes through nginx, %d answered 502 at the kill, %d notifications,"
                    + " %d sent again after the kill (first sent by the killed node)%n",
                    writes, answeredOtherwise, receiver.received().size(), sentAgain);
            assertThat(sentTwiceByLiveNodes).as("notifications first sent after the kill and sent twice").isEmpty();
        }
    }

    @Test
    void aKeyRevokedThroughOneNodeIsRefusedByEveryNodeWithinASecond() throws Exception {
        ChildPlatform first = nodes.get(0);
        ChildPlatform last = nodes.get(2);
        Http.Answer created = first.http().post("/admin/keys", "{\"tenant\": \"" + TENANT + "-keys\", \"role\": \"publisher\"}",
                "X-API-Key", ADMIN_KEY);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String key = created.json().get("key").asText();
        String keyId = key.substring(4, key.indexOf('_', 4));
        Http.Answer used = last.http().post("/ngsi-ld/v1/entities", """
                {"id": "urn:ngsi-ld:Sensor:key", "type": "Sensor", "count": {"type": "Property", "value": 0}}""",
                "NGSILD-Tenant", TENANT + "-keys", "X-API-Key", key);
        assertThat(used.status()).as(used.body()).isEqualTo(201);

        assertThat(first.http().delete("/admin/keys/" + keyId, "X-API-Key", ADMIN_KEY).status()).isEqualTo(204);
        Thread.sleep(1000);
        for (ChildPlatform node : List.of(first, last)) {
            Http.Answer refused = node.http().patch("/ngsi-ld/v1/entities/urn:ngsi-ld:Sensor:key/attrs",
                    "{\"count\": {\"type\": \"Property\", \"value\": 1}}", "NGSILD-Tenant", TENANT + "-keys", "X-API-Key", key);
            assertThat(refused.status()).as("node on port %d", node.port).isEqualTo(401);
        }
    }

    private static Http.Answer create(int n) {
        return balanced.post("/ngsi-ld/v1/entities", """
                {"id": "%s", "type": "Sensor", "count": {"type": "Property", "value": %d}}""".formatted(id(n), n),
                "NGSILD-Tenant", TENANT, "X-API-Key", ADMIN_KEY);
    }

    private static String id(int n) {
        return "urn:ngsi-ld:Sensor:" + n;
    }

    /** nginx, unprivileged, with the guide's configuration block: the nodes' ports for its servers, a local port for 443. */
    private static Process startNginx(Path directory, int port) throws IOException, InterruptedException {
        String guide = Files.readString(Path.of("..", "docs", "deploy.md"));
        Matcher block = Pattern.compile("```nginx\\n(.*?)```", Pattern.DOTALL).matcher(guide);
        assertThat(block.find()).as("docs/deploy.md has its nginx configuration").isTrue();
        String site = block.group(1);
        Matcher servers = Pattern.compile("server 10\\.0\\.0\\.1(\\d):8080").matcher(site);
        StringBuilder upstreams = new StringBuilder();
        int replaced = 0;
        while (servers.find()) {
            servers.appendReplacement(upstreams, "server 127.0.0.1:" + nodes.get(replaced++).port);
        }
        servers.appendTail(upstreams);
        assertThat(replaced).as("the guide's upstream servers").isEqualTo(nodes.size());
        site = upstreams.toString().replace("listen 443 ssl;", "listen 127.0.0.1:" + port + ";");
        for (String temporary : List.of("body", "proxy", "fastcgi", "uwsgi", "scgi")) {
            Files.createDirectories(directory.resolve(temporary));
        }
        String configuration = """
                worker_processes 1;
                pid %1$s/nginx.pid;
                events { worker_connections 256; }
                http {
                    access_log %1$s/access.log;
                    client_body_temp_path %1$s/body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;
                %2$s
                }
                """.formatted(directory, site);
        Path file = directory.resolve("nginx.conf");
        Files.writeString(file, configuration);
        Process process = new ProcessBuilder(NGINX.toString(), "-p", directory.toString(), "-e", directory.resolve("error.log").toString(),
                "-c", file.toString(), "-g", "daemon off;")
                .redirectErrorStream(true).redirectOutput(directory.resolve("nginx.out").toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(process.isAlive()).as("nginx runs: %s", Files.exists(directory.resolve("error.log"))
                    ? Files.readString(directory.resolve("error.log")) : "").isTrue();
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return process;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("nginx did not listen on port " + port);
    }
}
