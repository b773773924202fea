package io.playvoxbridge.playvox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.playvoxbridge.feed.InvalidRecordException;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Vendor text to typed Playvox metadata values. */
class MetadataValueConverterTest {

    static final ZoneId BOGOTA = ZoneId.of("America/Bogota");
    static final ZoneId MADRID = ZoneId.of("Europe/Madrid");
    static final ZoneId MANILA = ZoneId.of("Asia/Manila");

    static MetadataField field(String fieldId, MetadataType type, String... allowed) {
        return new MetadataField(fieldId, type, fieldId, false, List.of(allowed), List.of("filters", "display"));
    }

    static final MetadataField TEXT = field("subject", MetadataType.STRING);
    static final MetadataField SURVEY = field("evaluation_survey", MetadataType.INTEGER);
    static final MetadataField SCORE = field("score", MetadataType.FLOAT);
    static final MetadataField ANSWERED = field("answered", MetadataType.BOOLEAN);
    static final MetadataField CREATED = field("date_creation", MetadataType.DATETIME);
    static final MetadataField CHANNEL = field("channel", MetadataType.LIST, "Email", "facebook_page", "instagram", "twitter");

    static Object convert(MetadataField field, String raw) {
        return MetadataValueConverter.convert(field, raw, BOGOTA);
    }

    @Test
    void gives_no_value_for_null_or_blank_text_whatever_the_type() {
        for (MetadataField f : List.of(TEXT, SURVEY, SCORE, ANSWERED, CREATED, CHANNEL)) {
            assertThat(convert(f, null)).as(f.fieldId()).isNull();
            assertThat(convert(f, "")).as(f.fieldId()).isNull();
            assertThat(convert(f, "  \t")).as(f.fieldId()).isNull();
        }
    }

    @Test
    void keeps_a_string_exactly_as_sent() {
        assertThat(convert(TEXT, "  Re: ¿Dónde está mi pedido? 📦  ")).isEqualTo("  Re: ¿Dónde está mi pedido? 📦  ");
    }

    @Test
    void reads_integers_with_surrounding_spaces_as_long() {
        assertThat(convert(SURVEY, "5")).isEqualTo(5L);
        assertThat(convert(SURVEY, " 5 ")).isEqualTo(5L);
        assertThat(convert(SURVEY, "-12")).isEqualTo(-12L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"5.2", "abc", "5 estrellas", "1e3", "99999999999999999999"})
    void refuses_text_that_is_not_an_integer(String raw) {
        assertThatThrownBy(() -> convert(SURVEY, raw))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageStartingWith("field evaluation_survey: '" + raw + "' is not an integer");
    }

    @Test
    void reads_floats_as_double() {
        assertThat(convert(SCORE, "4.5")).isEqualTo(4.5d);
        assertThat(convert(SCORE, " 3 ")).isEqualTo(3.0d);
        assertThat(convert(SCORE, "-1e3")).isEqualTo(-1000.0d);
    }

    @ParameterizedTest
    @ValueSource(strings = {"4,5", "NaN", "Infinity", "1d", "0x1p3", "1e999", "abc"})
    void refuses_text_that_is_not_a_finite_number(String raw) {
        assertThatThrownBy(() -> convert(SCORE, raw))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage("field score: '" + raw + "' is not a number");
    }

    @ParameterizedTest
    @CsvSource({"true,true", "FALSE,false", "1,true", "0,false", "yes,true", "No,false", "si,true", "SÍ,true", "sí,true"})
    void reads_booleans_in_english_and_spanish(String raw, boolean expected) {
        assertThat(convert(ANSWERED, raw)).isEqualTo(expected);
    }

    @Test
    void refuses_text_that_is_not_a_boolean() {
        assertThatThrownBy(() -> convert(ANSWERED, "quizás"))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageStartingWith("field answered: 'quizás' is not a boolean");
    }

    @Test
    void writes_bogota_times_with_their_minus_five_offset() {
        assertThat(convert(CREATED, "2026-11-21 09:30:05")).isEqualTo("2026-11-21T09:30:05-05:00");
        assertThat(convert(CREATED, "2026-11-21T09:30:00")).isEqualTo("2026-11-21T09:30:00-05:00");
    }

    @Test
    void writes_madrid_times_with_the_winter_or_summer_offset() {
        assertThat(MetadataValueConverter.convert(CREATED, "2026-01-15 10:00:00", MADRID))
                .isEqualTo("2026-01-15T10:00:00+01:00");
        assertThat(MetadataValueConverter.convert(CREATED, "2026-07-15 10:00:00", MADRID))
                .isEqualTo("2026-07-15T10:00:00+02:00");
    }

    @Test
    void moves_a_time_in_the_spring_gap_forward_and_takes_the_earlier_offset_in_the_autumn_overlap() {
        assertThat(MetadataValueConverter.convert(CREATED, "2026-03-29 02:30:00", MADRID))
                .isEqualTo("2026-03-29T03:30:00+02:00");
        assertThat(MetadataValueConverter.convert(CREATED, "2026-10-25 02:30:00", MADRID))
                .isEqualTo("2026-10-25T02:30:00+02:00");
    }

    @Test
    void writes_manila_times_with_plus_eight() {
        assertThat(MetadataValueConverter.convert(CREATED, "2026-11-21 23:59:59", MANILA))
                .isEqualTo("2026-11-21T23:59:59+08:00");
    }

    @Test
    void keeps_a_date_time_that_already_carries_an_offset() {
        assertThat(convert(CREATED, "2026-11-21T09:30:05+01:00")).isEqualTo("2026-11-21T09:30:05+01:00");
        assertThat(convert(CREATED, "2026-11-21T14:30:05Z")).isEqualTo("2026-11-21T14:30:05Z");
    }

    @Test
    void accepts_the_29th_of_february_of_a_leap_year() {
        assertThat(convert(CREATED, "2024-02-29 12:00:00")).isEqualTo("2024-02-29T12:00:00-05:00");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-02-30 10:00:00", "2026-02-29 10:00:00", "2026-13-01 10:00:00", "2026-11-21 24:00:00",
            "21/11/2026 09:30", "2026-11-21", "ayer", "2026-11-21 9:30:05"})
    void refuses_impossible_or_unknown_date_times_naming_the_field(String raw) {
        assertThatThrownBy(() -> convert(CREATED, raw))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage("field date_creation: '" + raw + "' is not a valid date-time (yyyy-MM-dd HH:mm:ss)");
    }

    @Test
    void reads_the_zero_date_of_mysql_as_no_date() {
        assertThat(convert(CREATED, "0000-00-00 00:00:00")).isNull();
    }

    @Test
    void gives_the_date_time_itself_for_comments() {
        assertThat(MetadataValueConverter.toOffsetDateTime("close_date", "2026-11-21 09:30:05", BOGOTA))
                .isEqualTo(OffsetDateTime.parse("2026-11-21T09:30:05-05:00"));
        assertThat(MetadataValueConverter.toOffsetDateTime("close_date", "", BOGOTA)).isNull();
    }

    @Test
    void accepts_a_list_value_that_is_allowed() {
        assertThat(convert(CHANNEL, "facebook_page")).isEqualTo("facebook_page");
        assertThat(convert(CHANNEL, " Email ")).isEqualTo("Email");
    }

    @Test
    void refuses_a_list_value_that_is_not_allowed_listing_the_allowed_ones() {
        assertThatThrownBy(() -> convert(CHANNEL, "whatsapp"))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage("field channel: 'whatsapp' is not one of [Email, facebook_page, instagram, twitter]");
        assertThatThrownBy(() -> convert(CHANNEL, "email"))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageStartingWith("field channel: 'email' is not one of");
    }

    @Test
    void shortens_a_long_value_in_the_reason() {
        String raw = "x".repeat(500);

        assertThatThrownBy(() -> convert(SURVEY, raw))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage("field evaluation_survey: '" + "x".repeat(80) + "…' is not an integer");
    }
}
