package be.belfort.model;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Writes that arrive while a transaction runs are committed together by the next one, each with its own result or
 * failure, acknowledged only once that transaction committed.
 */
class EntityServiceGroupCommitTest {
    private static final String TENANT = "city";
    private static final String SPOTS = "https://uri.etsi.org/ngsi-ld/default-context/availableSpotNumber";
    private final MemoryEntityStore store = new MemoryEntityStore();
    private final EntityService service = new EntityService(store, Clock.systemUTC(), new GroupCommitSettings(64, 1, 100));
    private final ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor();

    @AfterEach
    void stop() {
        requests.shutdownNow();
        service.close();
    }

    @Test
    void writesThatArriveTogetherShareOneTransactionEachWithItsOwnResult() throws Exception {
        for (int i = 0; i < 6; i++) {
            store.put(parking("p" + i, 10));
        }
        Future<?> first = holdTheCommitterWith(() -> update("p0", 1));
        Map<String, Future<?>> together = new LinkedHashMap<>();
        together.put("p1", submit(() -> update("p1", 11)));
        together.put("p2", submit(() -> update("p2", 12)));
        together.put("missing", submit(() -> update("missing", 13)));
        together.put("p3", submit(() -> service.appendAttributes(TENANT, "p3", Map.of(SPOTS, List.of(value(14))), null,
                List.of(), true)));
        together.put("p4", submit(() -> {
            service.delete(TENANT, "p4");
            return null;
        }));
        together.put("new", submit(() -> {
            service.create(TENANT, parking("new", 15));
            return null;
        }));
        together.put("p5", submit(() -> {
            service.create(TENANT, parking("p5", 16));
            return null;
        }));
        awaitQueued(together.size());
        store.release();
        first.get(10, TimeUnit.SECONDS);

        assertThat(together.get("p1").get()).isNull();
        assertThat(together.get("p2").get()).isNull();
        assertThat(failureOf(together.get("missing"))).isInstanceOf(NgsiLdException.class)
                .satisfies(e -> assertThat(((NgsiLdException) e).type()).isEqualTo(ErrorType.RESOURCE_NOT_FOUND));
        UpdateResult kept = (UpdateResult) together.get("p3").get();
        assertThat(kept.notUpdated()).extracting(UpdateResult.NotUpdated::attributeName).containsExactly(SPOTS);
        assertThat(together.get("p4").get()).isNull();
        assertThat(together.get("new").get()).isNull();
        assertThat(failureOf(together.get("p5"))).isInstanceOf(NgsiLdException.class)
                .satisfies(e -> assertThat(((NgsiLdException) e).type()).isEqualTo(ErrorType.ALREADY_EXISTS));

        assertThat(store.transactions).as("one transaction for the first write, one for all the others")
                .containsExactly(Set.of("p0"), Set.of("p1", "p2", "missing", "p3", "p4", "new", "p5"));
        assertThat(spots("p1")).isEqualTo(11);
        assertThat(spots("p2")).isEqualTo(12);
        assertThat(spots("p3")).isEqualTo(10);
        assertThat(store.get("p4")).isNull();
        assertThat(spots("new")).isEqualTo(15);
        assertThat(spots("p5")).isEqualTo(10);
        assertThat(store.historyOf("p1")).containsExactly(SPOTS + "=11");
        assertThat(store.historyOf("p4")).containsExactly("deleted");
        assertThat(store.historyOf("new")).containsExactly(SPOTS + "=15");
        assertThat(service.groupFigures().writes()).isEqualTo(8);
        assertThat(service.groupFigures().groups()).isEqualTo(2);
    }

    @Test
    void aValueTheDatabaseRefusesFailsOnlyItsOwnWrite() throws Exception {
        for (int i = 0; i < 4; i++) {
            store.put(parking("p" + i, 10));
        }
        store.refusedId = "p2";
        Future<?> first = holdTheCommitterWith(() -> update("p0", 1));
        List<Future<?>> together = new ArrayList<>();
        for (int i = 1; i < 4; i++) {
            int n = i;
            together.add(submit(() -> update("p" + n, 20 + n)));
        }
        awaitQueued(3);
        store.release();
        first.get(10, TimeUnit.SECONDS);

        assertThat(together.get(0).get()).isNull();
        assertThat(failureOf(together.get(1))).isInstanceOf(NgsiLdException.class)
                .satisfies(e -> assertThat(((NgsiLdException) e).type()).isEqualTo(ErrorType.BAD_REQUEST_DATA));
        assertThat(together.get(2).get()).isNull();
        assertThat(spots("p1")).isEqualTo(21);
        assertThat(spots("p2")).isEqualTo(10);
        assertThat(spots("p3")).isEqualTo(23);
        assertThat(store.historyOf("p2")).isEmpty();
        assertThat(store.transactions).as("the group, rolled back, then each write alone").hasSize(5);
        assertThat(store.transactions.subList(0, 2)).containsExactly(Set.of("p0"), Set.of("p1", "p2", "p3"));
        // each write goes again on its own request's thread, so in any order
        assertThat(store.transactions.subList(2, 5)).containsExactlyInAnyOrder(Set.of("p1"), Set.of("p2"), Set.of("p3"));
    }

    @Test
    void aFailedGroupCommitAcknowledgesNone() throws Exception {
        for (int i = 0; i < 4; i++) {
            store.put(parking("p" + i, 10));
        }
        Future<?> first = holdTheCommitterWith(() -> update("p0", 1));
        List<Future<?>> together = new ArrayList<>();
        for (int i = 1; i < 4; i++) {
            int n = i;
            together.add(submit(() -> update("p" + n, 50 + n)));
        }
        awaitQueued(3);
        // The first transaction commits; the group's commit after it fails.
        store.failCommit = locked -> locked.size() > 1;
        store.release();
        first.get(10, TimeUnit.SECONDS);
        for (Future<?> write : together) {
            assertThat(failureOf(write)).isInstanceOf(ServiceUnavailable.class);
        }
        assertThat(store.transactions).as("the group was not tried again write by write")
                .containsExactly(Set.of("p0"), Set.of("p1", "p2", "p3"));
        for (int i = 1; i < 4; i++) {
            assertThat(spots("p" + i)).isEqualTo(10);
            assertThat(store.historyOf("p" + i)).isEmpty();
        }
        // The next writes commit as usual.
        update("p1", 60);
        assertThat(spots("p1")).isEqualTo(60);
    }

    @Test
    void underLoadWithCommitsFailingEveryAcknowledgedWriteIsCommittedAndNoOtherIs() throws Exception {
        int entities = 20;
        for (int i = 0; i < entities; i++) {
            store.put(parking("p" + i, 0));
        }
        java.util.concurrent.atomic.AtomicInteger commits = new java.util.concurrent.atomic.AtomicInteger();
        store.failCommit = locked -> commits.incrementAndGet() % 3 == 0;
        Map<Integer, Future<?>> writes = new LinkedHashMap<>();
        for (int value = 1; value <= 600; value++) {
            int v = value;
            writes.put(v, submit(() -> update("p" + (v % entities), v)));
        }
        Set<String> acknowledged = new java.util.HashSet<>();
        for (Map.Entry<Integer, Future<?>> write : writes.entrySet()) {
            try {
                write.getValue().get(30, TimeUnit.SECONDS);
                acknowledged.add(SPOTS + "=" + write.getKey());
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(ServiceUnavailable.class);
            }
        }
        Set<String> committed = new java.util.HashSet<>();
        for (int i = 0; i < entities; i++) {
            committed.addAll(store.historyOf("p" + i));
        }
        assertThat(committed).as("the history holds exactly the acknowledged writes").isEqualTo(acknowledged);
        assertThat(acknowledged).isNotEmpty().hasSizeLessThan(writes.size());
        assertThat(service.groupFigures().writes()).isEqualTo(writes.size());
    }

    @Test
    void anEntityAnotherTransactionHoldsHoldsUpNoGroupItsWriteWaitsAlone() throws Exception {
        for (int i = 0; i < 4; i++) {
            store.put(parking("p" + i, 10));
        }
        store.heldElsewhere = Set.of("p1");
        Future<?> first = holdTheCommitterWith(() -> update("p0", 1));
        List<Future<?>> together = new ArrayList<>();
        for (int i = 1; i < 4; i++) {
            int n = i;
            together.add(submit(() -> update("p" + n, 80 + n)));
        }
        awaitQueued(3);
        store.release();
        first.get(10, TimeUnit.SECONDS);
        for (Future<?> write : together) {
            assertThat(write.get(10, TimeUnit.SECONDS)).isNull();
        }
        assertThat(store.transactions).as("the group without p1, then p1's write alone, waiting for its lock")
                .containsExactly(Set.of("p0"), Set.of("p1", "p2", "p3"), Set.of("p1"));
        assertThat(List.of(spots("p1"), spots("p2"), spots("p3"))).containsExactly(81, 82, 83);
        assertThat(store.historyOf("p1")).containsExactly(SPOTS + "=81");
    }

    @Test
    void writesOfOneEntityNeverShareATransactionAndKeepTheirOrder() throws Exception {
        store.put(parking("p0", 10));
        store.put(parking("p1", 10));
        Future<?> first = holdTheCommitterWith(() -> update("p0", 1));
        List<Future<?>> writes = new ArrayList<>();
        for (int value = 71; value <= 73; value++) {
            int v = value;
            writes.add(submit(() -> update("p1", v)));
            awaitQueued(writes.size());
        }
        store.release();
        first.get(10, TimeUnit.SECONDS);
        for (Future<?> write : writes) {
            assertThat(write.get(10, TimeUnit.SECONDS)).isNull();
        }
        assertThat(store.historyOf("p1")).containsExactly(SPOTS + "=71", SPOTS + "=72", SPOTS + "=73");
        assertThat(spots("p1")).isEqualTo(73);
        assertThat(store.transactions).containsExactly(Set.of("p0"), Set.of("p1"), Set.of("p1"), Set.of("p1"));
    }

    @Test
    void withoutGroupingEachWriteHasItsOwnTransactionAndAFailureRollsItBack() {
        EntityService alone = new EntityService(store, Clock.systemUTC());
        store.put(parking("p0", 10));
        alone.partialAttributeUpdate(TENANT, "p0", SPOTS, value(5));
        assertThatThrownBy(() -> alone.partialAttributeUpdate(TENANT, "nothing", SPOTS, value(5)))
                .isInstanceOf(NgsiLdException.class);
        store.refusedId = "p0";
        assertThatThrownBy(() -> alone.partialAttributeUpdate(TENANT, "p0", SPOTS, value(6)))
                .isInstanceOf(NgsiLdException.class);
        assertThat(spots("p0")).isEqualTo(5);
        assertThat(store.historyOf("p0")).containsExactly(SPOTS + "=5");
    }

    /** Starts a write whose transaction the store holds, so that the next writes queue up behind it. */
    private Future<?> holdTheCommitterWith(Callable<Object> write) throws InterruptedException {
        store.holdNext();
        Future<?> held = submit(write);
        store.awaitHolding();
        return held;
    }

    private void awaitQueued(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (service.groupFigures().queued() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("writes queued: " + service.groupFigures().queued() + " of " + count);
            }
            Thread.sleep(5);
        }
    }

    private Future<?> submit(Callable<Object> write) {
        return requests.submit(write);
    }

    private Object update(String id, int spots) {
        service.partialAttributeUpdate(TENANT, id, SPOTS, value(spots));
        return null;
    }

    private int spots(String id) {
        return store.get(id).attributes().get(SPOTS).getFirst().path(Members.VALUE).asInt();
    }

    private static Throwable failureOf(Future<?> write) throws InterruptedException {
        try {
            write.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no answer", e);
        }
        throw new AssertionError("the write succeeded");
    }

    private static ObjectNode value(int spots) {
        return JsonNodeFactory.instance.objectNode().put(Members.TYPE, "Property").put(Members.VALUE, spots);
    }

    private static Entity parking(String id, int spots) {
        Map<String, List<ObjectNode>> attributes = new LinkedHashMap<>();
        attributes.put(SPOTS, new ArrayList<>(List.of(value(spots))));
        return new Entity(id, List.of("https://smartdatamodels.org/dataModel.Parking/OffStreetParking"), null, null, null,
                attributes);
    }
}
