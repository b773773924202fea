package io.playvoxbridge.source.five9;

import io.playvoxbridge.ActiveFeeds;
import io.playvoxbridge.BridgeConfigurationException;
import io.playvoxbridge.FeedWiring;

/**
 * Binds the beans of the Five9 feeds that run ({@link ActiveFeeds}). Not wired yet: the translators and the sandbox
 * fake exist, the routes file does not (issue 4).
 */
public final class Five9Feeds {

    private Five9Feeds() {
    }

    /**
     * @param w the shared wiring
     * @throws BridgeConfigurationException naming the key of a bad Five9 setting
     */
    public static void configure(FeedWiring w) {
        // wired by issue 4: routes/sources/five9-*.camel.yaml and their beans
    }
}
