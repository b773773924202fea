package io.playvoxbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.playvoxbridge.console.ConsoleUsers;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code console add-user}: writes a hashed line from standard input, updates a user, never prints the password. */
class ConsoleAddUserCommandTest {

    @TempDir
    Path dir;

    /** Runs the command line with this standard input and no terminal. */
    CommandRun run(String stdin, String... args) {
        CommandLine commandLine = BridgeCommand.commandLine(Map.of("bridge.console.users-file", usersFile().toString()));
        ConsoleAddUserCommand addUser = commandLine.getSubcommands().get("console").getSubcommands().get("add-user").getCommand();
        addUser.stdin = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
        addUser.terminal = null;
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        return new CommandRun(commandLine.execute(args), out.toString(), err.toString());
    }

    Path usersFile() {
        return dir.resolve("conf").resolve("console-users.properties");
    }

    @Test
    void adds_a_user_from_standard_input_without_printing_the_password() throws Exception {
        CommandRun run = run("Corr3ct-Horse-Battery\n", "console", "add-user", "alice", "--password-stdin");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Console user 'alice' added in " + usersFile().toAbsolutePath());
        assertThat(run.out() + run.err()).doesNotContain("Corr3ct-Horse-Battery");
        assertThat(Files.readString(usersFile())).doesNotContain("Corr3ct-Horse-Battery").contains("alice = PBKDF2WithHmacSHA256:600000:");
        ConsoleUsers users = ConsoleUsers.read(usersFile());
        assertThat(users.verify("alice", "Corr3ct-Horse-Battery".toCharArray())).isTrue();
        assertThat(users.verify("alice", "corr3ct-horse-battery".toCharArray())).isFalse();
    }

    @Test
    void without_a_terminal_the_password_is_the_first_line_of_standard_input_and_a_second_run_updates_it() {
        assertThat(run("first pass with spaces\r\nignored\n", "console", "add-user", "alice").exitCode()).isZero();
        assertThat(run("bobs\n", "console", "add-user", "bob").exitCode()).isZero();

        CommandRun update = run("second", "console", "add-user", "alice");

        assertThat(update.exitCode()).isZero();
        assertThat(update.out()).contains("Console user 'alice' has a new password");
        ConsoleUsers users = ConsoleUsers.read(usersFile());
        assertThat(users.names()).containsExactly("alice", "bob");
        assertThat(users.verify("alice", "second".toCharArray())).isTrue();
        assertThat(users.verify("alice", "first pass with spaces".toCharArray())).isFalse();
        assertThat(users.verify("bob", "bobs".toCharArray())).isTrue();
    }

    @Test
    void an_empty_password_or_a_bad_name_changes_nothing() {
        CommandRun empty = run("\n", "console", "add-user", "alice", "--password-stdin");
        assertThat(empty.exitCode()).isEqualTo(1);
        assertThat(empty.err()).contains("no password given");

        CommandRun badName = run("pw\n", "console", "add-user", "al ice");
        assertThat(badName.exitCode()).isEqualTo(2);
        assertThat(badName.err()).contains("is not a user name");
        assertThat(usersFile()).doesNotExist();
    }

    @Test
    void help_describes_the_command_and_a_missing_name_is_a_usage_error() {
        CommandRun help = run("", "console", "add-user", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("Usage: playvox-bridge console add-user", "--password-stdin", "NAME", "PBKDF2 hash");

        assertThat(run("", "console", "--help").out()).contains("add-user");
        assertThat(run("", "console", "add-user").exitCode()).isEqualTo(2);
        assertThat(run("", "console").exitCode()).isEqualTo(2);
    }
}
