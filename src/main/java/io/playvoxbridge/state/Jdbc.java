package io.playvoxbridge.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** Small JDBC helpers shared by the stores; portable between H2 and PostgreSQL. */
final class Jdbc {

    private Jdbc() {
    }

    /**
     * Whether an exception is an integrity-constraint violation (SQLState class 23, e.g. 23505 unique violation
     * on both H2 and PostgreSQL). Callers that see one re-check the key before calling it a duplicate, so a
     * NOT NULL or length violation is never mistaken for one.
     */
    static boolean isConstraintViolation(SQLException e) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            if (x instanceof SQLIntegrityConstraintViolationException) {
                return true;
            }
            String state = x.getSQLState();
            if (state != null && state.startsWith("23")) {
                return true;
            }
        }
        return false;
    }

    /**
     * An instant as a TIMESTAMP WITH TIME ZONE parameter value, in UTC, truncated to microseconds (the precision
     * of both H2's default and PostgreSQL's {@code timestamptz}, so a value reads back equal on both).
     */
    static OffsetDateTime timestamp(Instant instant) {
        return OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
    }

    /** Reads a TIMESTAMP WITH TIME ZONE column as an instant; null stays null. */
    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** Counts rows of a {@code SELECT COUNT(*) ...} whose parameters are strings. */
    static long count(Connection c, String sql, String... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * Cuts a text to at most {@code max} UTF-16 characters without splitting a surrogate pair (so the result
     * also fits a VARCHAR(max) counted in code points). Null stays null.
     */
    static String truncate(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, end);
    }

    /**
     * Replaces each NUL character (U+0000) by U+FFFD. PostgreSQL's text types cannot hold U+0000 (SQLState 22021,
     * "invalid byte sequence for encoding UTF8: 0x00") while H2's can, so a text that may hold one is cleaned the
     * same way on both. Null stays null.
     */
    static String withoutNul(String text) {
        return text == null || text.indexOf('\u0000') < 0 ? text : text.replace('\u0000', '\uFFFD');
    }

    /** Whether a text holds a NUL character (U+0000), which PostgreSQL cannot store. */
    static boolean hasNul(String text) {
        return text != null && text.indexOf('\u0000') >= 0;
    }

    /**
     * Checks a key: not null, not empty and without a NUL character (which PostgreSQL cannot store, so it is
     * refused on H2 too).
     *
     * @throws IllegalArgumentException naming the key otherwise
     */
    static String require(String value, String name) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(name + " is empty");
        }
        if (hasNul(value)) {
            throw new IllegalArgumentException(name + " contains a NUL character (U+0000)");
        }
        return value;
    }
}
