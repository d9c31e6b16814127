package be.belfort.storage;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Whether the database answers a query in time, for health checks. A database that hangs must not hang the
 * check: the query runs on a thread of its own and the caller waits a bounded time. At most one query is under
 * way; checks that come while it runs wait for the same answer, so a hanging database collects no threads.
 */
public final class QueryProbe {
    private final DataSource dataSource;
    private final AtomicReference<CompletableFuture<Boolean>> underWay =
            new AtomicReference<>(CompletableFuture.completedFuture(false));

    public QueryProbe(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public boolean answersWithin(Duration timeout) {
        CompletableFuture<Boolean> check = underWay.get();
        if (check.isDone()) {
            CompletableFuture<Boolean> next = new CompletableFuture<>();
            if (underWay.compareAndSet(check, next)) {
                Thread.ofVirtual().name("belfort-database-probe").start(() -> next.complete(query(timeout)));
            }
            check = underWay.get();
        }
        try {
            return check.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private boolean query(Duration timeout) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.setQueryTimeout((int) Math.max(1, timeout.toSeconds()));
            return statement.execute("SELECT 1");
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }
}
