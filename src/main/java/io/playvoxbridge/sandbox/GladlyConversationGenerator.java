package io.playvoxbridge.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.SplittableRandom;

/**
 * Deterministic generator of Gladly conversations: the same (seed, index) always yields the identical conversation,
 * items and events, so overlapping windows return identical lines and a test can count every conversation.
 *
 * <p>Shapes follow api-facts 6 and GLADLY-OAS (https://developer.gladly.com/rest/): items of "List items in
 * conversation" ({@code id, conversationId, customerId, timestamp, initiator{id,type}, responder?, content{type,...}}
 * with content types CHAT_MESSAGE, EMAIL, SMS, FACEBOOK_MESSAGE, WHATSAPP, INSTAGRAM_DIRECT, PHONE_CALL,
 * CONVERSATION_NOTE, TOPIC_CHANGE, CONVERSATION_STATUS_CHANGE) and events of "List events" ({@code id, type,
 * timestamp, initiator{id,type}, content{customerId, conversationId, context{assignee{inboxId, agentId}}}}, types
 * CONVERSATION/CREATED, CONVERSATION_ASSIGNEE/UPDATED, CONVERSATION/NOTE_CREATED, CONVERSATION/CLOSED,
 * CONVERSATION/REOPENED). Ids are 22-character URL-safe base64, like Gladly's. Times are RFC 3339 UTC with
 * milliseconds.
 *
 * <p>Timeline: conversation {@code k < historyConversations} is created at {@code anchor - historySpan + k *
 * historySpan / historyConversations}; conversation {@code historyConversations + j} at {@code anchor + (j + 1) *
 * 60 s / conversationsPerMinute}. Creation never decreases with the index. Every item and event of a conversation
 * lies in {@code [created, created + }{@link #MAX_SPAN}{@code ]}. Each conversation is closed once; the
 * {@code reopenRate} share is reopened by a customer message and closed again.
 */
final class GladlyConversationGenerator {

    /** Longest time from a conversation's creation to its last item or event. */
    static final Duration MAX_SPAN = Duration.ofHours(6);

    static final String CLOSED = "CONVERSATION/CLOSED";
    static final String REOPENED = "CONVERSATION/REOPENED";

    private static final DateTimeFormatter RFC3339_MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final Base64.Encoder ID = Base64.getUrlEncoder().withoutPadding();
    private static final long SALT_CONVERSATION = 0xC0A7L;
    private static final long SALT_CHECK = 0xC4ECL;
    private static final long SALT_CONTENT = 0x5EEDL;
    private static final long SALT_UNMAPPED = 0xA6E7L;
    private static final long SALT_REOPEN = 0x4E0FL;

    /** An agent of the sandbox organization: {@code GET /api/v1/agents} lists them. */
    record Agent(String id, String name, String emailAddress) {
    }

    /**
     * One item or event, ready to serve.
     *
     * @param at      its {@code timestamp}
     * @param ordinal its position in the conversation's items (or events), from 0
     * @param type    the content type of an item, the event type of an event
     * @param json    the JSON object as served
     */
    record Stamped(Instant at, int ordinal, String type, ObjectNode json) {
    }

    /**
     * One generated conversation.
     *
     * @param index   its sequence number
     * @param id      Gladly-style conversation id
     * @param created its creation moment
     * @param agentId the agent it is assigned to ({@link GladlyFake#UNMAPPED_AGENT_ID} for the unmapped share)
     * @param items   its timeline, in time order
     * @param events  its events, in time order
     */
    record Conversation(long index, String id, Instant created, String agentId, List<Stamped> items,
                        List<Stamped> events) {
        /** @return how many times it is closed: 1, or 2 when reopened */
        int closes() {
            return (int) events.stream().filter(e -> e.type().equals(CLOSED)).count();
        }
    }

    private final long seed;
    private final Instant anchor;
    private final int historyConversations;
    private final long historySpanMillis;
    private final double conversationsPerMinute;
    private final double reopenRate;
    private final double unmappedAgentRate;
    private final List<Agent> agents;
    private final String unmappedAgentId;

    /**
     * @param seed                   seed of every choice
     * @param anchor                 start moment, truncated to whole seconds
     * @param historyConversations   conversations created before the anchor, {@code >= 0}
     * @param historySpan            how far back they reach, positive
     * @param conversationsPerMinute conversations created per minute after the anchor; 0 = none
     * @param reopenRate             share 0..1 of conversations reopened and closed again
     * @param unmappedAgentRate      share 0..1 of conversations assigned to {@code unmappedAgentId}
     * @param agents                 the organization's agents, non-empty
     * @param unmappedAgentId        an agent id absent from {@code agents}
     */
    GladlyConversationGenerator(long seed, Instant anchor, int historyConversations, Duration historySpan,
                                double conversationsPerMinute, double reopenRate, double unmappedAgentRate,
                                List<Agent> agents, String unmappedAgentId) {
        if (agents.isEmpty()) {
            throw new IllegalArgumentException("no agents");
        }
        this.seed = seed;
        this.anchor = anchor.truncatedTo(ChronoUnit.SECONDS);
        this.historyConversations = historyConversations;
        this.historySpanMillis = historySpan.toMillis();
        this.conversationsPerMinute = conversationsPerMinute;
        this.reopenRate = reopenRate;
        this.unmappedAgentRate = unmappedAgentRate;
        this.agents = List.copyOf(agents);
        this.unmappedAgentId = Objects.requireNonNull(unmappedAgentId);
    }

    /** @return the anchor */
    Instant anchor() {
        return anchor;
    }

    /**
     * @param index conversation index, {@code >= 0}
     * @return its creation moment, millisecond precision, non-decreasing in the index
     */
    Instant creation(long index) {
        if (index < historyConversations) {
            return anchor.minusMillis(historySpanMillis).plusMillis(index * historySpanMillis / historyConversations);
        }
        double intervalMillis = 60_000.0 / conversationsPerMinute;
        return anchor.plusMillis((long) ((index - historyConversations + 1) * intervalMillis));
    }

    /**
     * The number of conversations created before a moment: every index below it was created before {@code moment},
     * every index at or above it at or after.
     *
     * @param moment any instant
     * @return that count
     */
    long createdBefore(Instant moment) {
        long k;
        if (!moment.isAfter(anchor)) {
            long elapsed = Duration.between(anchor.minusMillis(historySpanMillis), moment).toMillis();
            k = Math.max(0, Math.min(historyConversations,
                    elapsed * historyConversations / Math.max(1, historySpanMillis)));
        } else {
            double elapsed = Duration.between(anchor, moment).toMillis();
            k = historyConversations + (conversationsPerMinute > 0 ? (long) (elapsed * conversationsPerMinute / 60_000) : 0);
        }
        while (k > 0 && !creation(k - 1).isBefore(moment)) {
            k--;
        }
        while ((k < historyConversations || conversationsPerMinute > 0) && creation(k).isBefore(moment)) {
            k++;
        }
        return k;
    }

    /** @return the conversation's Gladly-style id: 22 URL-safe base64 characters that encode the index */
    String conversationId(long index) {
        ByteBuffer bytes = ByteBuffer.allocate(16);
        bytes.putLong(index ^ Chat4RecordGenerator.mix64(seed ^ SALT_CONVERSATION));
        bytes.putLong(Chat4RecordGenerator.mix64(seed ^ (index * 0x9E3779B97F4A7C15L + SALT_CHECK)));
        return ID.encodeToString(bytes.array());
    }

    /**
     * @param conversationId an id from {@link #conversationId(long)}, or anything else
     * @return its index, or empty when the text is not an id of this generator
     */
    OptionalLong index(String conversationId) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(conversationId);
        } catch (IllegalArgumentException e) {
            return OptionalLong.empty();
        }
        if (bytes.length != 16) {
            return OptionalLong.empty();
        }
        long index = ByteBuffer.wrap(bytes).getLong() ^ Chat4RecordGenerator.mix64(seed ^ SALT_CONVERSATION);
        return index >= 0 && conversationId(index).equals(conversationId) ? OptionalLong.of(index) : OptionalLong.empty();
    }

    /** @return the agent id a conversation is assigned to */
    String agentId(long index) {
        if (SeededDraws.hit(seed, index, SALT_UNMAPPED, unmappedAgentRate)) {
            return unmappedAgentId;
        }
        return agents.get((int) Long.remainderUnsigned(Chat4RecordGenerator.mix64(seed ^ (index * 31 + 7)),
                agents.size())).id();
    }

    /** @return whether the conversation is reopened and closed again */
    boolean reopened(long index) {
        return SeededDraws.hit(seed, index, SALT_REOPEN, reopenRate);
    }

    /**
     * Builds one conversation.
     *
     * @param index conversation index, {@code >= 0}
     * @return its items and events
     */
    Conversation conversation(long index) {
        return new Builder(index).build();
    }

    /** A stable 22-character id for anything of a conversation (items, events, customers). */
    String id(long a, long b) {
        return id(seed, a, b);
    }

    /**
     * @param seed the generator's seed
     * @param a    what the id is of (e.g. a conversation index)
     * @param b    which one of it (e.g. an item's position)
     * @return a stable 22-character URL-safe base64 id
     */
    static String id(long seed, long a, long b) {
        ByteBuffer bytes = ByteBuffer.allocate(16);
        bytes.putLong(Chat4RecordGenerator.mix64(seed ^ (a * 0xBF58476D1CE4E5B9L + 0x1234L)));
        bytes.putLong(Chat4RecordGenerator.mix64(seed ^ (b * 0x94D049BB133111EBL + a)));
        return ID.encodeToString(bytes.array());
    }

    /** @return the RFC 3339 text Gladly sends for an instant, e.g. {@code 2026-11-21T14:02:10.410Z} */
    static String format(Instant at) {
        return RFC3339_MILLIS.format(at);
    }

    /** Builds the items and events of one conversation in time order. */
    private final class Builder {
        private final long index;
        private final SplittableRandom rnd;
        private final String conversationId;
        private final String customerId;
        private final Customer customer;
        private final String agentId;
        private final String inboxId;
        private final String channel;
        private final boolean spanish;
        private final List<Stamped> items = new ArrayList<>();
        private final List<Stamped> events = new ArrayList<>();
        private Instant clock;

        Builder(long index) {
            this.index = index;
            this.rnd = new SplittableRandom(Chat4RecordGenerator.mix64(seed ^ (index * 0x9E3779B97F4A7C15L + SALT_CONTENT)));
            this.conversationId = conversationId(index);
            int customerNumber = rnd.nextInt(CUSTOMERS.length);
            this.customer = CUSTOMERS[customerNumber];
            this.customerId = id(-1 - customerNumber, 0);
            this.agentId = agentId(index);
            this.channel = pickChannel();
            this.inboxId = id(-100 - channel.hashCode(), 1);
            this.spanish = rnd.nextDouble() < 0.7;
            this.clock = creation(index);
        }

        Conversation build() {
            Instant created = clock;
            event("CONVERSATION/CREATED", "CUSTOMER", customerId, null);
            after(1_000);
            ObjectNode assigned = event("CONVERSATION_ASSIGNEE/UPDATED", "AUTOMATION", id(-7, 7), null);
            ((ObjectNode) assigned.get("content")).put("reason", "AUTOMATED_ASSIGNMENT")
                    .putObject("assignee").put("inboxId", inboxId).put("agentId", agentId);
            clock = created;
            Topic topic = TOPICS[rnd.nextInt(TOPICS.length)];
            if (channel.equals("PHONE_CALL")) {
                phoneCall(topic);
            } else {
                exchange(topic);
            }
            if (rnd.nextDouble() < 0.4) {
                after(10_000 + rnd.nextInt(120_000));
                String noteId = id(index, 900);
                ObjectNode content = item("CONVERSATION_NOTE", "AGENT", agentId, noteId);
                content.put("body", pick(spanish ? NOTES_ES : NOTES_EN));
                ObjectNode note = event("CONVERSATION/NOTE_CREATED", "AGENT", agentId, null);
                ((ObjectNode) note.get("content")).put("noteId", noteId);
            }
            if (rnd.nextDouble() < 0.5) {
                after(5_000 + rnd.nextInt(60_000));
                ObjectNode content = item("TOPIC_CHANGE", "AGENT", agentId, null);
                content.putArray("addedTopicIds").add(id(-200 - topic.ordinal, 2));
            }
            close();
            if (reopened(index)) {
                after(5 * 60_000 + rnd.nextInt(85 * 60_000));
                message("CUSTOMER", customerId, pick(spanish ? topic.followUpEs : topic.followUpEn));
                item("CONVERSATION_STATUS_CHANGE", "CUSTOMER", customerId, null).put("status", "OPEN");
                event(REOPENED, "CUSTOMER", customerId, agentId);
                after(60_000 + rnd.nextInt(19 * 60_000));
                message("AGENT", agentId, pick(spanish ? topic.answersEs : topic.answersEn));
                close();
            }
            return new Conversation(index, conversationId, created, agentId, List.copyOf(items), List.copyOf(events));
        }

        private void exchange(Topic topic) {
            int rounds = 1 + rnd.nextInt(3);
            message("CUSTOMER", customerId, pick(spanish ? topic.questionsEs : topic.questionsEn));
            if (channel.equals("CHAT_MESSAGE") && rnd.nextDouble() < 0.3) {
                after(1_000);
                ObjectNode bot = message("AUTOMATION", id(-7, 7), spanish ? "¿Sobre qué es tu consulta?" : "What can I help with?");
                bot.put("messageType", "QUICK_REPLY_REQUEST");
            }
            for (int round = 0; round < rounds; round++) {
                after(30_000 + rnd.nextInt(600_000));
                message("AGENT", agentId, pick(spanish ? topic.answersEs : topic.answersEn));
                if (round < rounds - 1) {
                    after(20_000 + rnd.nextInt(900_000));
                    message("CUSTOMER", customerId, pick(spanish ? topic.followUpEs : topic.followUpEn));
                }
            }
        }

        private void phoneCall(Topic topic) {
            ObjectNode call = item("PHONE_CALL", "CUSTOMER", customerId, null);
            long talk = 60_000 + rnd.nextInt(900_000);
            call.put("from", customer.phone).put("to", "+12149897676")
                    .put("startedAt", format(clock))
                    .put("answeredAt", format(clock.plusMillis(4_000)))
                    .put("completedAt", format(clock.plusMillis(4_000 + talk)))
                    .put("recordingStatus", "AVAILABLE")
                    .put("recordingUrl", "/api/v1/conversation-items/" + items.get(items.size() - 1).json().get("id").asText()
                            + "/media/recording")
                    .put("recordingDuration", talk / 1000);
            ObjectNode summary = call.putObject("recordingSummary");
            if (rnd.nextDouble() < 0.7) {
                summary.put("status", "READY").put("summary", topic.callSummary).put("language", "en");
            } else {
                summary.put("status", "PENDING");
            }
            items.get(items.size() - 1).json().putObject("responder").put("id", agentId).put("type", "AGENT");
            after(4_000 + talk);
        }

        private void close() {
            after(60_000 + rnd.nextInt(19 * 60_000));
            item("CONVERSATION_STATUS_CHANGE", "AGENT", agentId, null).put("status", "CLOSED");
            event(CLOSED, "AGENT", agentId, agentId);
        }

        /** Adds a message of the conversation's channel; returns its content. */
        private ObjectNode message(String initiatorType, String initiatorId, String text) {
            ObjectNode content = item(channel, initiatorType, initiatorId, null);
            boolean fromCustomer = initiatorType.equals("CUSTOMER");
            switch (channel) {
                case "CHAT_MESSAGE" -> content.put("messageType", "TEXT").put("sessionId", id(index, 500))
                        .put("content", text);
                case "EMAIL" -> {
                    content.put("from", fromCustomer ? customer.email : "soporte@tiendaejemplo.test");
                    content.putArray("to").add(fromCustomer ? "soporte@tiendaejemplo.test" : customer.email);
                    content.put("subject", (fromCustomer && items.size() == 1 ? "" : "RE: ")
                            + (spanish ? "Consulta sobre mi pedido" : "Question about my order"));
                    content.put("content", text);
                }
                case "SMS" -> content.put("from", fromCustomer ? customer.phone : "+12149897676")
                        .put("to", fromCustomer ? "+12149897676" : customer.phone).put("content", text);
                case "FACEBOOK_MESSAGE" -> content.put("pageId", "104523987711").put("userId", customer.handle)
                        .put("content", text);
                default -> content.put("content", text);
            }
            return content;
        }

        /** Adds an item at the current time; returns its content object. */
        private ObjectNode item(String type, String initiatorType, String initiatorId, String itemId) {
            ObjectNode json = SandboxHttp.JSON.createObjectNode();
            json.put("id", itemId != null ? itemId : id(index, items.size()));
            json.put("conversationId", conversationId);
            json.put("customerId", customerId);
            json.put("timestamp", format(clock));
            json.putObject("initiator").put("id", initiatorId).put("type", initiatorType);
            ObjectNode content = json.putObject("content");
            content.put("type", type);
            items.add(new Stamped(clock, items.size(), type, json));
            return content;
        }

        /** Adds an event at the current time; {@code contextAgent} null leaves the assignee without an agent. */
        private ObjectNode event(String type, String initiatorType, String initiatorId, String contextAgent) {
            ObjectNode json = SandboxHttp.JSON.createObjectNode();
            json.put("id", id(index, 1_000 + events.size()));
            json.put("type", type);
            json.put("timestamp", format(clock));
            json.putObject("initiator").put("id", initiatorId).put("type", initiatorType);
            ObjectNode content = json.putObject("content");
            content.put("customerId", customerId);
            content.put("conversationId", conversationId);
            ObjectNode assignee = content.putObject("context").putObject("assignee");
            assignee.put("inboxId", inboxId);
            if (contextAgent != null) {
                assignee.put("agentId", contextAgent);
            }
            events.add(new Stamped(clock, events.size(), type, json));
            return json;
        }

        private void after(long millis) {
            clock = clock.plusMillis(millis);
        }

        private String pickChannel() {
            double x = rnd.nextDouble();
            double sum = 0;
            for (int i = 0; i < CHANNELS.length; i++) {
                sum += CHANNEL_WEIGHTS[i];
                if (x < sum) {
                    return CHANNELS[i];
                }
            }
            return CHANNELS[CHANNELS.length - 1];
        }

        private String pick(String[] values) {
            return values[rnd.nextInt(values.length)];
        }
    }

    /** Content types of the first item, by weight. */
    private static final String[] CHANNELS = {"CHAT_MESSAGE", "EMAIL", "SMS", "FACEBOOK_MESSAGE", "WHATSAPP",
        "INSTAGRAM_DIRECT", "PHONE_CALL"};
    private static final double[] CHANNEL_WEIGHTS = {0.30, 0.25, 0.15, 0.08, 0.08, 0.06, 0.08};

    /** A customer of the sandbox organization. */
    private record Customer(String name, String email, String phone, String handle) {
    }

    private static final Customer[] CUSTOMERS = {
        new Customer("Sofía Hernández", "sofia.hernandez@gmail.com", "+573001112233", "100044887712"),
        new Customer("Mateo Jiménez", "mateo.jimenez@hotmail.com", "+573104445566", "100051230098"),
        new Customer("Martha Williams", "martha.williams@gmail.com", "+14153335555", "100077412233"),
        new Customer("Günther Schön", "g.schoen@web.de", "+4915112345678", "100011122233"),
        new Customer("Daniel O'Brien", "dan.obrien@icloud.com", "+353851234567", "100099988877"),
        new Customer("Valeria Ñúñez", "vale.nunez@gmail.com", "+525512345678", "100066655544"),
    };

    /** What a conversation is about, in both languages. */
    private record Topic(int ordinal, String[] questionsEs, String[] answersEs, String[] followUpEs,
                         String[] questionsEn, String[] answersEn, String[] followUpEn, String callSummary) {
    }

    private static final Topic[] TOPICS = {
        new Topic(0,
            new String[] {"Hola 👋 mi pedido no ha llegado y ya pasó una semana", "¿Dónde está mi paquete? 📦"},
            new String[] {"¡Hola! Revisé tu pedido: la transportadora lo entrega mañana 🚚", "Ya escalé el caso con logística."},
            new String[] {"Sigue sin llegar 😕", "Perfecto, ¡gracias!"},
            new String[] {"Hi, my order still hasn't arrived", "Where is my package? 📦"},
            new String[] {"Hi! The carrier delivers it tomorrow 🚚", "I escalated it to our logistics team."},
            new String[] {"Still nothing 😕", "Great, thanks!"},
            "The customer calls about a late delivery. The agent confirms the carrier will deliver the next day."),
        new Topic(1,
            new String[] {"Quiero devolver la licuadora Müller, llegó dañada", "¿Cómo hago un cambio de talla?"},
            new String[] {"Lamentamos lo ocurrido. Te enviamos la guía de devolución por correo.", "Puedes cambiarla en tienda o por la web."},
            new String[] {"Ya la envié, ¿cuándo me reembolsan?", "¿Y si no tengo la factura?"},
            new String[] {"I want to return the blender, it arrived damaged", "How do I exchange a size?"},
            new String[] {"Sorry about that! The return label is in your inbox.", "You can exchange it online or in store."},
            new String[] {"Sent it back, when is the refund?", "What if I lost the receipt?"},
            "The customer calls to return a damaged item. The agent sends a return label by e-mail."),
        new Topic(2,
            new String[] {"Me cobraron dos veces el pedido 😡", "No puedo pagar con mi tarjeta"},
            new String[] {"Ya anulamos el cobro duplicado; verás el reembolso en 3 a 5 días hábiles.", "Prueba de nuevo, ya se restableció el pago."},
            new String[] {"El reembolso no aparece todavía", "Ahora sí funcionó ✅"},
            new String[] {"I was charged twice 😡", "My card keeps getting declined"},
            new String[] {"We voided the duplicate charge; the refund takes 3-5 business days.", "Please try again, payments are back."},
            new String[] {"The refund is not there yet", "It worked now ✅"},
            "The customer reports a double charge. The agent voids the duplicate and explains the refund timeline."),
    };

    private static final String[] NOTES_ES = {"Cliente frecuente, trato preferencial ⭐", "Se escaló a logística",
        "Pendiente confirmar reembolso", "Caso revisado con la supervisora"};
    private static final String[] NOTES_EN = {"VIP customer", "Escalated to billing", "Refund pending confirmation"};
}
