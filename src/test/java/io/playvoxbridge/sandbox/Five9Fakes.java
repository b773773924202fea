package io.playvoxbridge.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit extension (register it with {@code @RegisterExtension}) that starts Five9 fakes for a test, on a fixed clock
 * with reports done at once unless the test says otherwise, and stops them after the test.
 */
final class Five9Fakes implements AfterEachCallback {

    private final Map<String, String> users;
    private final Instant now;
    private final List<Five9Fake> started = new ArrayList<>();

    /**
     * @param users administrator users: user name to password
     * @param now   the fixed clock's instant
     */
    Five9Fakes(Map<String, String> users, Instant now) {
        this.users = Map.copyOf(users);
        this.now = now;
    }

    /**
     * @param settings changes to the defaults
     * @return the started fake, on an ephemeral port
     */
    Five9Fake start(Consumer<Five9Fake.Options.Builder> settings) {
        Five9Fake.Options.Builder options = Five9Fake.Options.defaults(users).toBuilder()
                .clock(Clock.fixed(now, ZoneOffset.UTC)).reportDuration(Duration.ZERO);
        settings.accept(options);
        Five9Fake fake = new Five9Fake(options.build());
        fake.start(0);
        started.add(fake);
        return fake;
    }

    /**
     * @param user one of the administrator users
     * @return a client of the fake started last, logged in as that user
     */
    io.playvoxbridge.source.five9.Five9SandboxClient client(String user) {
        return new io.playvoxbridge.source.five9.Five9SandboxClient(started.get(started.size() - 1).serviceUrl(), user,
                users.get(user));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        started.forEach(Five9Fake::close);
        started.clear();
    }
}
