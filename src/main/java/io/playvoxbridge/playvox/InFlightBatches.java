package io.playvoxbridge.playvox;

import io.playvoxbridge.feed.FeedRecordCodec;
import io.playvoxbridge.state.InFlightBatchStore;
import io.playvoxbridge.state.InFlightBatchStore.InFlightBatch;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bulk batches this process has in flight, persisted before each POST ({@link InFlightBatchStore}). A stored
 * batch that this process does not own (left by a crash, or given up on by the dead-letter route) is an orphan:
 * its outcome is unknown until {@link PlayvoxReconciler} asks Playvox.
 */
public final class InFlightBatches {

    private final InFlightBatchStore store;
    private final FeedRecordCodec codec;
    private final Set<String> owned = ConcurrentHashMap.newKeySet();

    /** @param store the table; @param codec the records' JSON form */
    public InFlightBatches(InFlightBatchStore store, FeedRecordCodec codec) {
        this.store = store;
        this.codec = codec;
    }

    /**
     * Persists a batch about to be POSTed.
     *
     * @param batch 1-100 records of one integration
     * @return the batch id
     * @throws io.playvoxbridge.state.StateDatabaseException when it cannot be stored (then nothing is sent)
     */
    public String open(PlayvoxBatch batch) {
        String id = UUID.randomUUID().toString();
        owned.add(id);
        store.open(id, batch.integration(), batch.records().get(0).feed(), codec.write(batch.records()));
        return id;
    }

    /** Records the job id of a batch. @param id the batch; @param jobId Playvox's job id */
    public void jobAccepted(String id, String jobId) {
        store.jobAccepted(id, jobId);
    }

    /** Deletes a batch whose records all settled. @param id the batch */
    public void close(String id) {
        store.close(id);
        owned.remove(id);
    }

    /**
     * @param id a batch id, or null
     * @return true while this process's running work owns the batch (it was opened and neither closed nor released)
     */
    public boolean owns(String id) {
        return id != null && owned.contains(id);
    }

    /** Gives up ownership of a batch (the dead-letter route took it, or the work was cut short), so reconciliation checks it. @param id the batch */
    public void release(String id) {
        owned.remove(id);
    }

    /**
     * @param integration an integration name
     * @return its stored batches that no running work of this process owns, oldest first
     */
    public List<InFlightBatch> orphans(String integration) {
        return store.list().stream()
                .filter(b -> b.integration().equals(integration) && !owned.contains(b.id()))
                .toList();
    }

    /** @param batch a stored batch @return its records */
    public List<io.playvoxbridge.feed.FeedRecord> records(InFlightBatch batch) {
        return codec.read(batch.records());
    }

    /** @param id a stored batch to delete after reconciliation */
    public void forget(String id) {
        store.close(id);
    }
}
