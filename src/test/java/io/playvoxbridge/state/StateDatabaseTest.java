package io.playvoxbridge.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening, migrating and refusing the state database (H2 and PostgreSQL). */
class StateDatabaseTest {

    static final String[] TABLES = {"watermark", "delivery_log", "dead_letter", "playvox_integration"};

    @TempDir
    Path dir;

    /** Builds a database from a JDBC URL the way a default configuration does (user sa, no password). */
    static StateDatabase openDatabase(String jdbcUrl) {
        return new StateDatabase(jdbcUrl, "sa", "");
    }

    static String h2Url(Path dir) {
        return "jdbc:h2:file:" + dir.resolve("state");
    }

    @OnEachDatabase
    void creates_every_table(StateDatabases.Fresh database) throws SQLException {
        try (StateDatabase db = database.open()) {
            for (String table : TABLES) {
                assertThat(countRows(db, table)).as(table).isZero();
            }
        }
    }

    @OnEachDatabase
    void migrates_again_without_error_when_reopened(StateDatabases.Fresh database) throws SQLException {
        long migrations;
        try (StateDatabase db = database.open()) {
            migrations = countRows(db, "\"flyway_schema_history\" WHERE \"type\" = 'SQL' AND \"success\"");
            new IntegrationIdStore(db.dataSource()).put("wolkvox-chat", "5f1e0c");
        }
        try (StateDatabase db = database.open()) {
            assertThat(migrations).isPositive();
            assertThat(countRows(db, "\"flyway_schema_history\" WHERE \"type\" = 'SQL'")).isEqualTo(migrations);
            assertThat(new IntegrationIdStore(db.dataSource()).get("wolkvox-chat")).contains("5f1e0c");
        }
    }

    @OnEachDatabase
    void refuses_a_wrong_password_naming_the_setting_without_showing_it(StateDatabases.Fresh database) {
        database.open().close();

        assertThatThrownBy(() -> new StateDatabase(database.url(), database.user(), "wrong-pw-4711"))
                .isInstanceOf(StateDatabaseException.class)
                .hasMessageStartingWith("bridge.state.jdbc-url: cannot open " + database.url() + ": ")
                .satisfies(e -> {
                    for (Throwable t = e; t != null; t = t.getCause()) {
                        assertThat(t.getMessage()).doesNotContain("wrong-pw-4711");
                    }
                });
    }

    @Test
    void creates_the_directory_of_an_h2_file() {
        Path nested = dir.resolve("data").resolve("more");
        try (StateDatabase db = openDatabase(h2Url(nested))) {
            assertThat(nested).isDirectory();
        }
    }

    @Test
    void refuses_an_unreachable_database_naming_the_setting() {
        assertThatThrownBy(() -> openDatabase("jdbc:h2:tcp://127.0.0.1:1/nothing"))
                .isInstanceOf(StateDatabaseException.class)
                .hasMessageStartingWith("bridge.state.jdbc-url: cannot open jdbc:h2:tcp://127.0.0.1:1/nothing: ");
    }

    @Test
    void never_shows_the_password_when_it_fails() {
        assertThatThrownBy(() -> new StateDatabase("jdbc:h2:tcp://127.0.0.1:1/nothing;PASSWORD=s3cretInUrl",
                "bridge", "s3cretInUrl"))
                .isInstanceOf(StateDatabaseException.class)
                .hasMessageStartingWith("bridge.state.jdbc-url: cannot open jdbc:h2:tcp://127.0.0.1:1/nothing;PASSWORD=***: ")
                .message().doesNotContain("s3cretInUrl");
    }

    @Test
    void refuses_an_unreachable_postgresql_naming_the_setting_without_its_password() {
        assertThatThrownBy(() -> new StateDatabase("jdbc:postgresql://127.0.0.1:1/bridge", "bridge", "s3cretPw"))
                .isInstanceOf(StateDatabaseException.class)
                .hasMessageStartingWith("bridge.state.jdbc-url: cannot open jdbc:postgresql://127.0.0.1:1/bridge: ")
                .hasMessageContaining("127.0.0.1:1")
                .satisfies(e -> {
                    for (Throwable t = e; t != null; t = t.getCause()) {
                        assertThat(t.getMessage()).doesNotContain("s3cretPw");
                    }
                });
    }

    @Test
    void never_shows_a_password_given_in_a_postgresql_url() {
        assertThatThrownBy(() -> new StateDatabase(
                "jdbc:postgresql://127.0.0.1:1/bridge?user=bridge&password=s3cretInUrl&ssl=false", null, null))
                .isInstanceOf(StateDatabaseException.class)
                .hasMessageStartingWith("bridge.state.jdbc-url: cannot open "
                        + "jdbc:postgresql://127.0.0.1:1/bridge?user=bridge&password=***&ssl=false: ")
                .satisfies(e -> {
                    for (Throwable t = e; t != null; t = t.getCause()) {
                        assertThat(t.getMessage()).doesNotContain("s3cretInUrl");
                    }
                });
    }

    @Test
    void never_shows_a_password_written_in_the_url() {
        assertThatThrownBy(() -> openDatabase("jdbc:postgresql://bridge:pw9@127.0.0.1:1/x"))
                .isInstanceOf(StateDatabaseException.class)
                .hasMessageStartingWith("bridge.state.jdbc-url: cannot open jdbc:postgresql://bridge:***@127.0.0.1:1/x: ")
                .satisfies(e -> {
                    for (Throwable t = e; t != null; t = t.getCause()) {
                        assertThat(t.getMessage()).doesNotContain("pw9");
                    }
                });
    }

    @Test
    void refuses_an_empty_url() {
        assertThatThrownBy(() -> openDatabase(" "))
                .isInstanceOf(StateDatabaseException.class)
                .hasMessageStartingWith("bridge.state.jdbc-url: cannot open");
    }

    @Test
    void refuses_a_url_no_driver_accepts() {
        assertThatThrownBy(() -> openDatabase("jdbc:nosuchdb://localhost/x"))
                .isInstanceOf(StateDatabaseException.class)
                .hasMessageStartingWith("bridge.state.jdbc-url: cannot open jdbc:nosuchdb://localhost/x: ");
    }

    @Test
    void masks_passwords_in_urls() {
        assertThat(StateDatabase.redact("jdbc:postgresql://db:5432/bridge?user=bridge&password=pw1&ssl=true", null))
                .isEqualTo("jdbc:postgresql://db:5432/bridge?user=bridge&password=***&ssl=true");
        assertThat(StateDatabase.redact("jdbc:postgresql://bridge:pw2@db:5432/bridge", null))
                .isEqualTo("jdbc:postgresql://bridge:***@db:5432/bridge");
        assertThat(StateDatabase.redact("jdbc:h2:file:./data/bridge", "secret"))
                .isEqualTo("jdbc:h2:file:./data/bridge");
    }

    @Test
    void opens_an_in_memory_h2_database_too() throws SQLException {
        try (StateDatabase db = openDatabase("jdbc:h2:mem:state-test")) {
            assertThat(db.displayUrl()).isEqualTo("jdbc:h2:mem:state-test");
            assertThat(countRows(db, "dead_letter")).isZero();
        }
    }

    static long countRows(StateDatabase db, String table) throws SQLException {
        try (Connection c = db.dataSource().getConnection();
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
