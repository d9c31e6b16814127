package be.belfort.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The warm-up at start drives the real write, notification and read paths, then leaves no trace: no row of its
 * tenant, no key, no exception to the outbound rules, no request in the clients' metrics.
 */
class WarmUpTest {
    private static final Duration WARM_UP = Duration.ofSeconds(3);
    private static Path data;
    private static Platform platform;

    @BeforeAll
    static void start() throws SQLException {
        data = TestPlatform.temporaryDirectory();
        // A tenant left by a warm-up that died two hours ago, with an entity: the next start removes it.
        try (Platform first = Platform.start(Settings.embedded(data, 0))) {
            execute(first, "INSERT INTO tenants (name, created_at) VALUES ('" + WarmUp.TENANT_PREFIX + "dead',"
                    + " now() - interval '2 hours')");
            execute(first, "INSERT INTO entities (tenant, id, types, attrs, created_at, modified_at) VALUES ('"
                    + WarmUp.TENANT_PREFIX + "dead', 'urn:ngsi-ld:Thing:left', '{Thing}', '{}', now(), now())");
        }
        // Access control on, its default rate limits, and no loopback or private address allowed to be called.
        platform = Platform.start(Settings.embedded(data, 0).withWarmUp(WARM_UP));
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    void itUpdatesQueriesAndNotifiesWithoutAFailure() {
        WarmUp.Figures figures = platform.warmUpFigures();
        assertThat(figures).as("the warm-up ran").isNotNull();
        assertThat(figures.failed()).as(String.valueOf(figures.firstFailure())).isZero();
        assertThat(figures.requests()).isGreaterThan(200);
        assertThat(figures.notificationsExpected()).isPositive();
        assertThat(figures.notified()).as("its receiver was called despite the outbound rules")
                .isPositive().isLessThanOrEqualTo(figures.notificationsExpected());
        assertThat(figures.took()).isGreaterThanOrEqualTo(WARM_UP);
    }

    @Test
    void itLeavesNoRowOfItsTenantAndRemovesLeftovers() throws SQLException {
        WarmUp.Figures figures = platform.warmUpFigures();
        assertThat(figures.rowsRemoved()).isGreaterThan(figures.notificationsExpected());
        assertThat(rowsOfTenantsNamed("")).as("the count finds rows where there are").containsKey("tenants");
        assertThat(rowsOfTenantsNamed(WarmUp.TENANT_PREFIX + "%")).isEmpty();
        assertThat(count("SELECT count(*) FROM notification_changes")).as("the changes its notifications kept").isZero();
        assertThat(count("SELECT count(*) FROM api_keys WHERE description LIKE '%warm-up%'")).isZero();
    }

    @Test
    void itsReceiverMayNotBeCalledAnyMore() {
        URI receiver = platform.warmUpFigures().receiver();
        assertThat(platform.outbound().refusal(URI.create(receiver + "/notify"))).contains("loopback");
    }

    @Test
    void itsRequestsAreNotInTheClientsMetrics() {
        Http http = new Http(platform.port());
        assertThat(http.get("/health/live").status()).as("a client's request, timed").isEqualTo(200);
        Http.Answer metrics = http.get("/metrics");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("http_server_requests").doesNotContain("method=\"PATCH\"");
    }

    @Test
    void aTakenPortIsSaidAtOnceNotAfterTheWarmUp() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> Platform.start(Settings.embedded(TestPlatform.temporaryDirectory(), taken.getLocalPort())
                    .with(copy -> copy.host = "127.0.0.1").withWarmUp(Duration.ofMinutes(5))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("in use");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMinutes(5));
        }
    }

    /**
     * Rows per table of the tenants whose name is like the pattern, in every table with a tenant column and in the
     * list of tenants: one statement, each table counted by {@code query_to_xml}.
     */
    private static Map<String, Long> rowsOfTenantsNamed(String pattern) throws SQLException {
        Map<String, Long> rows = new LinkedHashMap<>();
        try (Connection connection = platform.dataSource().getConnection();
             PreparedStatement select = connection.prepareStatement("""
                     SELECT name, (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %I WHERE %I LIKE %L',
                                   name, kind, ?::text), false, true, '')))[1]::text::bigint
                       FROM (SELECT table_name::text, 'tenant' FROM information_schema.columns
                              WHERE table_schema = current_schema() AND column_name = 'tenant'
                             UNION ALL SELECT 'tenants', 'name') AS tables (name, kind)""")) {
            select.setString(1, pattern);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    if (row.getLong(2) > 0) {
                        rows.put(row.getString(1), row.getLong(2));
                    }
                }
            }
        }
        return rows;
    }

    private static long count(String sql) throws SQLException {
        try (Connection connection = platform.dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }

    private static void execute(Platform on, String sql) throws SQLException {
        try (Connection connection = on.dataSource().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
