package be.belfort.bench;

import java.net.http.HttpRequest;
import java.util.Set;

/** One kind of request the bench sends over and over. */
public interface Workload {

    String name();

    /** The next request of a worker; {@code sequence} counts that worker's requests. */
    HttpRequest next(int worker, long sequence);

    /** The statuses that count as success. */
    Set<Integer> expectedStatuses();

    /** How many entities one request carries (batch size for batches, else 1). */
    default int entitiesPerRequest() {
        return 1;
    }
}
