package io.playvoxbridge.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A test clock (UTC) that stands still until a test moves it; shared by the fakes' and the health checks' tests. */
public final class MutableClock extends Clock {

    private final AtomicReference<Instant> now;

    /** @param start the instant it shows until moved */
    public MutableClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    /** @param instant the instant it shows from now on */
    public void set(Instant instant) {
        now.set(instant);
    }

    /** @param duration how far to move it forward */
    public void advance(Duration duration) {
        now.updateAndGet(i -> i.plus(duration));
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now.get();
    }
}
