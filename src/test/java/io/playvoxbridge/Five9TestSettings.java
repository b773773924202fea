package io.playvoxbridge;

import io.playvoxbridge.sandbox.Five9Fake;
import io.playvoxbridge.sandbox.PlayvoxFake;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/** Settings of the Five9 end-to-end tests: the real application against a Five9 fake and a Playvox fake (sandbox off). */
final class Five9TestSettings {

    static final ZoneId PACIFIC = ZoneId.of("America/Los_Angeles");
    static final String USER = "it.admin@example.com";
    static final String PASSWORD = "it-password";
    static final String UID = "it-uid";
    static final String KEY = "it-key";
    static final String NEVER = "0 0 0 1 1 ? 2099";

    private Five9TestSettings() {
    }

    /** @return fake options: the test's user, the seed, no rows after the start, reports of 1 s */
    static Five9Fake.Options.Builder fakeOptions(long seed) {
        return Five9Fake.Options.defaults(Map.of(USER, PASSWORD)).toBuilder().seed(seed).perMinute(0, 0)
                .historySpan(Duration.ofDays(1)).reportDuration(Duration.ofSeconds(1));
    }

    /**
     * Only Five9 polls, by hand: both feeds start a day and a minute before the fake's anchor, with windows of
     * {@code maxRange}. Every other vendor is left unset (a Five9-only setup: their routes files are not loaded).
     */
    static Map<String, String> settings(Five9Fake five9, PlayvoxFake playvox, Path stateDir, String maxRange) {
        Map<String, String> s = BridgeTestApp.baseSettings(playvox, UID, KEY, stateDir);
        s.put("five9.base-url", five9.baseUrl());
        s.put("five9.username", USER);
        s.put("five9.password", PASSWORD);
        LocalDateTime start = LocalDateTime.ofInstant(five9.anchor().minus(Duration.ofDays(1)).minusSeconds(60), PACIFIC)
                .truncatedTo(ChronoUnit.SECONDS);
        for (String feed : new String[] {"call-log", "digital"}) {
            s.put("five9." + feed + ".cron", NEVER);
            s.put("five9." + feed + ".start-at", start.toString());
            s.put("five9." + feed + ".max-range", maxRange);
        }
        return s;
    }
}
