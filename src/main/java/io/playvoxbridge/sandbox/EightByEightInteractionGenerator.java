package io.playvoxbridge.sandbox;

import io.playvoxbridge.source.eightbyeight.EightByEightApi;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Deterministic generator of 8x8 Contact Center interactions: the detailed report row (columns of
 * {@link EightByEightApi#DETAILED_COLUMNS}) and the Data Augmentation answer of each. The same (seed, index) always
 * yields the same interaction, so overlapping reports return identical rows and a test can count every record.
 *
 * <p>Timeline: the start times are those of {@link Chat4RecordGenerator} (history spread over
 * {@code [anchor - historySpan, anchor)}, then {@code recordsPerMinute} after the anchor, whole seconds,
 * non-decreasing with the index; a {@code lateRate} share seen only {@code lateBy} after its start). An interaction
 * lasts talk + hold + wrap-up time and is visible once it has ended and its late delay has passed. Its index is part
 * of its guid ({@code int-<hex start ms>-<16 seeded chars><index, 7+ digits>-<media>-01-<tenant>}), after the
 * format of the 8x8 seed's example {@code int-1628bb9dbf7-YUTGAUsGrJDvPC9DqMgJr01iy-phone-01-acme}.
 *
 * <p>Data is realistic and mixed: English and Spanish, accents and emoji, empty fields, and private augmentation
 * variables ({@code _SSN}, {@code _securityAnswer}, {@code privacy: true}) whose values are distinctive, so a test can
 * prove they never leave the bridge.
 */
final class EightByEightInteractionGenerator {

    /** Row time format: ISO-8601 with the offset of the report's zone, to the second. */
    static final DateTimeFormatter ROW_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX", Locale.ROOT);

    private static final DateTimeFormatter DUE_DATE = DateTimeFormatter.ofPattern("dd MMMM uuuu", Locale.ENGLISH);
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private static final long SALT_FACTS = 0x31L;
    private static final long SALT_UNMAPPED = 0x32L;
    private static final long SALT_NO_AUGMENTATION = 0x33L;

    /** One sandbox agent: the 8x8 agent id and the name the report shows. */
    record Agent(String id, String name) {
    }

    private final long seed;
    private final Chat4RecordGenerator timeline;
    private final double unmappedAgentRate;
    private final double augmentationMissingRate;
    private final String tenantId;
    private final List<Agent> agents;
    private final Agent unmapped;

    /**
     * @param seed                    seed of every choice
     * @param anchor                  start moment (whole seconds)
     * @param historyRecords          interactions before the anchor
     * @param historySpan             how far back they reach, positive
     * @param recordsPerMinute        interactions per minute after the anchor; 0 = none
     * @param unmappedAgentRate       share 0..1 given to {@code unmapped}
     * @param lateRate                share 0..1 visible only {@code lateBy} after their start
     * @param lateBy                  delay of late interactions
     * @param augmentationMissingRate share 0..1 without Data Augmentation data (8x8 answers 404)
     * @param tenantId                the tenant, last part of the guid
     * @param agents                  the mapped agents, non-empty
     * @param unmapped                the agent absent from the agent directory
     */
    EightByEightInteractionGenerator(long seed, Instant anchor, int historyRecords, Duration historySpan,
                                     double recordsPerMinute, double unmappedAgentRate, double lateRate,
                                     Duration lateBy, double augmentationMissingRate, String tenantId,
                                     List<Agent> agents, Agent unmapped) {
        if (agents.isEmpty()) {
            throw new IllegalArgumentException("no mapped 8x8 agents");
        }
        this.seed = seed;
        // the timeline only: agents and contents come from this class
        this.timeline = new Chat4RecordGenerator(seed, anchor, historyRecords, historySpan, recordsPerMinute, 0,
                lateRate, lateBy, ZoneId.of("UTC"), List.of("-"), "-");
        this.unmappedAgentRate = unmappedAgentRate;
        this.augmentationMissingRate = augmentationMissingRate;
        this.tenantId = tenantId;
        this.agents = List.copyOf(agents);
        this.unmapped = unmapped;
    }

    /** @return the anchor, whole seconds */
    Instant anchor() {
        return timeline.anchor();
    }

    /** @return when interaction {@code index} started; non-decreasing in the index */
    Instant start(long index) {
        return timeline.creation(index);
    }

    /** @return when it ended (start + talk + hold + wrap-up, whole seconds) */
    Instant end(long index) {
        return start(index).plusMillis(facts(index).totalMillis()).truncatedTo(ChronoUnit.SECONDS);
    }

    /** @return whether its late delay has passed at {@code now} (it may still be ongoing) */
    boolean seenBy(long index, Instant now) {
        return !timeline.visibleFrom(index).isAfter(now);
    }

    /** @return whether a report run at {@code now} holds it as ended: ended and past its late delay */
    boolean visible(long index, Instant now) {
        return seenBy(index, now) && !end(index).isAfter(now);
    }

    /** Indices {@code [lo, hi)} started within {@code [from, min(to, now + 1 s))}: the candidates of a report. */
    long[] startedWithin(Instant from, Instant toExclusive, Instant now) {
        Instant upper = toExclusive.isAfter(now) ? now.plusSeconds(1) : toExclusive;
        long bound = timeline.indexBound(upper);
        long lo = timeline.firstCreatedAtOrAfter(from, bound);
        long hi = timeline.firstCreatedAtOrAfter(upper, bound);
        return new long[] {lo, Math.max(lo, hi)};
    }

    /** @return the 8x8 agent ids the generator uses: the mapped ones, then the unmapped one */
    List<String> agentIds() {
        List<String> ids = new ArrayList<>();
        agents.forEach(a -> ids.add(a.id()));
        ids.add(unmapped.id());
        return ids;
    }

    /** @return the guid of interaction {@code index} */
    String guid(long index) {
        Facts f = facts(index);
        return "int-" + Long.toHexString(start(index).toEpochMilli()) + "-" + f.token()
                + String.format(Locale.ROOT, "%07d", index) + "-" + f.media().toLowerCase(Locale.ROOT) + "-01-"
                + tenantId;
    }

    /**
     * The index a guid of this generator names.
     *
     * @return the index, or -1 when the text is not such a guid
     */
    long indexOf(String guid) {
        String[] parts = guid == null ? new String[0] : guid.split("-");
        if (parts.length < 6 || !parts[0].equals("int") || parts[2].length() <= 16) {
            return -1;
        }
        String digits = parts[2].substring(16);
        if (!digits.matches("\\d{7,18}")) {
            return -1;
        }
        long index = Long.parseLong(digits);
        return guid(index).equals(guid) ? index : -1;
    }

    /**
     * The report row.
     *
     * @param index interaction index
     * @param zone  the report's timezone
     * @return every column of {@link EightByEightApi#DETAILED_COLUMNS}, in order, as text ("" when empty)
     */
    Map<String, String> row(long index, ZoneId zone) {
        Facts f = facts(index);
        Agent agent = SeededDraws.unit(seed, index, SALT_UNMAPPED) < unmappedAgentRate ? unmapped
                : agents.get(f.agent() % agents.size());
        Map<String, String> r = new LinkedHashMap<>();
        r.put("interactionGuid", guid(index));
        r.put("startTime", ROW_TIME.format(start(index).atZone(zone)));
        r.put("endTime", ROW_TIME.format(end(index).atZone(zone)));
        r.put("mediaType", f.media());
        r.put("direction", f.outbound() ? "Outbound" : "Inbound");
        r.put("agentId", agent.id());
        r.put("agentName", agent.name());
        r.put("queueId", QUEUES[f.queue()][0]);
        r.put("queueName", QUEUES[f.queue()][1]);
        r.put("channelName", f.channelName());
        r.put("ani", f.ani());
        r.put("callerName", f.callerName());
        r.put("talkTime", Long.toString(f.talkMillis()));
        r.put("holdTime", Long.toString(f.holdMillis()));
        r.put("wrapUpTime", Long.toString(f.wrapMillis()));
        r.put("wrapUpCode", f.wrapUpCode());
        r.put("wrapUpNotes", f.notes());
        return r;
    }

    /** @return whether 8x8 holds no augmentation for the interaction (answers 404) */
    boolean augmentationMissing(long index) {
        return SeededDraws.unit(seed, index, SALT_NO_AUGMENTATION) < augmentationMissingRate;
    }

    /**
     * The Data Augmentation answer, values in clear (private ones too, as the worst case a client must handle).
     *
     * @return {@code {interactionId, channel, createTime, ani, callerName, variables[]}}, ready for Jackson
     */
    Map<String, Object> augmentation(long index) {
        Facts f = facts(index);
        SplittableRandom rnd = random(index, SALT_FACTS + 1);
        List<Map<String, Object>> variables = new ArrayList<>();
        variables.add(variable("_queueId", QUEUES[f.queue()][0], true, null, null, false));
        if (rnd.nextDouble() < 0.8) {
            variables.add(variable("_accountNumber", Integer.toString(10_000_000 + rnd.nextInt(90_000_000)), false,
                    "Account Number", "number", false));
        }
        if (rnd.nextDouble() < 0.6) {
            variables.add(variable("_amount", String.format(Locale.ROOT, "%.2f", 5 + rnd.nextDouble() * 945), false,
                    "Amount Due", "currency", false));
        }
        if (rnd.nextDouble() < 0.4) {
            String due = DUE_DATE.format(start(index).plus(Duration.ofDays(3 + rnd.nextInt(40))).atZone(ZoneId.of("UTC")));
            variables.add(variable("_dueDate", due, false, "Due Date", "date", false));
        }
        if (rnd.nextDouble() < 0.7) {
            variables.add(variable("_customerTier", pick(rnd, TIERS), false, "Customer Tier", "text", false));
        }
        if (rnd.nextDouble() < 0.35) {
            variables.add(variable("_csat", Integer.toString(1 + rnd.nextInt(5)), false, null, "number", false));
        }
        if (rnd.nextDouble() < 0.5) {
            variables.add(variable("_preferredLanguage", pick(rnd, LANGUAGES), false, "Idioma", "text", false));
        }
        if (f.media().equals("Phone") && rnd.nextDouble() < 0.6) {
            String ssn = String.format(Locale.ROOT, "%03d-%02d-%04d", 100 + rnd.nextInt(799), 10 + rnd.nextInt(89),
                    1000 + rnd.nextInt(9000));
            variables.add(variable("_SSN", ssn, true, null, "text", true));
        }
        if (rnd.nextDouble() < 0.2) {
            String answer = pick(rnd, SECRET_WORDS) + " " + pick(rnd, SECRET_WORDS) + " " + (1950 + rnd.nextInt(60));
            variables.add(variable("_securityAnswer", answer, false, "Security Answer", "text", true));
        }
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("interactionId", guid(index));
        a.put("channel", f.dialed());
        a.put("createTime", start(index).toString());
        a.put("ani", f.ani().isEmpty() ? null : f.ani());
        a.put("callerName", f.callerName().isEmpty() ? null : f.callerName());
        a.put("variables", variables);
        return a;
    }

    /** A variable as 8x8 answers it: booleans as JSON booleans, present only when true. */
    private static Map<String, Object> variable(String name, String value, boolean ivr, String displayName,
                                                String dataType, boolean privacy) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("name", name);
        v.put("value", value);
        if (ivr) {
            v.put("ivr", true);
        }
        if (displayName != null) {
            v.put("display", true);
            v.put("displayName", displayName);
        }
        if (dataType != null) {
            v.put("dataType", dataType);
        }
        if (privacy) {
            v.put("privacy", true);
        }
        return v;
    }

    /** Every seeded choice about one interaction, drawn in a fixed order. */
    private record Facts(String token, String media, boolean outbound, int agent, int queue, String channelName,
                         String dialed, String ani, String callerName, long talkMillis, long holdMillis,
                         long wrapMillis, String wrapUpCode, String notes) {
        long totalMillis() {
            return talkMillis + holdMillis + wrapMillis;
        }
    }

    private Facts facts(long index) {
        SplittableRandom rnd = random(index, SALT_FACTS);
        StringBuilder token = new StringBuilder(16);
        for (int k = 0; k < 16; k++) {
            token.append(BASE62.charAt(rnd.nextInt(BASE62.length())));
        }
        double m = rnd.nextDouble();
        String media = m < 0.6 ? "Phone" : m < 0.85 ? "Chat" : m < 0.95 ? "Email" : "Voicemail";
        boolean voice = media.equals("Phone") || media.equals("Voicemail");
        boolean outbound = media.equals("Phone") && rnd.nextDouble() < 0.2;
        int agent = rnd.nextInt(1 << 20);
        int queue = rnd.nextInt(QUEUES.length);
        boolean colombia = rnd.nextDouble() < 0.4;
        String line = colombia ? "+576015550199" : "+18005550100";
        String channelName = switch (media) {
            case "Chat" -> "Web Chat – tienda-ejemplo.test";
            case "Email" -> "soporte@tienda-ejemplo.test";
            default -> colombia ? "Línea Colombia " + line : "Main Line " + line;
        };
        String[] caller = pick(rnd, CALLERS);
        String ani = voice ? (colombia ? "+57300" + (1_000_000 + rnd.nextInt(9_000_000))
                : "+1415555" + (1000 + rnd.nextInt(9000))) : media.equals("Email") ? caller[1] : "";
        String callerName = rnd.nextDouble() < 0.1 ? "" : caller[0];
        long talk = media.equals("Voicemail") ? 10_000 + rnd.nextInt(80_000)
                : 20_000 + (long) (Math.pow(rnd.nextDouble(), 2) * 20 * 60_000);
        long hold = voice && rnd.nextDouble() < 0.4 ? 5_000 + rnd.nextInt(175_000) : 0;
        long wrap = 5_000 + rnd.nextInt(115_000);
        String code = rnd.nextDouble() < 0.1 ? "" : pick(rnd, WRAP_UP_CODES);
        String notes = rnd.nextDouble() < 0.5 ? "" : pick(rnd, NOTES);
        return new Facts(token.toString(), media, outbound, agent, queue, channelName, voice ? line : channelName, ani,
                callerName, talk, hold, wrap, code, notes);
    }

    private SplittableRandom random(long index, long salt) {
        return new SplittableRandom(Chat4RecordGenerator.mix64(seed ^ Chat4RecordGenerator.mix64(
                index * 0x9E3779B97F4A7C15L + salt)));
    }

    private static <T> T pick(SplittableRandom rnd, T[] values) {
        return values[rnd.nextInt(values.length)];
    }

    private static final String[][] QUEUES = {
        {"201", "Billing"}, {"202", "Soporte Técnico"}, {"203", "Sales"}, {"204", "Retención de clientes"},
    };

    private static final String[][] CALLERS = {
        {"Emily Carter", "emily.carter@gmail.com"}, {"Sofía Hernández", "sofia.hernandez@hotmail.com"},
        {"Günther Schön", "g.schoen@web.de"}, {"Daniel O'Brien", "dan.obrien@icloud.com"},
        {"Valeria Ñúñez", "vale.nunez@gmail.com"}, {"Chen Wei", "chen.wei@outlook.com"},
        {"José Ángel Ruíz", "joseangel.ruiz@une.net.co"},
    };

    private static final String[] TIERS = {"Gold", "Silver", "Bronze", "Platinum ✨"};
    private static final String[] LANGUAGES = {"Español", "English", "Português"};
    private static final String[] SECRET_WORDS = {"Azulejo", "Falcon", "Canela", "Marigold", "Tucán", "Obsidian",
        "Guayaba", "Nimbus"};

    private static final String[] WRAP_UP_CODES = {
        "Billing question", "Technical issue – resolved", "Cancelación", "Sale closed", "Callback scheduled",
        "Escalado a supervisor",
    };

    private static final String[] NOTES = {
        "Cliente molesto por doble cobro 😡. Se abrió caso de reembolso, respuesta en 48 h.",
        "Customer asked to update the billing address; done and confirmed by e-mail ✅",
        "Se explicó el proceso de devolución; el cliente enviará fotos del daño 📦",
        "Router reset fixed the issue. Follow-up call not needed.",
        "Pidió hablar con supervisor; transferido a la cola de Retención.",
        "Upsell to the annual plan accepted 🎉 — discount code ANUAL15 applied.",
    };
}
