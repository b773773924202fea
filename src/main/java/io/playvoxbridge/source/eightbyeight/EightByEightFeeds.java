package io.playvoxbridge.source.eightbyeight;

import io.playvoxbridge.ActiveFeeds;
import io.playvoxbridge.BridgeConfigurationException;
import io.playvoxbridge.FeedWiring;

/**
 * Binds the beans of the EightByEight feeds that run ({@link ActiveFeeds}). Not wired yet: the translators and the sandbox
 * fake exist, the routes file does not (issue 4).
 */
public final class EightByEightFeeds {

    private EightByEightFeeds() {
    }

    /**
     * @param w the shared wiring
     * @throws BridgeConfigurationException naming the key of a bad EightByEight setting
     */
    public static void configure(FeedWiring w) {
        // wired by issue 4: routes/sources/eightbyeight-*.camel.yaml and their beans
    }
}
