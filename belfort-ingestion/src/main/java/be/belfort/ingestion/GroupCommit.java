package be.belfort.ingestion;

import be.belfort.model.BatchItem;
import be.belfort.model.BatchResult;
import be.belfort.model.CommitGroups;
import be.belfort.model.Entity;
import be.belfort.model.EntityService;
import be.belfort.model.NgsiLdException;
import be.belfort.model.ServiceUnavailable;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Writes the measurements of many devices in one transaction, through the model's {@link CommitGroups}: whatever
 * has arrived (up to the batch size, waiting at most the linger time for more) is written through
 * {@link EntityService#batchAppendCreating} per tenant, and each caller learns how its own write went once the
 * transaction committed. Two writes to the same entity never share a transaction, so the history keeps both; an
 * entity's writes keep their arrival order.
 */
public final class GroupCommit implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);

    /** One entity's new attributes, its types, and what it starts with when it does not exist yet. */
    public record Write(String tenant, String entityId, List<String> types, Map<String, List<ObjectNode>> attributes,
                        Supplier<Map<String, List<ObjectNode>>> atCreation) {
    }

    private final EntityService entities;
    private final CommitGroups<Write, Void> groups;

    public GroupCommit(EntityService entities, int batchSize, Duration linger, int lanes) {
        this.entities = entities;
        this.groups = new CommitGroups<>("measurements", new CommitGroups.Options(batchSize, linger, lanes,
                Math.max(1000, batchSize * 20)), write -> write.tenant() + '\u0000' + write.entityId(), this::commit);
    }

    /** Writes and waits for the commit; the write's own failure (a limit, a bad value) is thrown as it is. */
    public void write(Write write) {
        groups.write(write);
    }

    /**
     * Writes many entities (a feed's records) and waits for their commits; each write's failure, or null for a
     * write committed, in the order of the writes. The writes may share transactions with other callers'.
     */
    public List<RuntimeException> writeAll(List<Write> writes) {
        List<CompletableFuture<Void>> queued = writes.stream().map(groups::enqueue).toList();
        List<RuntimeException> failures = new ArrayList<>();
        for (CompletableFuture<Void> done : queued) {
            try {
                CommitGroups.await(done);
                failures.add(null);
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        return failures;
    }

    /** Transactions committed and the writes they carried, for the figures. */
    public long[] figures() {
        CommitGroups.Figures figures = groups.figures();
        return new long[] {figures.groups(), figures.writes()};
    }

    private void commit(List<CommitGroups.Pending<Write, Void>> batch) {
        Map<String, List<CommitGroups.Pending<Write, Void>>> byTenant = new LinkedHashMap<>();
        batch.forEach(pending -> byTenant.computeIfAbsent(pending.write().tenant(), t -> new ArrayList<>()).add(pending));
        byTenant.forEach(this::commit);
    }

    private void commit(String tenant, List<CommitGroups.Pending<Write, Void>> batch) {
        Map<String, CommitGroups.Pending<Write, Void>> byEntity = new LinkedHashMap<>();
        List<BatchItem> items = new ArrayList<>();
        for (CommitGroups.Pending<Write, Void> pending : batch) {
            Write write = pending.write();
            byEntity.put(write.entityId(), pending);
            items.add(BatchItem.of(new Entity(write.entityId(), write.types(), null, null, null, write.attributes())));
        }
        try {
            BatchResult result = entities.batchAppendCreating(tenant, items,
                    id -> byEntity.get(id).write().atCreation().get());
            for (BatchResult.BatchError error : result.errors()) {
                byEntity.remove(error.entityId()).fail(error.error());
            }
            byEntity.values().forEach(pending -> pending.succeed(null));
        } catch (NgsiLdException e) {
            batch.forEach(pending -> pending.fail(e));
        } catch (RuntimeException e) {
            LOG.warn("A group commit of {} writes failed: {}", batch.size(), e.toString());
            batch.forEach(pending -> pending.fail(new ServiceUnavailable(
                    "The measurements could not be written now; send again later", Duration.ofSeconds(1), e)));
        }
    }

    /** Stops taking writes; those already taken are written first. */
    @Override
    public void close() {
        groups.close();
    }
}
