package be.belfort.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tells this node what other nodes changed in what it keeps in memory (subscriptions, API keys, hosted
 * contexts): triggers announce each committed change on channel {@code belfort_changes} (PostgreSQL
 * LISTEN/NOTIFY), and this feed, on a connection of its own, hands each to the listener of its topic. Changes
 * arrive within milliseconds of their commit. A change that could not be heard (the connection was lost) is
 * made up for by a full refresh of every topic after the reconnection.
 */
public final class ChangeFeed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChangeFeed.class);
    static final String CHANNEL = "belfort_changes";
    private static final int WAIT_MILLIS = 500;
    /** A silent connection is checked with a query this often, so that a lost one is noticed. */
    private static final Duration CHECK = Duration.ofSeconds(5);
    private static final Duration RECONNECT = Duration.ofSeconds(1);

    /** Who keeps a topic's data in memory. */
    public interface Listener {
        /** One row changed (tenant null for rows without one). */
        void changed(String tenant, String id);

        /** Anything may have changed: read everything again. */
        void refreshAll();

        /** A listener of the changed row's tenant and id. */
        static Listener ofRows(java.util.function.BiConsumer<String, String> changed, Runnable refreshAll) {
            return new Listener() {
                @Override
                public void changed(String tenant, String id) {
                    changed.accept(tenant, id);
                }

                @Override
                public void refreshAll() {
                    refreshAll.run();
                }
            };
        }

        /** A listener that needs only the changed row's id (the tenant is part of nothing it keeps). */
        static Listener of(java.util.function.Consumer<String> changed, Runnable refreshAll) {
            return new Listener() {
                @Override
                public void changed(String tenant, String id) {
                    changed.accept(id);
                }

                @Override
                public void refreshAll() {
                    refreshAll.run();
                }
            };
        }
    }

    /** Opens a connection of the feed's own, outside the pool. */
    @FunctionalInterface
    public interface Connector {
        Connection connect() throws SQLException;
    }

    private final Connector connector;
    private final ObjectMapper json;
    private final Map<String, Listener> listeners = new ConcurrentHashMap<>();
    private volatile Connection connection;
    private volatile boolean open = true;
    private Thread reader;

    /** Listens at once, so that no change committed from now on is missed; nothing is handed over before {@link #start}. */
    public ChangeFeed(Connector connector, ObjectMapper json) {
        this.connector = connector;
        this.json = json;
        try {
            connection = listen();
        } catch (SQLException e) {
            throw SqlFailures.translate(e);
        }
    }

    public ChangeFeed on(String topic, Listener listener) {
        listeners.put(topic, listener);
        return this;
    }

    /** Hands over the changes heard since the feed was made, and every later one. */
    public ChangeFeed start() {
        reader = Thread.ofPlatform().name("belfort-change-feed").daemon().start(this::run);
        return this;
    }

    private Connection listen() throws SQLException {
        Connection listening = connector.connect();
        try (Statement statement = listening.createStatement()) {
            statement.execute("LISTEN " + CHANNEL);
        } catch (SQLException e) {
            listening.close();
            throw e;
        }
        return listening;
    }

    private void run() {
        boolean lost = false;
        while (open) {
            try {
                if (connection == null) {
                    connection = listen();
                    LOG.info("Hearing other nodes' changes again; reading subscriptions, keys and contexts anew");
                    listeners.values().forEach(ChangeFeed::refreshQuietly);
                    lost = false;
                }
                hear(connection);
            } catch (SQLException | RuntimeException e) {
                if (!open) {
                    return;
                }
                if (!lost) {
                    LOG.warn("Lost the connection that hears other nodes' changes; reconnecting: {}", e.toString());
                    lost = true;
                }
                closeQuietly(connection);
                connection = null;
                pause();
            }
        }
    }

    private void hear(Connection listening) throws SQLException {
        PGConnection pg = listening.unwrap(PGConnection.class);
        long lastCheck = System.nanoTime();
        while (open) {
            PGNotification[] notifications = pg.getNotifications(WAIT_MILLIS);
            if (notifications != null) {
                for (PGNotification notification : notifications) {
                    dispatch(notification.getParameter());
                }
            }
            if (System.nanoTime() - lastCheck > CHECK.toNanos()) {
                try (Statement check = listening.createStatement()) {
                    check.execute("SELECT 1");
                }
                lastCheck = System.nanoTime();
            }
        }
    }

    private void dispatch(String payload) {
        try {
            JsonNode change = json.readTree(payload);
            Listener listener = listeners.get(change.path("topic").asText());
            if (listener == null) {
                return;
            }
            if (change.path("id").isTextual()) {
                listener.changed(change.path("tenant").isTextual() ? change.get("tenant").asText() : null,
                        change.get("id").asText());
            } else {
                listener.refreshAll();
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not apply another node's change {}: {}", payload, e.toString());
        }
    }

    private static void refreshQuietly(Listener listener) {
        try {
            listener.refreshAll();
        } catch (RuntimeException e) {
            LOG.warn("Could not read anew what other nodes changed: {}", e.toString());
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // Lost already.
            }
        }
    }

    private void pause() {
        try {
            Thread.sleep(RECONNECT);
        } catch (InterruptedException e) {
            open = false;
        }
    }

    @Override
    public void close() {
        open = false;
        if (reader != null) {
            reader.interrupt();
            try {
                reader.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closeQuietly(connection);
    }
}
