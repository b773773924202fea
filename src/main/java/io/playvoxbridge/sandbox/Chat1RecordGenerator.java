package io.playvoxbridge.sandbox;

import java.text.Normalizer;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Deterministic generator of Wolkvox {@code chat_1} ("Chats") records and of the conversation behind each one, which
 * {@link Chat2RecordGenerator} serves as {@code chat_2} messages: the same (seed, index) always gives the identical
 * chat, so the two reports agree on every {@code conn_id}, name and count.
 *
 * <p>Fields, in the order of https://www.wolkvox.com/en/apis-v2-2/1-chats-en/ (api-facts 3): conn_id, channel, date,
 * customer_name, customer_email, customer_phone, customer_chars, agent_id, agent_name, agent_chars, time_on_agent,
 * chat_duration, cod_act, description_cod_act, comments, customer_id, skill_id, ASA, last_participant. Every value is
 * a string. {@code conn_id} is {@code <anchor day yyyyMMdd>1<index, 6 digits>}. {@code date} is the chat's start;
 * {@code chat_duration} is seconds (as the page says); {@code time_on_agent} and {@code ASA} are {@code HH:MM:SS} and
 * the last field's name {@code last_participant} (AGENT or CUSTOMER): the page gives neither format nor exact name,
 * so these are the sandbox's choice. {@code customer_chars} and {@code agent_chars} count the characters of the
 * customer's and the (human) agent's messages.
 *
 * <p>Conversation: sometimes a chat-bot exchange first (the bot's greeting, {@code from_name} "chat bot"; the
 * customer's answer, {@code to_name} "chat bot"), then 2 to 6 messages between customer and agent, a few seconds to
 * 90 s apart; 3% of chats have no message at all. A chat lasts at most {@link #MAX_CHAT_DURATION}.
 *
 * <p>Timeline: {@link RecordTimeline} gives each chat's start; its chat_1 record is visible only once the chat has
 * ended (start + chat_duration, plus {@code lateBy} for late records), when all its messages exist.
 */
final class Chat1RecordGenerator extends TimelineReport {

    /** The report's {@code api=} value. */
    static final String API = "chat_1";
    /** Longest chat: every message of a chat lies within this after its start. */
    static final Duration MAX_CHAT_DURATION = Duration.ofMinutes(15);
    /** Most messages of one chat. */
    static final int MAX_MESSAGES = 8;
    /** The name Wolkvox gives the chat bot in {@code from_name} and {@code to_name}. */
    static final String CHAT_BOT = "chat bot";

    private static final long SALT_AGENT = 0x41L;
    private static final long SALT_CONTENT = 0x43L;

    /** One chat_2 message of a chat. */
    record Message(long offsetSeconds, String from, String fromName, String toName, String text, String feeling) {
    }

    /** One chat: what its chat_1 record and its chat_2 messages say. */
    record Chat(long index, String connId, String channel, Instant start, String customerName, String customerEmail,
                String customerPhone, String customerId, SandboxAgentPool.Agent agent, String skillId, Topic topic,
                boolean coded, String comments, List<Message> messages, long durationSeconds) {
    }

    /** What a chat is about, in Spanish or English. */
    record Topic(String codAct, String description, String opening, String reply, String followUp, String closing) {
    }

    /**
     * @param timeline          when each chat starts
     * @param zone              the operation's zone for date strings
     * @param agents            the agents to draw from
     * @param unmappedAgentRate share 0..1 of chats given to the unmapped agent
     */
    Chat1RecordGenerator(RecordTimeline timeline, ZoneId zone, SandboxAgentPool agents, double unmappedAgentRate) {
        super(timeline, zone, agents, unmappedAgentRate, '1');
    }

    @Override
    public String api() {
        return API;
    }

    /** @return the first moment the chat's chat_1 record is visible: its end, plus {@code lateBy} if late */
    @Override
    Instant visibleFrom(long index) {
        return timeline.visibleFrom(index).plusSeconds(chat(index).durationSeconds());
    }

    @Override
    public Map<String, String> record(long index) {
        Chat c = chat(index);
        long customerChars = 0;
        long agentChars = 0;
        long firstAgent = -1;
        for (Message m : c.messages()) {
            boolean bot = m.fromName().equals(CHAT_BOT) || m.toName().equals(CHAT_BOT);
            if (!bot && m.from().equals("CUSTOMER")) {
                customerChars += m.text().codePointCount(0, m.text().length());
            } else if (!bot) {
                agentChars += m.text().codePointCount(0, m.text().length());
                firstAgent = firstAgent < 0 ? m.offsetSeconds() : firstAgent;
            }
        }
        long asa = firstAgent < 0 ? c.durationSeconds() : firstAgent;
        Map<String, String> r = new LinkedHashMap<>();
        r.put("conn_id", c.connId());
        r.put("channel", c.channel());
        r.put("date", date(c.start()));
        r.put("customer_name", c.customerName());
        r.put("customer_email", c.customerEmail());
        r.put("customer_phone", c.customerPhone());
        r.put("customer_chars", Long.toString(customerChars));
        r.put("agent_id", c.agent().id());
        r.put("agent_name", c.agent().name());
        r.put("agent_chars", Long.toString(agentChars));
        r.put("time_on_agent", hms(c.durationSeconds() - asa));
        r.put("chat_duration", Long.toString(c.durationSeconds()));
        r.put("cod_act", c.coded() ? c.topic().codAct() : "");
        r.put("description_cod_act", c.coded() ? c.topic().description() : "");
        r.put("comments", c.comments());
        r.put("customer_id", c.customerId());
        r.put("skill_id", c.skillId());
        r.put("ASA", hms(asa));
        r.put("last_participant", c.messages().isEmpty() ? "" : c.messages().get(c.messages().size() - 1).from());
        return r;
    }

    /**
     * @param index chat index, {@code >= 0}
     * @return the chat, built from (seed, index) alone
     */
    Chat chat(long index) {
        SplittableRandom rnd = random(index, SALT_CONTENT);
        SandboxAgentPool.Agent agent = agent(index, SALT_AGENT);
        String channel = CHANNELS[rnd.nextInt(CHANNELS.length)];
        boolean spanish = rnd.nextDouble() < 0.7;
        String customer = CUSTOMERS[rnd.nextInt(CUSTOMERS.length)];
        Topic topic = (spanish ? TOPICS_ES : TOPICS_EN)[rnd.nextInt(TOPICS_ES.length)];
        String first = customer.split(" ")[0];
        String agentFirst = agent.name().split("[ ,]")[0];

        List<Message> messages = new ArrayList<>();
        long t = 0;
        if (rnd.nextDouble() >= 0.03) {
            if (rnd.nextDouble() < 0.4) {
                messages.add(new Message(t, "AGENT", CHAT_BOT, customer, spanish ? BOT_ES : BOT_EN, ""));
                t += 5 + rnd.nextInt(40);
                messages.add(new Message(t, "CUSTOMER", customer, CHAT_BOT, Integer.toString(1 + rnd.nextInt(3)), ""));
                t += 5 + rnd.nextInt(30);
            }
            String[] lines = {topic.opening(), topic.reply(), topic.followUp(), topic.closing(),
                spanish ? "¡Gracias! 😊" : "Thanks! 🙂", spanish ? "Con gusto, {first}. ¡Feliz día!" : "Anytime, {first}!"};
            int count = 2 + rnd.nextInt(5);
            for (int k = 0; k < count; k++) {
                boolean fromCustomer = k % 2 == 0;
                String text = rnd.nextDouble() < 0.03 ? "" : lines[k].replace("{first}", first).replace("{agent}", agentFirst);
                messages.add(new Message(t, fromCustomer ? "CUSTOMER" : "AGENT", fromCustomer ? customer : agent.name(),
                        fromCustomer ? agent.name() : customer, text,
                        fromCustomer ? FEELINGS[rnd.nextInt(FEELINGS.length)] : ""));
                t += 3 + rnd.nextInt(88);
            }
        }
        long duration = t + 10 + rnd.nextInt(50);
        String ascii = Normalizer.normalize(customer, Normalizer.Form.NFD).replaceAll("\\p{M}", "")
                .toLowerCase(Locale.ROOT).replace("'", "");
        String[] parts = ascii.split(" ");
        String email = channel.equals("web") || rnd.nextDouble() < 0.3
                ? parts[0] + "." + parts[parts.length - 1] + "@" + DOMAINS[rnd.nextInt(DOMAINS.length)] : "";
        String phone = channel.equals("whatsapp") ? "57" + (300_000_0000L + rnd.nextInt(99_999_999)) : "";
        String customerId = rnd.nextDouble() < 0.3 ? "" : Integer.toString(10_000_000 + rnd.nextInt(1_090_000_000));
        boolean coded = rnd.nextDouble() >= 0.15;
        String comments = rnd.nextDouble() < 0.7 ? "" : NOTES[rnd.nextInt(NOTES.length)];
        return new Chat(index, connId(index), channel,
                timeline.creation(index), customer, email, phone, customerId, agent, SKILLS.get(channel), topic, coded,
                comments, List.copyOf(messages), duration);
    }

    private static String hms(long seconds) {
        return String.format(Locale.ROOT, "%02d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }

    private static final String[] CHANNELS = {"whatsapp", "whatsapp", "web", "facebook", "instagram"};
    private static final Map<String, String> SKILLS = Map.of("whatsapp", "8", "web", "9", "facebook", "5",
            "instagram", "6");
    private static final String[] DOMAINS = {"gmail.com", "hotmail.com", "yahoo.es", "une.net.co"};
    private static final String[] FEELINGS = {"positive", "neutral", "negative", ""};
    private static final String BOT_ES = "¡Hola! Soy Wolky 🤖, el asistente virtual. Escribe 1 para pedidos, 2 para pagos"
            + " o 3 para hablar con un asesor.";
    private static final String BOT_EN = "Hi! I'm Wolky 🤖, the virtual assistant. Type 1 for orders, 2 for payments or"
            + " 3 to talk to an agent.";

    private static final String[] CUSTOMERS = {
        "Sofía Hernández", "Mateo Jiménez", "Lucía Castaño", "Martín Agüero", "Isabella Peñaloza", "Emily Carter",
        "Günther Schön", "Daniel O'Brien", "Valeria Ñúñez", "José Ángel Ruíz",
    };

    private static final Topic[] TOPICS_ES = {
        new Topic("102", "Estado de envío", "Hola, mi pedido no ha llegado y ya pasó una semana 😟",
            "Hola {first}, soy {agent}. Ya reviso tu pedido 🔎", "Es el pedido #48211, a nombre de mi mamá",
            "Listo, {first}: sale hoy en la tarde 🚚"),
        new Topic("205", "Reembolso", "Me cobraron dos veces la compra 😡",
            "Lamento el inconveniente, {first}. ¿Me confirmas los últimos 4 dígitos de la tarjeta?", "Termina en 4821",
            "Ya solicitamos el reembolso; se verá en 3 a 5 días hábiles ✅"),
        new Topic("101", "Consulta de pedido", "¿Tienen la chaqueta impermeable en talla M? 🧥",
            "¡Hola {first}! Sí, en azul añil y negro 🙌", "¿Y el envío a Medellín cuánto vale?",
            "El envío es gratis por compras superiores a $150.000 😉"),
    };

    private static final Topic[] TOPICS_EN = {
        new Topic("102", "Estado de envío", "Hi, my order still hasn't arrived 😕",
            "Hi {first}, I'm {agent}. Let me check that for you 🔎", "It's order #48211",
            "Thanks {first}, it ships this afternoon 🚚"),
        new Topic("205", "Reembolso", "I was charged twice for the same order",
            "Sorry about that, {first}. Could you confirm the last 4 digits of the card?", "It ends in 4821",
            "Done: the refund shows in 3-5 business days ✅"),
        new Topic("101", "Consulta de pedido", "Do you have the rain jacket in size M?",
            "Hi {first}! Yes, in navy and black 🙌", "How much is shipping to Miami?",
            "International shipping is a flat $25 😉"),
    };

    private static final String[] NOTES = {
        "Cliente satisfecho 👍", "Se escaló a logística 🚚", "Pendiente confirmar reembolso", "Customer asked for a callback",
    };
}
