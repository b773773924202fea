package io.playvoxbridge.sandbox;

import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Deterministic generator of Wolkvox {@code diagram_4} ("Smart survey details") records: one per survey response,
 * the same (seed, index) always giving the identical record.
 *
 * <p>Fields, in the order of https://www.wolkvox.com/en/apis-v2-2/4-smart-survey-details/ (api-facts 3, seed
 * {@code wolkvox-diagram_4-survey.txt}): agent_id, agent_name, agent_dni, skill_id, skill_name, date, conn_id, ani,
 * customer_id, q1..qN, voice_message_duration, type_interaction, result, time, voice_message, feeling. Every value is
 * a string. N depends on the skill's survey: {@value #MAX_QUESTIONS} at most (three surveys of 2, 3 and 5 questions);
 * a customer who hangs up mid-survey leaves the later answers empty ({@code ""}), the keys still present.
 * {@code conn_id} is {@code <anchor day yyyyMMdd>9<index, 6 digits>}, so it is unique and names the record's index.
 * {@code time} and {@code voice_message_duration} are seconds and {@code voice_message} a recording URL or empty:
 * the page gives neither unit nor format, so these are the sandbox's choice.
 *
 * <p>Timeline: {@link RecordTimeline}; a response is dated and visible when the survey ends.
 */
final class Diagram4RecordGenerator extends TimelineReport {

    /** The report's {@code api=} value. */
    static final String API = "diagram_4";
    /** Most questions of a sandbox survey. */
    static final int MAX_QUESTIONS = 5;

    private static final long SALT_AGENT = 0x31L;
    private static final long SALT_CONTENT = 0x33L;

    private record Survey(String skillId, String skillName, int questions) {
    }

    private static final Survey[] SURVEYS = {
        new Survey("201", "Servicio al cliente", 3),
        new Survey("202", "Facturación y pagos", 2),
        new Survey("305", "English support", 5),
    };

    private static final String[] FEELINGS = {"negative", "neutral", "positive"};

    /**
     * @param timeline          when each response exists
     * @param zone              the operation's zone for date strings
     * @param agents            the agents to draw from
     * @param unmappedAgentRate share 0..1 of responses given to the unmapped agent
     */
    Diagram4RecordGenerator(RecordTimeline timeline, ZoneId zone, SandboxAgentPool agents, double unmappedAgentRate) {
        super(timeline, zone, agents, unmappedAgentRate, '9');
    }

    @Override
    public String api() {
        return API;
    }

    @Override
    public Map<String, String> record(long index) {
        SplittableRandom rnd = random(index, SALT_CONTENT);
        SandboxAgentPool.Agent agent = agent(index, SALT_AGENT);
        Survey survey = SURVEYS[rnd.nextInt(SURVEYS.length)];
        boolean hungUp = rnd.nextDouble() < 0.15;
        int answered = hungUp ? rnd.nextInt(survey.questions()) : survey.questions();
        boolean voice = rnd.nextDouble() < 0.3;
        String connId = connId(index);

        Map<String, String> r = new LinkedHashMap<>();
        r.put("agent_id", agent.id());
        r.put("agent_name", agent.name());
        r.put("agent_dni", agent.dni());
        r.put("skill_id", survey.skillId());
        r.put("skill_name", survey.skillName());
        r.put("date", date(timeline.creation(index)));
        r.put("conn_id", connId);
        r.put("ani", "3" + String.format(Locale.ROOT, "%09d", rnd.nextInt(1_000_000_000)));
        r.put("customer_id", rnd.nextDouble() < 0.2 ? "" : Integer.toString(10_000_000 + rnd.nextInt(1_090_000_000)));
        int sum = 0;
        for (int q = 1; q <= survey.questions(); q++) {
            int answer = 1 + rnd.nextInt(5);
            sum += q <= answered ? answer : 0;
            r.put("q" + q, q <= answered ? Integer.toString(answer) : "");
        }
        int voiceSeconds = voice && !hungUp ? 3 + rnd.nextInt(40) : 0;
        r.put("voice_message_duration", Integer.toString(voiceSeconds));
        r.put("type_interaction", rnd.nextDouble() < 0.85 ? "inbound" : "outbound");
        r.put("result", hungUp ? "Hang up" : "Completed");
        r.put("time", Integer.toString(15 + 12 * answered + voiceSeconds + rnd.nextInt(20)));
        r.put("voice_message", voiceSeconds > 0 ? "https://files.sandbox.wolkvox.test/survey/" + connId + ".wav" : "");
        r.put("feeling", answered == 0 ? "" : FEELINGS[Math.min(2, (sum / answered - 1) * 3 / 5)]);
        return r;
    }
}
