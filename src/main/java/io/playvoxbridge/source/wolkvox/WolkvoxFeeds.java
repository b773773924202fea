package io.playvoxbridge.source.wolkvox;

import io.playvoxbridge.ActiveFeeds;
import io.playvoxbridge.BridgeConfigurationException;
import io.playvoxbridge.BridgeSettings;
import io.playvoxbridge.FeedWiring;
import io.playvoxbridge.feed.FeedWindowPlanner;
import io.playvoxbridge.playvox.IntegrationDefinition;
import java.time.Duration;
import java.time.ZoneId;

/**
 * Binds the beans of the Wolkvox feeds that run ({@link ActiveFeeds}): {@code wolkvox-chat} ({@code chat_4}),
 * {@code wolkvox-survey} ({@code diagram_4}) and {@code wolkvox-conversations} ({@code chat_1} + {@code chat_2}).
 * Settings: {@code wolkvox.base-url}, {@code wolkvox.token}, {@code wolkvox.time-zone}, and per feed
 * {@code wolkvox.<feed>.*}. Follows https://www.wolkvox.com/en/apis-v2-2/4-detail-interactions/ (api-facts 3).
 */
public final class WolkvoxFeeds {

    private WolkvoxFeeds() {
    }

    /**
     * @param w the shared wiring
     * @throws BridgeConfigurationException naming the key of a bad Wolkvox setting
     */
    public static void configure(FeedWiring w) {
        BridgeSettings s = w.settings();
        s.url("wolkvox.base-url");
        s.required("wolkvox.token");
        ZoneId zone = s.zone("wolkvox.time-zone");
        w.registry().bind("wolkvoxEnvelopeReader", new WolkvoxEnvelopeReader(w.json()));
        w.registry().bind("wolkvoxResponseHandler", new WolkvoxResponseHandler(w.statusCheck()));

        var chat = w.active(WolkvoxChatFeed.FEED);
        if (chat.isPresent()) {
            IntegrationDefinition integration = w.integration(chat.get());
            FeedWindowPlanner planner = w.planner(chat.get(), zone, Duration.ofMinutes(10),
                    maxWindow(s, "wolkvox.chat.max-window"));
            WolkvoxChatTranslator translator = new WolkvoxChatTranslator(integration, w.agents(), zone,
                    w.defaultAssignee().orElse(null));
            w.registry().bind("wolkvoxChatFeed", new WolkvoxChatFeed(planner, integration, translator, w.setup(),
                    w.reconciler(), w.tracker(), w.settleTimeout(), w.json()));
        }
    }

    /**
     * @param s   the settings
     * @param key a {@code max-window} key
     * @return the longest window per request: at most {@link BridgeSettings#WOLKVOX_MAX_WINDOW}
     * @throws BridgeConfigurationException when zero or over 31 days
     */
    static Duration maxWindow(BridgeSettings s, String key) {
        Duration maxWindow = s.duration(key, BridgeSettings.WOLKVOX_MAX_WINDOW);
        if (maxWindow.isZero() || maxWindow.compareTo(BridgeSettings.WOLKVOX_MAX_WINDOW) > 0) {
            throw new BridgeConfigurationException(key + ": " + maxWindow
                    + " must be positive and at most P31D (Wolkvox's longest range per call)");
        }
        return maxWindow;
    }
}
