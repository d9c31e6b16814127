package be.belfort.dashboard;

import be.belfort.model.ChangeListener;
import be.belfort.model.Entity;
import be.belfort.model.EntityChange;
import be.belfort.model.EntityTransaction;
import be.belfort.model.ReadScope;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.UnaryOperator;

/**
 * Committed entity changes, passed on to the viewers of each city's live map. A write only pays for this when
 * someone watches its tenant, and then only a hand-over to one background thread after its commit: filtering
 * by each viewer's read scope and rendering happen there, and each viewer has a bounded queue of its own, so a
 * slow viewer loses changes rather than slowing a write or another viewer.
 */
public final class LiveChanges implements ChangeListener, AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LiveChanges.class);
    private final CityMap map;
    private final UnaryOperator<String> compact;
    private final Map<String, Set<Viewer>> viewers = new ConcurrentHashMap<>();
    private final ExecutorService publisher = Executors.newSingleThreadExecutor(
            Thread.ofVirtual().name("belfort-dashboard-live").factory());

    public LiveChanges(CityMap map, UnaryOperator<String> compact) {
        this.map = map;
        this.compact = compact;
    }

    /** One entity as it is now, for a viewer's map and table. */
    public record Change(String layer, CityMap.Row row) {
    }

    /** Someone watching a city: what it may read, in which language, and where its changes go. */
    public interface Viewer {
        ReadScope scope();

        Texts texts();

        /** Hands over a change without waiting; false when the viewer's queue is full (the change is dropped). */
        boolean offer(Change change);
    }

    public void watch(String tenant, Viewer viewer) {
        viewers.computeIfAbsent(tenant, t -> ConcurrentHashMap.newKeySet()).add(viewer);
    }

    public void stopWatching(String tenant, Viewer viewer) {
        viewers.computeIfPresent(tenant, (t, watching) -> {
            watching.remove(viewer);
            return watching.isEmpty() ? null : watching;
        });
    }

    /** How many viewers watch now, over all cities. */
    public int viewers() {
        return viewers.values().stream().mapToInt(Set::size).sum();
    }

    @Override
    public boolean watches(String tenant) {
        return viewers.containsKey(tenant);
    }

    @Override
    public Runnable changed(String tenant, EntityTransaction tx, List<EntityChange> changes) {
        if (!watches(tenant)) {
            return null;
        }
        List<Entity> current = new ArrayList<>(changes.size());
        for (EntityChange change : changes) {
            if (change.after() != null) {
                current.add(change.after());
            }
        }
        return current.isEmpty() ? null : () -> {
            try {
                publisher.execute(() -> {
                    try {
                        publish(tenant, current);
                    } catch (RuntimeException e) {
                        // One change that cannot be shown must not stop the changes after it.
                        LOG.warn("A change in tenant '{}' could not be passed to its live viewers", tenant, e);
                    }
                });
            } catch (RejectedExecutionException stopping) {
                // The platform is stopping: nobody is left to tell.
            }
        };
    }

    private void publish(String tenant, List<Entity> entities) {
        for (Viewer viewer : viewers.getOrDefault(tenant, Set.of())) {
            ReadScope scope = viewer.scope();
            for (Entity entity : entities) {
                if (!entity.types().isEmpty() && scope.allows(entity)) {
                    String layer = compact.apply(entity.types().getFirst());
                    viewer.offer(new Change(layer, map.row(scope.trim(entity), layer, viewer.texts())));
                }
            }
        }
    }

    @Override
    public void close() {
        publisher.shutdownNow();
    }
}
