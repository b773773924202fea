package io.playvoxbridge.sandbox;

/**
 * Stateless seeded draws for the fault knobs: the same (seed, n, salt) always gives the same number, so a fault
 * decision depends only on the seed, on the position of the request or record it is about, and on the knob, not on
 * the other knobs or on thread timing.
 */
final class SeededDraws {

    /** Salt of the connection-reset decision of a request. */
    static final long CONNECTION_RESET = 0x11L;
    /** Salt of the server-error decision of a request. */
    static final long SERVER_ERROR = 0x12L;
    /** Salt of the rate-limit decision of a request. */
    static final long RATE_LIMIT = 0x13L;
    /** Salt of the malformed-JSON decision of a request. */
    static final long MALFORMED_JSON = 0x14L;
    /** Salt of the malformed-record decision of a record index. */
    static final long MALFORMED_RECORD = 0x15L;
    /** Salt of the never-ending decision of a bulk job. */
    static final long NEVER_ENDING_JOB = 0x16L;

    private SeededDraws() {
    }

    /**
     * @param seed the fake's seed
     * @param n    what is decided on: a request's sequence number, a record index, a job's sequence number
     * @param salt which decision, one of the constants of this class
     * @return a number in {@code [0, 1)}; {@code unit(...) < rate} is true with probability {@code rate}, never for
     *         rate 0, always for rate 1, and a record chosen at rate r stays chosen at any higher rate
     */
    static double unit(long seed, long n, long salt) {
        long z = Chat4RecordGenerator.mix64(seed ^ Chat4RecordGenerator.mix64(
                n * 0xD6E8FEB86659FD93L + salt * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L));
        return (z >>> 11) * 0x1.0p-53;
    }

    /** @return whether the decision {@code salt} about {@code n} comes out true at {@code rate} */
    static boolean hit(long seed, long n, long salt, double rate) {
        return rate > 0 && unit(seed, n, salt) < rate;
    }
}
