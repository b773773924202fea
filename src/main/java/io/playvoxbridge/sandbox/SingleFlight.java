package io.playvoxbridge.sandbox;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One request at a time per key (an API token, an administrator user): a fake takes a lease for the key of each
 * request and refuses a request whose key is already leased. Thread-safe.
 */
final class SingleFlight {

    private final Set<String> busy = ConcurrentHashMap.newKeySet();

    /** The lease of one request; released once, however often {@link #release()} is called. */
    final class Lease {
        private final String key;
        private final AtomicBoolean released = new AtomicBoolean();

        private Lease(String key) {
            this.key = key;
        }

        /** Frees the key for the next request. Idempotent. */
        void release() {
            if (released.compareAndSet(false, true)) {
                busy.remove(key);
            }
        }
    }

    /**
     * @param key the request's key
     * @return the lease, or null when another request holds the key
     */
    Lease tryAcquire(String key) {
        return busy.add(key) ? new Lease(key) : null;
    }

    /** @return the keys leased right now */
    Set<String> busy() {
        return Set.copyOf(busy);
    }
}
