package io.playvoxbridge.sandbox;

import java.text.Normalizer;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Deterministic generator of Wolkvox {@code chat_4} ("Detail interactions") records: the same (seed, index)
 * always yields the identical record, so overlapping windows return identical rows.
 *
 * <p>Field names follow https://www.wolkvox.com/en/apis-v2-2/4-detail-interactions/ (api-facts 3): channel,
 * agent_name, skill_id, case_id, subject, from, to, body, answer, date_creation, close_date, evaluation_survey,
 * cod_act, cod_description, comments, attachments. Every value is a string; dates are {@code YYYY-MM-DD HH:MM:SS}
 * in the operation's zone.
 *
 * <p>Timeline: see {@link RecordTimeline} (history spread over {@code [anchor - historySpan, anchor)}, then
 * {@code recordsPerMinute} after the anchor; creation times are whole seconds and never decrease with the index).
 */
final class Chat4RecordGenerator {

    private static final DateTimeFormatter WOLKVOX_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter CASE_PREFIX = DateTimeFormatter.ofPattern("yyyyMMdd", Locale.ROOT);

    private static final long SALT_UNMAPPED = 0x3L;
    private static final long SALT_CONTENT = 0x4L;
    private static final long SALT_COMMENTS = 0x5L;

    private final long seed;
    private final RecordTimeline timeline;
    private final double unmappedAgentRate;
    private final ZoneId zone;
    private final List<String> mappedAgents;
    private final String unmappedAgent;
    private final String casePrefix;
    private final double commentRate;

    /**
     * @param seed              seed of every random choice
     * @param anchor            start moment, whole seconds
     * @param historyRecords    records before the anchor
     * @param historySpan       how far back the history reaches, positive
     * @param recordsPerMinute  records per minute after the anchor; 0 = none
     * @param unmappedAgentRate share of records (0..1) given to {@code unmappedAgent}
     * @param lateRate          share of records (0..1) that become visible only {@code lateBy} after their creation
     * @param lateBy            delay of late records
     * @param zone              the operation's zone for date strings
     * @param mappedAgents      agent names of the directory, non-empty
     * @param unmappedAgent     the agent name absent from the directory
     */
    Chat4RecordGenerator(long seed, Instant anchor, int historyRecords, Duration historySpan, double recordsPerMinute,
                         double unmappedAgentRate, double lateRate, Duration lateBy, ZoneId zone,
                         List<String> mappedAgents, String unmappedAgent) {
        this(seed, anchor, historyRecords, historySpan, recordsPerMinute, unmappedAgentRate, lateRate, lateBy, zone,
                mappedAgents, unmappedAgent, 1.0);
    }

    /**
     * As the constructor above, with a share of records that carry comment fields.
     *
     * @param commentRate share of records (0..1) whose comment fields ({@code body}, {@code answer}, {@code comments})
     *                    are filled as generated; the others have all three empty (an interaction without comments).
     *                    1 gives the records of the other constructor.
     */
    Chat4RecordGenerator(long seed, Instant anchor, int historyRecords, Duration historySpan, double recordsPerMinute,
                         double unmappedAgentRate, double lateRate, Duration lateBy, ZoneId zone,
                         List<String> mappedAgents, String unmappedAgent, double commentRate) {
        this.commentRate = commentRate;
        if (mappedAgents.isEmpty()) {
            throw new IllegalArgumentException("no mapped agents");
        }
        this.seed = seed;
        this.timeline = new RecordTimeline(seed, anchor, historyRecords, historySpan, recordsPerMinute, lateRate,
                lateBy);
        this.unmappedAgentRate = unmappedAgentRate;
        this.zone = Objects.requireNonNull(zone);
        this.mappedAgents = List.copyOf(mappedAgents);
        this.unmappedAgent = Objects.requireNonNull(unmappedAgent);
        this.casePrefix = CASE_PREFIX.format(timeline.anchor().atZone(zone));
    }

    /** @return when each record is created and visible */
    RecordTimeline timeline() {
        return timeline;
    }

    /** @return the anchor, whole seconds */
    Instant anchor() {
        return timeline.anchor();
    }

    /** @see RecordTimeline#creation(long) */
    Instant creation(long index) {
        return timeline.creation(index);
    }

    /** @see RecordTimeline#late(long) */
    boolean late(long index) {
        return timeline.late(index);
    }

    /** @see RecordTimeline#visibleFrom(long) */
    Instant visibleFrom(long index) {
        return timeline.visibleFrom(index);
    }

    /** @see RecordTimeline#indexBound(Instant) */
    long indexBound(Instant moment) {
        return timeline.indexBound(moment);
    }

    /** @see RecordTimeline#firstCreatedAtOrAfter(Instant, long) */
    long firstCreatedAtOrAfter(Instant moment, long bound) {
        return timeline.firstCreatedAtOrAfter(moment, bound);
    }

    /** @return the agent name the record gets */
    String agentName(long index) {
        if (timeline.unit(index, SALT_UNMAPPED) < unmappedAgentRate) {
            return unmappedAgent;
        }
        return mappedAgents.get((int) (mix64(seed ^ mix64(index * 31 + 17)) >>> 33) % mappedAgents.size());
    }

    /**
     * Builds the record.
     *
     * @param index record index, {@code >= 0}
     * @return the chat_4 fields in the documented order, every value a string (possibly empty)
     */
    Map<String, String> record(long index) {
        SplittableRandom rnd = new SplittableRandom(mix64(seed ^ mix64(index * 0x9E3779B97F4A7C15L + SALT_CONTENT)));
        Instant created = creation(index);
        String channel = pick(rnd, CHANNELS);
        boolean spanish = rnd.nextDouble() < 0.7;
        Customer customer = pick(rnd, CUSTOMERS);
        String product = pick(rnd, spanish ? PRODUCTS_ES : PRODUCTS_EN);
        String order = Integer.toString(10_000 + rnd.nextInt(90_000));
        Topic topic = pick(rnd, TOPICS);
        String subject = fill(pick(rnd, spanish ? topic.subjectsEs() : topic.subjectsEn()), customer, product, order);
        String text = fill(pick(rnd, spanish ? topic.bodiesEs() : topic.bodiesEn()), customer, product, order);
        String reply = fill(pick(rnd, spanish ? topic.answersEs() : topic.answersEn()), customer, product, order);
        boolean email = channel.equals("Email");

        Map<String, String> r = new LinkedHashMap<>();
        r.put("channel", channel);
        r.put("agent_name", agentName(index));
        r.put("skill_id", skill(channel, rnd));
        r.put("case_id", casePrefix + String.format(Locale.ROOT, "%05d", index));
        r.put("subject", email || rnd.nextDouble() < 0.3 ? subject : "");
        r.put("from", from(channel, customer, rnd));
        r.put("to", to(channel));
        r.put("body", email ? html(text, customer.name(), spanish) : text);
        String answer = rnd.nextDouble() < 0.10 ? "" : (email ? html(reply, spanish ? "Equipo de Soporte" : "Support Team", spanish) : reply);
        r.put("answer", answer);
        r.put("date_creation", WOLKVOX_DATE.format(created.atZone(zone)));
        long closeMinutes = 3 + (long) (Math.pow(rnd.nextDouble(), 2) * 8 * 60);
        boolean closed = rnd.nextDouble() >= 0.05;
        r.put("close_date", closed
                ? WOLKVOX_DATE.format(created.plusSeconds(closeMinutes * 60 + rnd.nextInt(60)).atZone(zone)) : "");
        r.put("evaluation_survey", rnd.nextBoolean() ? "" : Integer.toString(1 + rnd.nextInt(5)));
        double coding = rnd.nextDouble();
        r.put("cod_act", coding < 0.15 ? "" : topic.codAct());
        r.put("cod_description", coding < 0.20 ? "" : topic.codDescription());
        r.put("comments", rnd.nextDouble() < 0.6 ? "" : pick(rnd, spanish ? COMMENTS_ES : COMMENTS_EN));
        r.put("attachments", rnd.nextDouble() < 0.85 ? ""
                : "https://files.sandbox.wolkvox.test/" + r.get("case_id") + "/" + pick(rnd, ATTACHMENTS));
        // drawn apart from the content, so the other fields are the same at any comment rate
        if (commentRate < 1 && timeline.unit(index, SALT_COMMENTS) >= commentRate) {
            r.put("body", "");
            r.put("answer", "");
            r.put("comments", "");
        }
        return r;
    }

    private static String skill(String channel, SplittableRandom rnd) {
        String base = switch (channel) {
            case "Email" -> "3";
            case "facebook_page" -> "5";
            case "instagram" -> "6";
            default -> "8";
        };
        return rnd.nextDouble() < 0.2 ? "12" : base;
    }

    private static String from(String channel, Customer customer, SplittableRandom rnd) {
        return switch (channel) {
            case "Email" -> customer.email();
            case "facebook_page" -> customer.name();
            default -> "@" + customer.handle() + (rnd.nextDouble() < 0.3 ? "_" + (10 + rnd.nextInt(90)) : "");
        };
    }

    private static String to(String channel) {
        return switch (channel) {
            case "Email" -> "soporte@tiendaejemplo.com.co";
            case "facebook_page" -> "Tienda Ejemplo Colombia";
            case "instagram" -> "@tiendaejemplo";
            default -> "@TiendaEjemploCO";
        };
    }

    private static String html(String text, String signature, boolean spanish) {
        return "<p>" + text.replace("&", "&amp;").replace("<", "&lt;") + "</p><p>"
                + (spanish ? "Saludos,<br>" : "Regards,<br>") + signature + "</p>";
    }

    private static String fill(String template, Customer customer, String product, String order) {
        String text = template.startsWith("{product}")
                ? Character.toUpperCase(product.charAt(0)) + product.substring(1) + template.substring(9) : template;
        return text.replace("{first}", customer.name().split(" ")[0])
                .replace("{product}", product)
                .replace("{order}", order);
    }

    private static <T> T pick(SplittableRandom rnd, T[] values) {
        return values[rnd.nextInt(values.length)];
    }

    /** SplitMix64's finalizer: a bijection on 64-bit values. */
    static long mix64(long z) {
        return RecordTimeline.mix64(z);
    }

    private record Customer(String name, String email, String handle) {
        static Customer of(String name, String domain, String handle) {
            String ascii = Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}", "")
                    .toLowerCase(Locale.ROOT).replace("'", "");
            String[] parts = ascii.split(" ");
            return new Customer(name, parts[0] + "." + parts[parts.length - 1] + "@" + domain, handle);
        }
    }

    private static final String[] CHANNELS = {"Email", "Email", "Email", "facebook_page", "instagram", "twitter"};

    private static final Customer[] CUSTOMERS = {
        Customer.of("Sofía Hernández", "gmail.com", "sofi_hdz"),
        Customer.of("Mateo Jiménez", "hotmail.com", "mateojimenez"),
        Customer.of("Lucía Castaño", "yahoo.es", "lu.castano"),
        Customer.of("Martín Agüero", "outlook.com", "martin_aguero"),
        Customer.of("Isabella Peñaloza", "gmail.com", "isa.penaloza"),
        Customer.of("Emily Carter", "gmail.com", "emcarter"),
        Customer.of("Günther Schön", "web.de", "gschoen"),
        Customer.of("Daniel O'Brien", "icloud.com", "dan_obrien"),
        Customer.of("Valeria Ñúñez", "gmail.com", "vale.nunez"),
        Customer.of("José Ángel Ruíz", "une.net.co", "joseangel.ruiz"),
    };

    private static final String[] PRODUCTS_ES = {
        "los audífonos inalámbricos", "las zapatillas Ñandú Runner", "la cafetera eléctrica", "la licuadora Müller 600W",
        "la camiseta de la Selección", "el pingüino de peluche", "la freidora de aire", "el colchón ortopédico",
    };

    private static final String[] PRODUCTS_EN = {
        "the wireless earbuds", "the running shoes", "the espresso machine", "the air fryer", "the smart watch",
    };

    /** What a conversation is about: subject, customer text and agent answer in both languages, and its coding. */
    private record Topic(String codAct, String codDescription, String[] subjectsEs, String[] bodiesEs,
                         String[] answersEs, String[] subjectsEn, String[] bodiesEn, String[] answersEn) {
    }

    private static final Topic[] TOPICS = {
        new Topic("102", "Estado de envío",
            new String[] {"¿Dónde está mi pedido? 📦", "Pedido #{order} sin entregar", "RE: Pedido #{order}"},
            new String[] {"Hola, buenos días. Compré {product} hace una semana (pedido #{order}) y aún no llega. ¿Me pueden ayudar? 🙏",
                "Llevo tres días esperando {product} y el rastreo no se actualiza 😡"},
            new String[] {"Hola {first}, lamentamos los inconvenientes. Tu pedido #{order} será entregado mañana. ¡Gracias por tu paciencia! 😊",
                "Hola {first}, la transportadora confirma la entrega entre hoy y el lunes 🚚"},
            new String[] {"Where is my order? 📦", "Order #{order} not delivered"},
            new String[] {"Hi, I ordered {product} last week (order #{order}) and it still hasn't arrived. Can you help?"},
            new String[] {"Hi {first}, sorry for the trouble. Order #{order} ships tomorrow. Thanks for your patience!"}),
        new Topic("205", "Reembolso",
            new String[] {"Cobro duplicado", "Solicitud de reembolso – pedido #{order}"},
            new String[] {"Buenas tardes, el cobro del pedido #{order} aparece duplicado en mi tarjeta. Adjunto el comprobante.",
                "Quiero la devolución de mi dinero por {product}, no lo voy a usar."},
            new String[] {"Con gusto te ayudamos, {first}. Ya realizamos el reembolso; verás el reflejo en 3 a 5 días hábiles.",
                "Hola {first}, tu solicitud de reembolso quedó radicada con el número #{order} ✅"},
            new String[] {"Refund request for order #{order}", "Charged twice"},
            new String[] {"I was charged twice for order #{order} 😕 please refund one of the charges."},
            new String[] {"Hello {first}, we've refunded the duplicate charge; it takes 3-5 business days to show."}),
        new Topic("311", "Producto dañado",
            new String[] {"Problema con {product} 😢", "Garantía de {product}"},
            new String[] {"Me llegó {product} con la caja rota. Pedido #{order}.",
                "El pingüino de peluche llegó sin un ojo 😢 ¿qué hago?"},
            new String[] {"Sentimos mucho lo ocurrido con {product}. Te enviamos la guía de devolución por correo.",
                "Hola {first}, ya programamos la recogida y el cambio sin costo 👍"},
            new String[] {"Damaged item received", "Warranty claim"},
            new String[] {"{product} arrived broken, the box was crushed. Order #{order}."},
            new String[] {"Here is the return label for {product}. Let us know if you need anything else."}),
        new Topic("420", "Cambio de datos",
            new String[] {"Cambio de dirección de envío", "Actualización de datos de facturación", "Cambio de contraseña 🔑"},
            new String[] {"Necesito cambiar la dirección de envío a Calle 45 # 12-30, Bogotá. ¡Gracias!",
                "Por favor actualicen mi NIT para la factura electrónica: 900.123.456-7"},
            new String[] {"Hola {first}, ya actualizamos tus datos. Cualquier duda, aquí estamos 👋"},
            new String[] {"Can't log in to my account", "Update my billing address"},
            new String[] {"My account is locked after the password reset 🔒"},
            new String[] {"Thanks {first}! We've unlocked your account, please try again 🙂"}),
        new Topic("101", "Consulta de pedido",
            new String[] {"Consulta sobre la promoción Cyber Lunes", "¿Tienen disponible la talla M?"},
            new String[] {"¿Tienen disponible la talla M en color añil? Quiero cambiar {product}.",
                "¿La promoción del Cyber Lunes aplica para {product}? 🤔"},
            new String[] {"¡Hola {first}! Sí, la promoción aplica hasta el domingo. Te dejamos el enlace: https://tiendaejemplo.com.co/cyber"},
            new String[] {"Question about sizes", "Does the discount apply?"},
            new String[] {"Do you have {product} in size M? I'd like to exchange it."},
            new String[] {"Hi {first}! Yes, size M is back in stock, you can exchange it online."}),
        new Topic("310", "Queja / reclamo",
            new String[] {"Queja por demora en la atención", "Muy mala experiencia"},
            new String[] {"Estoy muy molesto 😡 nadie me responde desde el martes.",
                "Quiero cancelar mi suscripción, por favor. Ya no la uso 🙁"},
            new String[] {"Hola {first}, te pedimos disculpas. Escalamos tu caso a la supervisora y te contactará hoy."},
            new String[] {"Complaint about response time"},
            new String[] {"Nobody has answered me for three days. This is unacceptable."},
            new String[] {"We're sorry, {first}. A supervisor will call you today."}),
        new Topic("900", "Felicitación",
            new String[] {"¡Gracias por la atención!"},
            new String[] {"Excelente atención de la señora del chat, ¡mil gracias! 😊"},
            new String[] {"¡Gracias por tus comentarios, {first}! Se los haremos llegar al equipo 💙"},
            new String[] {"Great service, thanks! 🙌"},
            new String[] {"Your agent was super helpful, thank you! ⭐⭐⭐⭐⭐"},
            new String[] {"Thank you {first}, we'll pass it on to the team!"}),
    };

    private static final String[] COMMENTS_ES = {
        "Cliente satisfecho 👍", "Se escaló a logística 🚚", "Pendiente confirmar reembolso", "Cliente pide devolución",
        "Caso duplicado, se cierra", "Llamar de nuevo el lunes",
    };

    private static final String[] COMMENTS_EN = {
        "Customer asked for a callback", "Escalated to billing", "Resolved on first contact ✅",
    };

    private static final String[] ATTACHMENTS = {"comprobante.pdf", "foto_caja.jpg", "factura-noviembre.pdf", "screenshot.png"};
}
