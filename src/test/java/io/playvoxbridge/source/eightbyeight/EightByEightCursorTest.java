package io.playvoxbridge.source.eightbyeight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The cursor paging state of a detailed report: lastDocumentId from each page's header, end at an empty page. */
class EightByEightCursorTest {

    @Test
    void asks_the_first_page_without_a_cursor_then_follows_each_header() {
        EightByEightCursor cursor = EightByEightCursor.first(100);
        assertThat(cursor.query()).isEqualTo("size=100");

        cursor = cursor.next(100, "0a1b2c3dk9");
        assertThat(cursor.query()).isEqualTo("size=100&lastDocumentId=0a1b2c3dk9");
        cursor = cursor.next(37, "ffee0011zz");
        assertThat(cursor.done()).isFalse();
        assertThat(cursor.query()).isEqualTo("size=100&lastDocumentId=ffee0011zz");
        cursor = cursor.next(0, null);

        assertThat(cursor.done()).isTrue();
        assertThat(cursor.pages()).isEqualTo(3);
        assertThat(cursor.rows()).isEqualTo(137);
        assertThatThrownBy(cursor::query).isInstanceOf(IllegalStateException.class);
        EightByEightCursor done = cursor;
        assertThatThrownBy(() -> done.next(1, "x")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void ends_at_a_page_without_the_header_even_if_it_has_rows() {
        EightByEightCursor cursor = EightByEightCursor.first(50).next(50, "c1").next(12, " ");

        assertThat(cursor.done()).isTrue();
        assertThat(cursor.rows()).isEqualTo(62);
    }

    @Test
    void url_encodes_the_cursor() {
        assertThat(EightByEightCursor.first(10).next(10, "a+b/c=d&e").query())
                .isEqualTo("size=10&lastDocumentId=a%2Bb%2Fc%3Dd%26e");
    }

    @Test
    void refuses_a_page_that_repeats_the_cursor_it_was_asked_with() {
        EightByEightCursor second = EightByEightCursor.first(10).next(10, "same");

        assertThatThrownBy(() -> second.next(10, "same")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("page 2").hasMessageContaining("(same)");
    }

    @Test
    void keeps_page_sizes_within_1_to_1000() {
        assertThat(EightByEightCursor.first(1000).query()).isEqualTo("size=1000");
        assertThatThrownBy(() -> EightByEightCursor.first(1001)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EightByEightCursor.first(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
