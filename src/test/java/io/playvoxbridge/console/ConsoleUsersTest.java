package io.playvoxbridge.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The users file: PBKDF2 hashes that verify the right password only, updates, and the file format. */
class ConsoleUsersTest {

    static final int FEW = 1_000; // iterations: enough to test, fast

    @TempDir
    Path dir;

    @Test
    void verifies_the_right_password_and_refuses_a_wrong_one_or_an_unknown_user() {
        ConsoleUsers users = ConsoleUsers.none().withUser("alice", "s3cret-Pässwörd".toCharArray(), FEW);

        assertThat(users.verify("alice", "s3cret-Pässwörd".toCharArray())).isTrue();
        assertThat(users.verify("alice", "s3cret-Passwort".toCharArray())).isFalse();
        assertThat(users.verify("alice", new char[0])).isFalse();
        assertThat(users.verify("bob", "s3cret-Pässwörd".toCharArray())).isFalse();
        assertThat(users.verify(null, "s3cret-Pässwörd".toCharArray())).isFalse();
    }

    @Test
    void a_written_file_reads_back_with_salt_and_iterations_per_line_and_no_password_in_it() throws Exception {
        Path file = dir.resolve("console-users.properties");
        ConsoleUsers.none().withUser("alice", "first-password".toCharArray(), FEW)
                .withUser("bob", "second-password".toCharArray(), 2_000).write(file);

        String text = Files.readString(file);
        assertThat(text).doesNotContain("first-password").doesNotContain("second-password");
        assertThat(text.lines().filter(l -> !l.startsWith("#")))
                .hasSize(2)
                .allMatch(l -> l.matches("[a-z]+ = PBKDF2WithHmacSHA256:\\d+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+"));
        assertThat(text).contains("alice = PBKDF2WithHmacSHA256:1000:").contains("bob = PBKDF2WithHmacSHA256:2000:");
        ConsoleUsers read = ConsoleUsers.read(file);
        assertThat(read.names()).containsExactly("alice", "bob");
        assertThat(read.verify("bob", "second-password".toCharArray())).isTrue();
        assertThat(read.verify("bob", "first-password".toCharArray())).isFalse();
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void the_same_password_twice_gives_two_different_hashes() throws Exception {
        Path file = dir.resolve("users");
        ConsoleUsers.none().withUser("a", "same".toCharArray(), FEW).withUser("b", "same".toCharArray(), FEW).write(file);

        var hashes = Files.readAllLines(file).stream().filter(l -> !l.startsWith("#")).map(l -> l.substring(l.indexOf('=') + 1)).toList();
        assertThat(hashes.get(0)).isNotEqualTo(hashes.get(1));
    }

    @Test
    void updating_a_user_replaces_its_password_and_keeps_the_others_in_order() {
        Path file = dir.resolve("users");
        ConsoleUsers.none().withUser("alice", "old".toCharArray(), FEW).withUser("bob", "bobs".toCharArray(), FEW).write(file);

        ConsoleUsers.read(file).withUser("alice", "new".toCharArray(), FEW).write(file);

        ConsoleUsers read = ConsoleUsers.read(file);
        assertThat(read.names()).containsExactly("alice", "bob");
        assertThat(read.verify("alice", "new".toCharArray())).isTrue();
        assertThat(read.verify("alice", "old".toCharArray())).isFalse();
        assertThat(read.verify("bob", "bobs".toCharArray())).isTrue();
    }

    @Test
    void a_missing_file_has_no_users_and_a_broken_line_names_the_file_and_line() throws Exception {
        assertThat(ConsoleUsers.read(dir.resolve("none")).isEmpty()).isTrue();

        Path file = dir.resolve("broken");
        Files.writeString(file, "# comment\n\nalice = plain-text-password\n");
        assertThatThrownBy(() -> ConsoleUsers.read(file))
                .isInstanceOf(ConsoleUsersException.class)
                .hasMessageStartingWith(file + " line 3: expected 'name = PBKDF2WithHmacSHA256:iterations:salt:hash'")
                .hasMessageNotContaining("plain-text-password");
    }

    @Test
    void refuses_names_with_spaces_or_equals_signs_and_empty_passwords() {
        assertThatThrownBy(() -> ConsoleUsers.none().withUser("al ice", "p".toCharArray(), FEW)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ConsoleUsers.none().withUser("a=b", "p".toCharArray(), FEW)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ConsoleUsers.none().withUser("alice", new char[0], FEW)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void other_users_added_in_memory_log_in_beside_the_files() {
        ConsoleUsers file = ConsoleUsers.none().withUser("alice", "a".toCharArray(), FEW);
        ConsoleUsers both = file.plus(ConsoleUsers.none().withUser("demo", "d".toCharArray(), FEW));

        assertThat(both.verify("alice", "a".toCharArray())).isTrue();
        assertThat(both.verify("demo", "d".toCharArray())).isTrue();
        assertThat(file.names()).containsExactly("alice");
    }
}
