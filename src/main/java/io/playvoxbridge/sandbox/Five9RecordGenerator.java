package io.playvoxbridge.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Deterministic generator of the rows of the two Five9 reports the sandbox serves: the same (seed, anchor, index)
 * always gives the identical row, so any two report runs over the same range return identical rows.
 *
 * <p>Columns: the Call Log's as api-facts 5 lists them ([3P] Pathlight tap-five9 {@code schemas/call_log.json},
 * upper-cased: Five9 writes its original English column names); the digital report's are the sandbox's own
 * (api-facts lists none). Times are {@code EEE, dd MMM yyyy HH:mm:ss} in the report's zone ([3P] Matatika tap-five9),
 * durations {@code hh:mm:ss}, counts integers, ABANDONED 0 or 1.
 *
 * <p>Timeline, in whole seconds: index {@code i < historyRecords} starts at
 * {@code anchor - historySpan + floor(i * historySpan / historyRecords)}; index {@code historyRecords + k} at
 * {@code anchor + ceil((k + 1) * 60 / recordsPerMinute)}. Start times never decrease with the index. A row is visible
 * in reports once the call or session has ended ({@link #visibleFrom}): its start plus its duration, so a report run
 * soon after a call started lacks it and a later one has it (records arrive late, as in Five9).
 */
final class Five9RecordGenerator {

    /** Which report the generator makes rows for. */
    enum Kind { CALL_LOG, DIGITAL }

    /** One agent: the Five9 user name ({@code AGENT}) and full name ({@code AGENT NAME}). */
    record Agent(String username, String name) {
    }

    /** Columns of the Call Log, in report order (api-facts 5). */
    static final List<String> CALL_LOG_COLUMNS = List.of("CALL ID", "TIMESTAMP", "CAMPAIGN", "CALL TYPE", "AGENT",
            "AGENT NAME", "DISPOSITION", "ANI", "CUSTOMER NAME", "DNIS", "CALL TIME", "BILL TIME (ROUNDED)", "COST",
            "IVR TIME", "QUEUE WAIT TIME", "RING TIME", "TALK TIME", "HOLD TIME", "PARK TIME", "AFTER CALL WORK TIME",
            "TRANSFERS", "CONFERENCES", "HOLDS", "ABANDONED", "RECORDINGS");

    /** Columns of the digital report, in report order (the sandbox's assumption). */
    static final List<String> DIGITAL_COLUMNS = List.of("SESSION ID", "TIMESTAMP", "MEDIA TYPE", "CAMPAIGN", "SKILL",
            "AGENT", "AGENT NAME", "DISPOSITION", "CUSTOMER NAME", "CUSTOMER CONTACT", "SUBJECT", "QUEUE WAIT TIME",
            "HANDLE TIME", "MESSAGES", "TRANSFERS", "FIRST CUSTOMER MESSAGE", "NOTES");

    /** Format of report times. */
    static final DateTimeFormatter REPORT_TIME = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss", Locale.US);

    private static final long SALT_UNMAPPED = 0x31L;
    private static final long SALT_CONTENT = 0x32L;

    private final Kind kind;
    private final long seed;
    private final Instant anchor;
    private final ZoneId zone;
    private final int historyRecords;
    private final long historySeconds;
    private final double recordsPerMinute;
    private final double unmappedAgentRate;
    private final List<Agent> agents;
    private final Agent unmapped;
    private final long idBase;

    /**
     * @param kind              which report
     * @param seed              seed of every random choice
     * @param anchor            start moment (truncated to whole seconds)
     * @param zone              the report's zone
     * @param historyRecords    rows started before the anchor, {@code >= 0}
     * @param historySpan       how far back they reach, at least one second
     * @param recordsPerMinute  rows started per minute after the anchor; 0 = none
     * @param unmappedAgentRate share (0..1) of rows handled by {@code unmapped}
     * @param agents            the agents of the directory, non-empty
     * @param unmapped          an agent missing from the directory
     */
    Five9RecordGenerator(Kind kind, long seed, Instant anchor, ZoneId zone, int historyRecords, Duration historySpan,
                         double recordsPerMinute, double unmappedAgentRate, List<Agent> agents, Agent unmapped) {
        if (agents.isEmpty()) {
            throw new IllegalArgumentException("no agents");
        }
        this.kind = Objects.requireNonNull(kind);
        this.seed = seed;
        this.anchor = anchor.truncatedTo(ChronoUnit.SECONDS);
        this.zone = Objects.requireNonNull(zone);
        this.historyRecords = historyRecords;
        this.historySeconds = Math.max(1, historySpan.getSeconds());
        this.recordsPerMinute = recordsPerMinute;
        this.unmappedAgentRate = unmappedAgentRate;
        this.agents = List.copyOf(agents);
        this.unmapped = Objects.requireNonNull(unmapped);
        this.idBase = this.anchor.getEpochSecond() * 10_000_000L;
    }

    /** @return the anchor, whole seconds */
    Instant anchor() {
        return anchor;
    }

    /** @return the report's columns, in order */
    List<String> columns() {
        return kind == Kind.CALL_LOG ? CALL_LOG_COLUMNS : DIGITAL_COLUMNS;
    }

    /** @return the column holding each row's unique, sequence-numbered id */
    String idColumn() {
        return columns().get(0);
    }

    /**
     * @param index row index, {@code >= 0}
     * @return when the call or session started, whole seconds; non-decreasing in the index
     */
    Instant timestamp(long index) {
        if (index < historyRecords) {
            return anchor.minusSeconds(historySeconds).plusSeconds(index * historySeconds / historyRecords);
        }
        long k = index - historyRecords;
        return anchor.plusSeconds((long) Math.ceil((k + 1) * 60.0 / recordsPerMinute));
    }

    /** @return the moment the row appears in reports: its start plus the call's or session's duration */
    Instant visibleFrom(long index) {
        return timestamp(index).plusSeconds(content(index).durationSeconds());
    }

    /**
     * @param moment any instant
     * @return a count {@code n} such that every index {@code >= n} started after {@code moment}
     */
    long indexBound(Instant moment) {
        if (recordsPerMinute <= 0 || moment.isBefore(anchor)) {
            return historyRecords;
        }
        long elapsed = Duration.between(anchor, moment).getSeconds() + 1;
        return historyRecords + (long) Math.ceil(elapsed * recordsPerMinute / 60.0) + 1;
    }

    /**
     * @param moment any instant
     * @param bound  an exclusive upper bound of the indices to search, see {@link #indexBound}
     * @return the smallest index in {@code [0, bound)} started at or after {@code moment}, or {@code bound}
     */
    long firstAtOrAfter(Instant moment, long bound) {
        // invert the timeline's formulas for a first guess, then step to the exact index (start times never decrease)
        long guess;
        Instant historyStart = anchor.minusSeconds(historySeconds);
        if (!moment.isAfter(historyStart)) {
            guess = 0;
        } else if (!moment.isAfter(anchor)) {
            double seconds = Duration.between(historyStart, moment).toNanos() / 1e9;
            guess = (long) Math.ceil(seconds * historyRecords / historySeconds);
        } else {
            double seconds = Duration.between(anchor, moment).toNanos() / 1e9;
            guess = historyRecords + (long) Math.floor(seconds * recordsPerMinute / 60.0) - 1;
        }
        long index = Math.max(0, Math.min(guess, bound));
        while (index > 0 && !timestamp(index - 1).isBefore(moment)) {
            index--;
        }
        while (index < bound && timestamp(index).isBefore(moment)) {
            index++;
        }
        return index;
    }

    /**
     * Builds a row.
     *
     * @param index row index, {@code >= 0}
     * @return column name to cell, in report order, every cell a string (possibly empty)
     */
    Map<String, String> row(long index) {
        Content c = content(index);
        Map<String, String> r = new LinkedHashMap<>();
        String time = REPORT_TIME.format(timestamp(index).atZone(zone));
        if (kind == Kind.CALL_LOG) {
            r.put("CALL ID", Long.toString(idBase + index));
            r.put("TIMESTAMP", time);
            r.putAll(c.cells());
        } else {
            r.put("SESSION ID", String.format(Locale.ROOT, "%016X%016X",
                    Chat4RecordGenerator.mix64(seed ^ anchor.getEpochSecond()), index));
            r.put("TIMESTAMP", time);
            r.putAll(c.cells());
        }
        return r;
    }

    /** The agent of a row: the unmapped one for the {@code unmappedAgentRate} share. */
    Agent agent(long index, SplittableRandom rnd) {
        if (SeededDraws.unit(seed, index, SALT_UNMAPPED) < unmappedAgentRate) {
            return unmapped;
        }
        return agents.get(rnd.nextInt(agents.size()));
    }

    /** The cells after the id and the time, and the duration that decides visibility. */
    private record Content(Map<String, String> cells, long durationSeconds) {
    }

    private Content content(long index) {
        SplittableRandom rnd = new SplittableRandom(
                Chat4RecordGenerator.mix64(seed ^ Chat4RecordGenerator.mix64(index * 0x9E3779B97F4A7C15L + SALT_CONTENT
                        + (kind == Kind.DIGITAL ? 0x5DEECE66DL : 0L))));
        return kind == Kind.CALL_LOG ? call(index, rnd) : session(index, rnd);
    }

    private Content call(long index, SplittableRandom rnd) {
        double typeDraw = rnd.nextDouble();
        String type = typeDraw < 0.7 ? "Inbound" : typeDraw < 0.9 ? "Outbound" : "Manual";
        boolean abandoned = type.equals("Inbound") && rnd.nextDouble() < 0.05;
        Agent agent = agent(index, rnd);
        String customerPhone = phone(rnd);
        String companyPhone = "8005550100";
        int ivr = type.equals("Inbound") ? 10 + rnd.nextInt(80) : 0;
        int queue = type.equals("Inbound") ? rnd.nextInt(abandoned ? 400 : 240) : 0;
        int ring = abandoned ? 0 : 4 + rnd.nextInt(20);
        int talk = abandoned ? 0 : 30 + (int) (Math.pow(rnd.nextDouble(), 2) * 1500);
        int holds = abandoned || rnd.nextDouble() < 0.7 ? 0 : 1 + rnd.nextInt(2);
        int hold = holds == 0 ? 0 : holds * (10 + rnd.nextInt(120));
        int park = !abandoned && rnd.nextDouble() < 0.03 ? 5 + rnd.nextInt(60) : 0;
        int acw = abandoned ? 0 : rnd.nextInt(180);
        int callTime = ivr + queue + ring + talk + hold + park;
        long billMinutes = (callTime + 59) / 60;
        String[] dispositions = abandoned ? new String[] {"Abandon"} : type.equals("Inbound") ? INBOUND_DISPOSITIONS
                : OUTBOUND_DISPOSITIONS;
        Map<String, String> r = new LinkedHashMap<>();
        r.put("CAMPAIGN", pick(rnd, type.equals("Inbound") ? INBOUND_CAMPAIGNS
                : type.equals("Outbound") ? OUTBOUND_CAMPAIGNS : new String[] {"Manual Calls"}));
        r.put("CALL TYPE", type);
        r.put("AGENT", abandoned ? "" : agent.username());
        r.put("AGENT NAME", abandoned ? "" : agent.name());
        r.put("DISPOSITION", pick(rnd, dispositions));
        r.put("ANI", type.equals("Inbound") ? customerPhone : companyPhone);
        r.put("CUSTOMER NAME", rnd.nextDouble() < 0.1 ? "" : pick(rnd, CUSTOMERS));
        r.put("DNIS", type.equals("Inbound") ? companyPhone : customerPhone);
        r.put("CALL TIME", hms(callTime));
        r.put("BILL TIME (ROUNDED)", hms(billMinutes * 60));
        r.put("COST", String.format(Locale.ROOT, "%.4f", billMinutes * 0.0125));
        r.put("IVR TIME", hms(ivr));
        r.put("QUEUE WAIT TIME", hms(queue));
        r.put("RING TIME", hms(ring));
        r.put("TALK TIME", hms(talk));
        r.put("HOLD TIME", hms(hold));
        r.put("PARK TIME", hms(park));
        r.put("AFTER CALL WORK TIME", hms(acw));
        r.put("TRANSFERS", !abandoned && rnd.nextDouble() < 0.1 ? "1" : "0");
        r.put("CONFERENCES", !abandoned && rnd.nextDouble() < 0.03 ? "1" : "0");
        r.put("HOLDS", Integer.toString(holds));
        r.put("ABANDONED", abandoned ? "1" : "0");
        r.put("RECORDINGS", !abandoned && rnd.nextDouble() < 0.8 ? "1" : "0");
        return new Content(r, callTime);
    }

    private Content session(long index, SplittableRandom rnd) {
        String media = pick(rnd, MEDIA_TYPES);
        boolean spanish = rnd.nextDouble() < 0.65;
        Agent agent = agent(index, rnd);
        String customer = pick(rnd, CUSTOMERS);
        int queue = rnd.nextInt(300);
        int handle = 120 + rnd.nextInt(2280);
        Map<String, String> r = new LinkedHashMap<>();
        r.put("MEDIA TYPE", media);
        r.put("CAMPAIGN", spanish ? "Soporte Digital" : "Digital Care");
        r.put("SKILL", media + (spanish ? "_ES" : "_EN"));
        r.put("AGENT", agent.username());
        r.put("AGENT NAME", agent.name());
        r.put("DISPOSITION", pick(rnd, DIGITAL_DISPOSITIONS));
        r.put("CUSTOMER NAME", customer);
        r.put("CUSTOMER CONTACT", contact(media, customer, rnd));
        r.put("SUBJECT", media.equals("Email") ? pick(rnd, spanish ? SUBJECTS_ES : SUBJECTS_EN) : "");
        r.put("QUEUE WAIT TIME", hms(queue));
        r.put("HANDLE TIME", hms(handle));
        r.put("MESSAGES", Integer.toString(2 + rnd.nextInt(28)));
        r.put("TRANSFERS", rnd.nextDouble() < 0.08 ? "1" : "0");
        r.put("FIRST CUSTOMER MESSAGE", pick(rnd, spanish ? MESSAGES_ES : MESSAGES_EN));
        r.put("NOTES", rnd.nextDouble() < 0.4 ? "" : pick(rnd, spanish ? NOTES_ES : NOTES_EN));
        return new Content(r, queue + handle);
    }

    private static String contact(String media, String customer, SplittableRandom rnd) {
        String ascii = java.text.Normalizer.normalize(customer, java.text.Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT).replace("'", "");
        String[] parts = ascii.split(" ");
        return switch (media) {
            case "Email", "Chat" -> parts[0] + "." + parts[parts.length - 1] + "@" + pick(rnd, DOMAINS);
            case "SMS" -> "+1" + phone(rnd);
            default -> "@" + parts[0] + "_" + parts[parts.length - 1];
        };
    }

    private static String phone(SplittableRandom rnd) {
        return pick(rnd, AREA_CODES) + "555" + String.format(Locale.ROOT, "%04d", rnd.nextInt(10_000));
    }

    /** @return {@code hh:mm:ss} */
    static String hms(long seconds) {
        return String.format(Locale.ROOT, "%02d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }

    private static <T> T pick(SplittableRandom rnd, T[] values) {
        return values[rnd.nextInt(values.length)];
    }

    private static final String[] INBOUND_CAMPAIGNS = {"Soporte Inbound", "Ventas Inbound", "Customer Care"};
    private static final String[] OUTBOUND_CAMPAIGNS = {"Cobranza Outbound", "Renewals Outbound"};
    private static final String[] INBOUND_DISPOSITIONS = {"Resolved", "Resolved", "Callback Requested", "Sale",
        "Transferred To 3rd Party", "Escalated"};
    private static final String[] OUTBOUND_DISPOSITIONS = {"Promise To Pay", "No Answer", "Answering Machine", "Sale",
        "Do Not Call"};
    private static final String[] DIGITAL_DISPOSITIONS = {"Resolved", "Resolved", "Pending Customer", "Escalated",
        "Spam"};
    private static final String[] MEDIA_TYPES = {"Chat", "Chat", "Email", "SMS", "Social"};
    private static final String[] AREA_CODES = {"305", "212", "415", "786", "646"};
    private static final String[] DOMAINS = {"gmail.com", "hotmail.com", "yahoo.es", "outlook.com"};
    private static final String[] CUSTOMERS = {"Sofía Hernández", "Mateo Jiménez", "Lucía Castaño", "Martín Agüero",
        "Emily Carter", "Günther Schön", "Daniel O'Brien", "Valeria Ñúñez", "José Ángel Ruíz", "Chloé Dubois"};
    private static final String[] SUBJECTS_ES = {"¿Dónde está mi pedido? 📦", "Cobro duplicado", "Cambio de dirección"};
    private static final String[] SUBJECTS_EN = {"Where is my order? 📦", "Refund request", "Account locked"};
    private static final String[] MESSAGES_ES = {
        "Hola, compré unos audífonos hace una semana y aún no llegan. ¿Me ayudan? 🙏",
        "El cobro aparece duplicado en mi tarjeta, adjunto el \"comprobante\".",
        "Buenas tardes,\nnecesito cambiar la dirección de envío a Calle 45 # 12-30, Bogotá.",
        "¿La promoción del Cyber Lunes aplica para la freidora de aire? 🤔",
    };
    private static final String[] MESSAGES_EN = {
        "Hi, my order #10422 still hasn't arrived, can you check?",
        "I was charged twice, please refund one of the charges 😕",
        "My account is locked after the password reset, \"error 403\"",
    };
    private static final String[] NOTES_ES = {"Cliente satisfecho 👍", "Se escaló a logística, caso LOG-5521",
        "Pendiente confirmar reembolso"};
    private static final String[] NOTES_EN = {"Customer asked for a callback", "Resolved on first contact ✅",
        "Escalated to billing, ticket BIL-771"};
}
