package io.playvoxbridge.source.five9;

import io.playvoxbridge.ActiveFeeds;
import io.playvoxbridge.BridgeConfigurationException;
import io.playvoxbridge.BridgeSettings;
import io.playvoxbridge.FeedWiring;
import io.playvoxbridge.feed.FeedWindowPlanner;
import io.playvoxbridge.playvox.IntegrationDefinition;
import io.playvoxbridge.playvox.TranslatedInteraction;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.function.Function;

/**
 * Binds the beans of the Five9 feeds that run ({@link ActiveFeeds}): {@code five9-call-log} (Call Log report) and
 * {@code five9-digital} (digital-channel report), both read through the Configuration Web Services report flow
 * (api-facts 5, F9-DOC
 * https://documentation.five9.com/bundle/api-config-web/page/config-web-services/methods/reports/runReport.htm).
 *
 * <p>Beans: {@code five9Responses} (answers, HTTP Basic header), {@code five9CallPacer} (call limits),
 * and per active feed a {@link Five9ReportFeed}, {@code five9CallLogFeed} / {@code five9DigitalFeed}. Settings: {@code five9.base-url}, {@code five9.username},
 * {@code five9.password}, {@code five9.time-zone}, {@code five9.run-report-per-minute},
 * {@code five9.result-fetches-per-minute}, {@code five9.row-limit}, {@code five9.report-timeout},
 * {@code five9.skip-rows-without-agent}, and per feed {@code five9.<feed>.folder}, {@code .report},
 * {@code .max-range} with the common {@code .cron}, {@code .start-at}, {@code .lookback}.
 */
public final class Five9Feeds {

    /** Default lookback: Five9 lists a call or session when it ends, stamped with its start. */
    public static final Duration DEFAULT_LOOKBACK = Duration.ofHours(2);

    private Five9Feeds() {
    }

    /**
     * @param w the shared wiring
     * @throws BridgeConfigurationException naming the key of a bad Five9 setting
     */
    public static void configure(FeedWiring w) {
        BridgeSettings s = w.settings();
        s.url("five9.base-url");
        String user = s.required("five9.username");
        String password = s.required("five9.password");
        ZoneId zone = s.optional("five9.time-zone").isPresent() ? s.zone("five9.time-zone") : Five9ReportTimes.PACIFIC;
        int runs = s.integer("five9.run-report-per-minute", 16, 1, 16);
        int fetches = s.integer("five9.result-fetches-per-minute", 20, 1, 20);
        int rowLimit = s.integer("five9.row-limit", Five9RangeSplitter.DEFAULT_ROW_LIMIT, 1,
                Five9RangeSplitter.DEFAULT_ROW_LIMIT);
        Duration reportTimeout = positive(s, "five9.report-timeout", Duration.ofMinutes(30));
        boolean skipWithoutAgent = s.bool("five9.skip-rows-without-agent", true);

        w.registry().bind("five9Responses", new Five9Responses(w.statusCheck(), user, password));
        w.registry().bind("five9CallPacer", Five9CallPacer.documented(runs, fetches, w.clock()));

        for (Five9Report report : Five9Report.values()) {
            w.active(report.feed()).ifPresent(feed -> {
                IntegrationDefinition integration = w.integration(feed);
                Duration maxRange = maxRange(s, feed.key() + ".max-range");
                FeedWindowPlanner planner = w.planner(feed, zone, DEFAULT_LOOKBACK, maxRange);
                String assignee = w.defaultAssignee().orElse(null);
                Function<Map<String, String>, TranslatedInteraction> translator = report == Five9Report.CALL_LOG
                        ? new Five9CallLogTranslator(integration, w.agents(), zone, assignee)::translate
                        : new Five9DigitalTranslator(integration, w.agents(), zone, assignee)::translate;
                w.registry().bind(beanName(report), new Five9ReportFeed(report,
                        s.optional(feed.key() + ".folder").orElse(report.folderName()),
                        s.optional(feed.key() + ".report").orElse(report.reportName()),
                        zone, new Five9RangeSplitter(zone, maxRange, rowLimit), translator, skipWithoutAgent,
                        reportTimeout, w.clock(), planner, integration, w.setup(), w.reconciler(), w.tracker(),
                        w.settleTimeout(), w.json()));
            });
        }
    }

    /**
     * @return the longest report range (and window) of a feed: default one day
     * @throws BridgeConfigurationException when under one minute or over seven days (Five9 advises splitting long
     *                                      ranges, "e.g. by week", api-facts 5)
     */
    static Duration maxRange(BridgeSettings s, String key) {
        Duration d = s.duration(key, Five9RangeSplitter.DEFAULT_MAX_SPAN);
        if (d.compareTo(Duration.ofMinutes(1)) < 0 || d.compareTo(Duration.ofDays(7)) > 0) {
            throw new BridgeConfigurationException(key + ": " + d + " must be between PT1M and P7D");
        }
        return d;
    }

    private static Duration positive(BridgeSettings s, String key, Duration defaultValue) {
        Duration d = s.duration(key, defaultValue);
        if (d.isZero() || d.isNegative()) {
            throw new BridgeConfigurationException(key + ": " + d + " must be positive");
        }
        return d;
    }

    /**
     * @param report a report
     * @return the bean name its routes use: {@code five9CallLogFeed}, {@code five9DigitalFeed}
     */
    static String beanName(Five9Report report) {
        StringBuilder name = new StringBuilder();
        boolean upper = false;
        for (char c : report.feed().toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                name.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return name.append("Feed").toString();
    }
}
