package io.playvoxbridge.source.gladly;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.playvoxbridge.feed.DeadLetterRecorder;
import io.playvoxbridge.feed.DeliveryLogIdempotentRepository;
import io.playvoxbridge.feed.FeedRecord;
import io.playvoxbridge.feed.FeedWindow;
import io.playvoxbridge.feed.FeedWindowPlanner;
import io.playvoxbridge.feed.InvalidRecordException;
import io.playvoxbridge.feed.PolledFeed;
import io.playvoxbridge.feed.WindowTracker;
import io.playvoxbridge.playvox.IntegrationDefinition;
import io.playvoxbridge.playvox.PlayvoxIntegrationSetup;
import io.playvoxbridge.playvox.PlayvoxReconciler;
import io.playvoxbridge.playvox.TranslatedInteraction;
import io.playvoxbridge.state.DeadLetterStore;
import io.playvoxbridge.state.WatermarkStore;
import io.playvoxbridge.source.wolkvox.WolkvoxEnvelopeReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Java steps of the Gladly conversations feed ({@code routes/sources/gladly-conversations.camel.yaml}): plan the
 * windows within the events API's reach, reduce a window's events to its closed conversations, translate each with its
 * items, and commit a window once it is settled. Follows api-facts 6 and GLADLY-OAS https://developer.gladly.com/rest/
 * ("List events": {@code startAt} "must be from last 24 hours", events up to 15 s behind real time; "List items in
 * conversation"; "List Agents"); the mapping is in docs/feeds/gladly.md.
 *
 * <p>Window planning: the planner is built on a clock {@link #EVENTS_LAG} behind (windows end at now - 15 s, so an
 * event recorded late still falls in a later window), and {@link #planWindows()} never starts a window earlier than
 * {@link #EVENTS_REACH} minus {@link #REACH_MARGIN} before now: older events cannot be fetched, and a gap the bridge
 * missed (stopped for more than a day, or a {@code start-at} older than a day) is said in a WARN line.
 *
 * <p>What a window hands its record route is a list of {@link Entry}s: the last {@code CONVERSATION/CLOSED} event of
 * each conversation closed at the window's end ({@link GladlyClosedConversations}), and every line that is not a
 * readable event (it becomes a dead letter with its reason; payload the raw line). The dead-letter payload of a close
 * is the event's JSON: a replay ({@link #replayEntries}) fetches the items again.
 */
public final class GladlyConversationsFeed extends PolledFeed {

    private static final Logger LOG = LoggerFactory.getLogger(GladlyConversationsFeed.class);

    /** The feed id: watermark key, {@code bridgeFeed}, dead letters' feed. */
    public static final String FEED = "gladly-conversations";
    /** How far back {@code startAt} may reach (GLADLY-OAS "List events": "Must be from last 24 hours"). */
    public static final Duration EVENTS_REACH = Duration.ofHours(24);
    /** Kept between the earliest window start and the 24-hour limit, for the time the poll takes to ask. */
    public static final Duration REACH_MARGIN = Duration.ofMinutes(2);
    /** How far events lag behind real time ("up to 15 seconds"): windows end this long before now. */
    public static final Duration EVENTS_LAG = Duration.ofSeconds(15);
    /** Exchange property holding the current {@link Entry}. */
    public static final String ENTRY_PROPERTY = "gladlyEntry";
    /** Exchange property holding the current close event. */
    public static final String EVENT_PROPERTY = "gladlyCloseEvent";

    /**
     * One thing a window hands to the record route.
     *
     * @param payload the event line as received (the dead-letter payload)
     * @param event   the close event, or null when the line is not a readable event
     * @param problem why it is not (the dead-letter reason), or null
     */
    public record Entry(String payload, GladlyConversationEvent event, String problem) {
        /** @return the payload */
        @Override
        public String toString() {
            return payload;
        }
    }

    private final GladlyConversationTranslator translator;
    private final WatermarkStore watermarks;
    private final Optional<Instant> startAt;
    private final DeadLetterStore deadLetters;
    private final DeliveryLogIdempotentRepository deliveryLog;
    private final WindowTracker tracker;
    private final ObjectMapper json;
    private final Clock clock;

    /**
     * @param planner       window planning and watermark, on a clock {@link #EVENTS_LAG} behind
     * @param integration   the feed's integration file
     * @param translator    close event + items to interaction
     * @param setup         Playvox integration setup (run before the first window)
     * @param reconciler    settles in-doubt batches before each poll
     * @param tracker       window accounting
     * @param settleTimeout longest wait for a window's records to settle
     * @param watermarks    the watermark store (to tell a gap beyond 24 hours)
     * @param startAt       {@code gladly.conversations.start-at} as an instant, when set
     * @param deadLetters   the dead letters (a conversation that is one already is not fetched again by a poll)
     * @param deliveryLog   the delivery log (a conversation already delivered is not fetched again)
     * @param json          reads event lines
     * @param clock         the real clock (the 24-hour limit)
     */
    public GladlyConversationsFeed(FeedWindowPlanner planner, IntegrationDefinition integration,
                                   GladlyConversationTranslator translator, PlayvoxIntegrationSetup setup,
                                   PlayvoxReconciler reconciler, WindowTracker tracker, Duration settleTimeout,
                                   WatermarkStore watermarks, Optional<Instant> startAt, DeadLetterStore deadLetters,
                                   DeliveryLogIdempotentRepository deliveryLog, ObjectMapper json, Clock clock) {
        super(FEED, planner, integration, setup, reconciler, tracker, settleTimeout);
        this.translator = translator;
        this.watermarks = watermarks;
        this.startAt = startAt;
        this.deadLetters = deadLetters;
        this.deliveryLog = deliveryLog;
        this.tracker = tracker;
        this.json = json;
        this.clock = clock;
    }

    /**
     * @param real the real clock
     * @return the clock of the feed's window planner: {@link #EVENTS_LAG} behind, so windows end at now - 15 s
     */
    public static Clock plannerClock(Clock real) {
        return Clock.offset(real, EVENTS_LAG.negated());
    }

    /**
     * Plans this poll (see {@link PolledFeed#planWindows()}), then cuts what lies beyond the events API's reach: no
     * window starts before {@code now - 24 h + 2 min}. When the part cut off was never fetched (the watermark, or the
     * first run's {@code start-at}, is older), a WARN line names the gap that cannot be fetched.
     *
     * @return the windows, oldest first, each ending at most at now - 15 s
     * @throws InterruptedException when stopped while following an in-doubt batch's job
     */
    @Override
    public List<FeedWindow> planWindows() throws InterruptedException {
        return clamp(super.planWindows());
    }

    /**
     * A backfill's windows (see {@link PolledFeed#backfillWindows}), only within the events API's reach: the range
     * must start at most 24 hours minus {@link #REACH_MARGIN} ago and end at the latest {@link #EVENTS_LAG} ago.
     *
     * @throws IllegalArgumentException when the range reaches outside it (one line naming the earliest start)
     */
    @Override
    public List<FeedWindow> backfillWindows(Instant from, Instant to) {
        Instant now = clock.instant();
        Instant earliest = now.minus(EVENTS_REACH).plus(REACH_MARGIN).truncatedTo(ChronoUnit.SECONDS);
        if (from.isBefore(earliest)) {
            throw new IllegalArgumentException("--from " + from + " is out of reach: Gladly's events API reaches back "
                    + "24 hours only (the earliest start now is " + earliest + ")");
        }
        Instant latest = now.minus(EVENTS_LAG);
        if (to.isAfter(latest)) {
            throw new IllegalArgumentException("--to " + to + " is too recent: Gladly's events arrive up to "
                    + EVENTS_LAG.toSeconds() + " s late (the latest end now is " + latest.truncatedTo(ChronoUnit.SECONDS)
                    + ")");
        }
        return super.backfillWindows(from, to);
    }

    /**
     * @param planned windows as planned from the watermark
     * @return the windows within the events API's reach
     */
    List<FeedWindow> clamp(List<FeedWindow> planned) {
        Instant earliest = clock.instant().minus(EVENTS_REACH).plus(REACH_MARGIN).truncatedTo(ChronoUnit.SECONDS);
        if (planned.isEmpty() || !planned.get(0).from().isBefore(earliest)) {
            return planned;
        }
        Optional<Instant> fetchedUpTo = watermarks.get(FEED);
        Optional<Instant> unfetchedFrom = fetchedUpTo.isPresent() ? fetchedUpTo : startAt;
        if (unfetchedFrom.isPresent() && unfetchedFrom.get().isBefore(earliest)) {
            LOG.warn("{}: the events between {} and {} cannot be fetched: Gladly's events API reaches back 24 hours "
                    + "only, so conversations closed then are not sent (Gladly's export API has them); polling "
                    + "continues from {}", FEED, unfetchedFrom.get(), earliest, earliest);
        } else if (unfetchedFrom.isEmpty()) {
            LOG.info("{}: first run, starting at {} (Gladly's events API reaches back 24 hours)", FEED, earliest);
        }
        List<FeedWindow> windows = new ArrayList<>();
        for (FeedWindow w : planned) {
            if (!w.to().isAfter(earliest)) {
                continue;
            }
            windows.add(w.from().isBefore(earliest) ? new FeedWindow(w.feed(), earliest, w.to(), w.zone()) : w);
        }
        return windows;
    }

    /**
     * @param window the window
     * @return the events query of the window ({@link GladlyApi#eventsQuery})
     */
    public String query(@ExchangeProperty(WindowTracker.WINDOW_PROPERTY) FeedWindow window) {
        return GladlyApi.eventsQuery(window);
    }

    /**
     * Reads a window's events (the spooled answer of {@code GET /api/v1/events}) and deletes the file.
     *
     * @param file the JSONL answer
     * @return the last close of each conversation closed at the window's end, in order of those closes, then every
     *         line that is no readable event
     * @throws IOException when the file cannot be read
     */
    public List<Entry> entries(Path file) throws IOException {
        GladlyClosedConversations closed = new GladlyClosedConversations();
        List<Entry> bad = new ArrayList<>();
        int lines = 0;
        try (InputStream in = Files.newInputStream(file); GladlyEventReader reader = new GladlyEventReader(in, json)) {
            while (reader.hasNext()) {
                GladlyEventReader.Line line = reader.next();
                lines++;
                if (!line.wellFormed()) {
                    bad.add(new Entry(line.text(), null, line.problem()));
                    continue;
                }
                try {
                    closed.accept(GladlyConversationEvent.of(line.event()));
                } catch (InvalidRecordException e) {
                    bad.add(new Entry(line.text(), null, "events line " + line.number() + ": " + e.getMessage()));
                }
            }
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        } finally {
            Files.deleteIfExists(file);
        }
        List<Entry> out = new ArrayList<>();
        closed.closed().forEach(e -> out.add(new Entry(e.json(), e, null)));
        out.addAll(bad);
        LOG.debug("{}: {} event line(s), {} close(s), {} reopen(s), {} conversation(s) to send, {} still open, "
                        + "{} unreadable", FEED, lines, closed.closeEvents(), closed.reopenEvents(), out.size() - bad.size(),
                closed.stillOpen(), bad.size());
        return out;
    }

    /**
     * @param entry the record route's entry
     * @return the interaction id of its conversation, or null for an unreadable line (which must not park a
     *         conversation: its close may be well-formed)
     */
    public String interactionIdOf(Entry entry) {
        return entry.event() == null ? null : GladlyConversationTranslator.interactionId(entry.event().conversationId());
    }

    /**
     * @param entry the record route's entry
     * @return its close event
     * @throws InvalidRecordException with the line's problem, or when a replayed event is no close
     */
    public GladlyConversationEvent closeEvent(@ExchangeProperty(ENTRY_PROPERTY) Entry entry) {
        if (entry.event() == null) {
            throw new InvalidRecordException(entry.problem());
        }
        if (!entry.event().isClosed()) {
            throw new InvalidRecordException("event " + entry.event().id() + " is " + entry.event().type() + ", not "
                    + GladlyConversationEvent.CLOSED + ": nothing to send (discard this dead letter)");
        }
        return entry.event();
    }

    /**
     * @param event  the close
     * @param replay the {@link DeadLetterRecorder#REPLAY_PROPERTY}
     * @return true when its conversation is a dead letter already and this is no replay: a poll does not fetch it again
     */
    public boolean isParked(@ExchangeProperty(EVENT_PROPERTY) GladlyConversationEvent event,
                            @ExchangeProperty(DeadLetterRecorder.REPLAY_PROPERTY) Boolean replay) {
        return !Boolean.TRUE.equals(replay)
                && deadLetters.holdsInteraction(FEED, GladlyConversationTranslator.interactionId(event.conversationId()));
    }

    /** @param window the record's window; settles a parked conversation as dead-lettered (no second dead letter) */
    public void parked(@ExchangeProperty(WindowTracker.WINDOW_PROPERTY) FeedWindow window) {
        tracker.settled(window.id(), WindowTracker.Outcome.DEAD_LETTERED);
    }

    /**
     * @param event the close
     * @return true when Playvox already confirmed its conversation (the delivery log) or it is in flight: its items
     *         are not fetched again (a lookback overlap, a re-close after delivery; see docs/feeds/gladly.md)
     */
    public boolean isDelivered(@ExchangeProperty(EVENT_PROPERTY) GladlyConversationEvent event) {
        return deliveryLog.contains(integrationName() + "|"
                + GladlyConversationTranslator.interactionId(event.conversationId()));
    }

    /**
     * @param event the close
     * @return the path of its items call
     */
    public String itemsPath(@ExchangeProperty(EVENT_PROPERTY) GladlyConversationEvent event) {
        return GladlyApi.itemsPath(event.conversationId());
    }

    /**
     * @param event   the close
     * @param items   the items answer (JSON array)
     * @param limited whether the answer had {@code Gladly-Limited-Data: true}
     * @param window  the window it came in
     * @return the record on its way to Playvox; its source payload is the close event's JSON
     * @throws InvalidRecordException with the dead-letter reason (unmapped agent, bad item, bad field)
     */
    public FeedRecord translate(@ExchangeProperty(EVENT_PROPERTY) GladlyConversationEvent event,
                                @ExchangeProperty(GladlyItemsAggregation.ITEMS) JsonNode items,
                                @ExchangeProperty(GladlyItemsAggregation.LIMITED) Boolean limited,
                                @ExchangeProperty(WindowTracker.WINDOW_PROPERTY) FeedWindow window) {
        TranslatedInteraction t = translator.translate(event, items, Boolean.TRUE.equals(limited));
        return new FeedRecord(FEED, integrationName(), window.id(), t.interaction(), t.comments(), event.json());
    }

    /**
     * Gladly cannot be read now (its answers to the items or agents call stayed 429/5xx/unreachable through the
     * retries): the window is abandoned, so it is not committed and the next poll fetches it again; no dead letter.
     *
     * @param exchange the record's exchange, its caught exception the last error
     */
    public void unreachable(Exchange exchange) {
        FeedWindow window = exchange.getProperty(WindowTracker.WINDOW_PROPERTY, FeedWindow.class);
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reason = "Gladly unreachable: " + (error == null ? "unknown error" : error.getMessage());
        if (window != null && !tracker.isAbandoned(window)) {
            LOG.warn("{}: window {} given up for this poll, fetched again at the next one ({})", FEED, window.id(),
                    reason);
        }
        if (window != null) {
            tracker.abandon(window.id(), reason);
        }
    }

    /**
     * Turns replayed dead letters back into entries. {@code DeadLetterReplay} hands each stored payload as a flat map
     * (nested objects as JSON text, see {@link WolkvoxEnvelopeReader#record}); a close event's {@code content} and
     * {@code initiator} are read back as objects.
     *
     * @param records the replayed payloads
     * @return one entry each, with a problem when the payload is no readable event
     */
    public List<Entry> replayEntries(List<Map<String, String>> records) {
        List<Entry> out = new ArrayList<>(records.size());
        for (Map<String, String> record : records) {
            String invalid = record.get(WolkvoxEnvelopeReader.INVALID_KEY);
            if (invalid != null) {
                out.add(new Entry(invalid, null, "replayed events line is not a JSON object event: '"
                        + (invalid.length() > 120 ? invalid.substring(0, 120) + "…" : invalid) + "'"));
                continue;
            }
            ObjectNode node = json.createObjectNode();
            record.forEach((key, value) -> node.set(key, value == null ? json.nullNode() : value(value)));
            String text = node.toString();
            try {
                GladlyConversationEvent event = GladlyConversationEvent.of(node);
                out.add(new Entry(event.json(), event, null));
            } catch (InvalidRecordException e) {
                out.add(new Entry(text, null, e.getMessage()));
            }
        }
        return out;
    }

    private JsonNode value(String value) {
        String v = value.strip();
        if (v.startsWith("{") || v.startsWith("[")) {
            try {
                return json.readTree(v);
            } catch (IOException notJson) {
                // a text that looks like JSON: keep it as text
            }
        }
        return json.getNodeFactory().textNode(value);
    }
}
