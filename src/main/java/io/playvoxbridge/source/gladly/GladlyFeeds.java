package io.playvoxbridge.source.gladly;

import io.playvoxbridge.ActiveFeeds;
import io.playvoxbridge.BridgeConfigurationException;
import io.playvoxbridge.FeedWiring;

/**
 * Binds the beans of the Gladly feeds that run ({@link ActiveFeeds}). Not wired yet: the translators and the sandbox
 * fake exist, the routes file does not (issue 4).
 */
public final class GladlyFeeds {

    private GladlyFeeds() {
    }

    /**
     * @param w the shared wiring
     * @throws BridgeConfigurationException naming the key of a bad Gladly setting
     */
    public static void configure(FeedWiring w) {
        // wired by issue 4: routes/sources/gladly-*.camel.yaml and their beans
    }
}
