package io.playvoxbridge.source.wolkvox;

import io.playvoxbridge.ActiveFeeds;
import io.playvoxbridge.BridgeConfigurationException;
import io.playvoxbridge.BridgeSettings;
import io.playvoxbridge.FeedWiring;
import io.playvoxbridge.feed.FeedWindowPlanner;
import io.playvoxbridge.feed.PersonalDataPolicy;
import io.playvoxbridge.playvox.IntegrationDefinition;
import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Binds the beans of the Wolkvox feeds that run ({@link ActiveFeeds}): {@code wolkvox-chat} ({@code chat_4}),
 * {@code wolkvox-survey} ({@code diagram_4}) and {@code wolkvox-conversations} ({@code chat_1} + {@code chat_2}).
 * Settings: {@code wolkvox.base-url}, {@code wolkvox.token}, {@code wolkvox.time-zone}, and per feed
 * {@code wolkvox.<feed>.*} (cron, start-at, lookback, max-window, integration-file; the survey's and the
 * conversations' {@code personal-data.<field>}; the conversations' {@code longest-chat}). Follows
 * https://www.wolkvox.com/en/apis-v2-2/4-detail-interactions/, https://www.wolkvox.com/en/apis-v2-2/4-smart-survey-details/,
 * https://www.wolkvox.com/en/apis-v2-2/1-chats-en/ and https://www.wolkvox.com/en/apis-v2-2/2-conversations/ (api-facts 3).
 */
public final class WolkvoxFeeds {

    /**
     * Default of {@code wolkvox.conversations.longest-chat} and of its lookback: one hour. chat_2 is asked that far
     * past each window, and polls reach back that far, for chats that show in chat_1 only once they ended.
     */
    public static final Duration DEFAULT_LONGEST_CHAT = Duration.ofHours(1);

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

        var survey = w.active(WolkvoxSurveyFeed.FEED);
        if (survey.isPresent()) {
            IntegrationDefinition integration = w.integration(survey.get());
            FeedWindowPlanner planner = w.planner(survey.get(), zone, Duration.ofMinutes(10),
                    maxWindow(s, "wolkvox.survey.max-window"));
            PersonalDataPolicy personal = personalData(w, WolkvoxSurveyTranslator.PERSONAL_DATA_PREFIX,
                    WolkvoxSurveyTranslator.PERSONAL_DATA_DEFAULTS);
            WolkvoxSurveyTranslator translator = translator(integration, () -> new WolkvoxSurveyTranslator(
                    integration, w.agents(), zone, w.defaultAssignee().orElse(null), personal));
            w.registry().bind("wolkvoxSurveyFeed", new WolkvoxSurveyFeed(planner, integration, translator, personal,
                    w.setup(), w.reconciler(), w.tracker(), w.settleTimeout(), w.json()));
        }

        var conversations = w.active(WolkvoxConversationsFeed.FEED);
        if (conversations.isPresent()) {
            String key = conversations.get().key();
            Duration longestChat = s.duration(key + ".longest-chat", DEFAULT_LONGEST_CHAT);
            if (longestChat.isZero() || longestChat.compareTo(Duration.ofDays(1)) > 0) {
                throw new BridgeConfigurationException(key + ".longest-chat: " + longestChat
                        + " must be positive and at most P1D");
            }
            Duration lookback = s.duration(key + ".lookback", DEFAULT_LONGEST_CHAT);
            if (lookback.compareTo(longestChat) < 0) {
                throw new BridgeConfigurationException(key + ".lookback: " + lookback + " is shorter than "
                        + key + ".longest-chat (" + longestChat + "): a chat shows in chat_1 only once it has ended, "
                        + "so a poll must reach back over the longest chat or such chats are missed");
            }
            Duration maxWindow = s.duration(key + ".max-window", BridgeSettings.WOLKVOX_MAX_WINDOW.minus(longestChat));
            if (maxWindow.isZero() || maxWindow.plus(longestChat).compareTo(BridgeSettings.WOLKVOX_MAX_WINDOW) > 0) {
                throw new BridgeConfigurationException(key + ".max-window: " + maxWindow + " must be positive and, with "
                        + key + ".longest-chat (" + longestChat + ") added for chat_2, at most P31D (Wolkvox's "
                        + "longest range per call)");
            }
            IntegrationDefinition integration = w.integration(conversations.get());
            FeedWindowPlanner planner = w.planner(conversations.get(), zone, DEFAULT_LONGEST_CHAT, maxWindow);
            PersonalDataPolicy personal = personalData(w, WolkvoxConversationTranslator.PERSONAL_DATA_PREFIX,
                    WolkvoxConversationTranslator.PERSONAL_DATA_DEFAULTS);
            WolkvoxConversationTranslator translator = translator(integration, () -> new WolkvoxConversationTranslator(
                    integration, w.agents(), zone, w.defaultAssignee().orElse(null), personal));
            w.registry().bind("wolkvoxConversationsFeed", new WolkvoxConversationsFeed(planner, integration, translator,
                    personal, new WolkvoxEnvelopeReader(w.json()), longestChat, w.setup(), w.reconciler(), w.tracker(),
                    w.settleTimeout(), w.json()));
        }
    }

    /**
     * Reads a feed's personal-data rules: every key under the prefix in the settings (checked: a key naming another
     * field, a value other than keep/mask/drop, two keys for one field stop the start), plus the canonical keys set
     * only in the environment ({@code WOLKVOX_SURVEY_PERSONAL_DATA_ANI}).
     *
     * @param w        the wiring
     * @param prefix   e.g. {@code wolkvox.survey.personal-data.}
     * @param defaults the feed's personal-data fields and their default rule
     * @return the policy
     * @throws BridgeConfigurationException naming the key of a bad rule
     */
    static PersonalDataPolicy personalData(FeedWiring w, String prefix, Map<String, PersonalDataPolicy.Rule> defaults) {
        BridgeSettings s = w.settings();
        Map<String, String> settings = new LinkedHashMap<>();
        for (String key : w.camel().getPropertiesComponent().loadProperties(k -> k.startsWith(prefix)).stringPropertyNames()) {
            settings.put(key, s.optional(key).orElse(""));
        }
        for (String field : defaults.keySet()) {
            String canonical = prefix + field;
            String dashed = prefix + field.replace('_', '-');
            if (!settings.containsKey(canonical) && !settings.containsKey(dashed)) {
                s.optional(canonical).ifPresent(v -> settings.put(canonical, v));
            }
        }
        return PersonalDataPolicy.fromSettings(prefix, defaults, settings);
    }

    /** Builds a translator, turning its refusal of the integration file into a start-stopping error. */
    private static <T> T translator(IntegrationDefinition integration, Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            throw new BridgeConfigurationException(integration.location() + ": " + e.getMessage(), e);
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
