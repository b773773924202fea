package io.playvoxbridge.sandbox;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** How many requests each injected fault of a fake has hit, by fault name, in the order the names were given. */
final class FaultCounters {

    private final Map<String, AtomicInteger> counts = new LinkedHashMap<>();

    /** @param names the fault names, e.g. {@code connection_reset}, {@code server_error} */
    FaultCounters(List<String> names) {
        names.forEach(name -> counts.put(name, new AtomicInteger()));
    }

    /**
     * Counts one hit.
     *
     * @throws IllegalArgumentException for a name not given to the constructor
     */
    void hit(String name) {
        AtomicInteger count = counts.get(name);
        if (count == null) {
            throw new IllegalArgumentException("unknown fault " + name);
        }
        count.incrementAndGet();
    }

    /** @return fault name to hits so far, unmodifiable, in the order of the names */
    Map<String, Integer> snapshot() {
        Map<String, Integer> out = new LinkedHashMap<>();
        counts.forEach((name, count) -> out.put(name, count.get()));
        return Collections.unmodifiableMap(out);
    }
}
