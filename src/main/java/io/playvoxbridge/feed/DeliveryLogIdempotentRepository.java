package io.playvoxbridge.feed;

import io.playvoxbridge.state.DeliveryLog;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The Idempotent Consumer's repository over the delivery log: a key ({@link FeedRecord#deliveryKey()},
 * {@code <integration>|<interaction_id>}) is a duplicate when Playvox already confirmed it (the delivery log)
 * or when the same key is in flight right now (fetched, not yet confirmed or dead-lettered).
 *
 * <p>Keys are written to the delivery log only when a Playvox job confirms the interaction, never on entry;
 * this repository only holds the in-flight set, released by {@link #remove(String)} when the record settles.
 */
public final class DeliveryLogIdempotentRepository extends ServiceSupport implements IdempotentRepository {

    private final DeliveryLog deliveryLog;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    /** @param deliveryLog the delivery log of confirmed interactions */
    public DeliveryLogIdempotentRepository(DeliveryLog deliveryLog) {
        this.deliveryLog = deliveryLog;
    }

    /** @return true when the key is new (not delivered, not in flight) and is now marked in flight */
    @Override
    public boolean add(String key) {
        if (isDelivered(key)) {
            return false;
        }
        return inFlight.add(key);
    }

    /** @return true when the key is delivered or in flight */
    @Override
    public boolean contains(String key) {
        return inFlight.contains(key) || isDelivered(key);
    }

    /** Releases an in-flight key (its record settled or failed). @return true if it was in flight */
    @Override
    public boolean remove(String key) {
        return inFlight.remove(key);
    }

    /** Nothing to do: confirmation is the Playvox job's, recorded in the delivery log. @return true */
    @Override
    public boolean confirm(String key) {
        return true;
    }

    /** Forgets the in-flight set (the delivery log is kept). */
    @Override
    public void clear() {
        inFlight.clear();
    }

    /** @return keys currently in flight */
    public int inFlightCount() {
        return inFlight.size();
    }

    private boolean isDelivered(String key) {
        int bar = key.indexOf('|');
        return bar > 0 && deliveryLog.contains(key.substring(0, bar), key.substring(bar + 1));
    }
}
