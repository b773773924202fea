package io.playvoxbridge.cli;

import io.playvoxbridge.console.ConsoleSettings;
import io.playvoxbridge.console.ConsoleUsers;
import io.playvoxbridge.console.ConsoleUsersException;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code console add-user NAME}: adds a console user to the users file ({@code bridge.console.users-file}), or gives
 * an existing one a new password. The password comes from a prompt without echo (asked twice) when there is a
 * terminal, else from the first line of standard input; {@code --password-stdin} always reads standard input. It is
 * stored as a salted PBKDF2 hash ({@link ConsoleUsers}) and never printed. A running bridge reads the file at each
 * login: no restart is needed.
 *
 * <p>Exit codes: 0 done; 1 no password, passwords that differ, or a users file that cannot be read or written; 2 a
 * usage error (picocli's) or a bad setting.
 */
@Command(name = "add-user",
        description = {"Adds a user who may log in to the console, or sets a new password for an existing one, in the "
                + "users file (bridge.console.users-file, default console-users.properties).",
                "The password is asked without echo (twice) on a terminal, else read from the first line of standard "
                        + "input; it is stored as a salted PBKDF2 hash and never printed."},
        footer = {"", "Example: printf '%%s\\n' \"$PASSWORD\" | java -jar playvox-bridge.jar console add-user alice --password-stdin"})
final class ConsoleAddUserCommand implements Callable<Integer> {

    @ParentCommand
    ConsoleCommand console;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME",
            description = "user name: 1 to 64 letters, digits, '.', '_', '-' or '@'")
    String name;

    @Option(names = "--password-stdin", description = "read the password from the first line of standard input, "
            + "even on a terminal (for scripts)")
    boolean passwordStdin;

    /** Standard input; tests give their own. */
    InputStream stdin = System.in;
    /** The terminal, or null; tests set null. */
    Console terminal = System.console();

    /** @return the exit code, see the class comment */
    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!ConsoleUsers.NAME.matcher(name).matches()) {
            err.println("playvox-bridge: '" + name + "' is not a user name: use 1 to 64 letters, digits, '.', '_', '-' or '@'");
            err.flush();
            return 2;
        }
        Path file = ConsoleSettings.usersFile(CliSettings.load(console.overrides()).settings());
        char[] password = null;
        try {
            password = passwordStdin || terminal == null ? firstLine(stdin) : prompt(terminal);
            if (password == null) {
                err.println("playvox-bridge: the passwords differ: nothing changed");
                err.flush();
                return 1;
            }
            if (password.length == 0) {
                err.println("playvox-bridge: no password given: nothing changed");
                err.flush();
                return 1;
            }
            ConsoleUsers users = ConsoleUsers.read(file);
            boolean existed = users.names().contains(name);
            users.withUser(name, password, ConsoleUsers.DEFAULT_ITERATIONS).write(file);
            out.println("Console user '" + name + "' " + (existed ? "has a new password" : "added") + " in "
                    + file.toAbsolutePath() + " (a running bridge reads it at the next login)");
            out.flush();
            return 0;
        } catch (ConsoleUsersException e) {
            err.println("playvox-bridge: bridge.console.users-file: " + e.getMessage());
            err.flush();
            return 1;
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
    }

    /** @return the password typed twice, or null when the two differ */
    private char[] prompt(Console terminal) {
        char[] first = terminal.readPassword("Password for console user '%s': ", name);
        char[] again = terminal.readPassword("Same password again: ");
        try {
            return first != null && Arrays.equals(first, again) ? first.clone() : null;
        } finally {
            if (first != null) {
                Arrays.fill(first, '\0');
            }
            if (again != null) {
                Arrays.fill(again, '\0');
            }
        }
    }

    /** @return the first line of the input without its line end (empty when there is none), never as a String */
    static char[] firstLine(InputStream in) {
        Reader reader = new InputStreamReader(in, Charset.defaultCharset());
        char[] buffer = new char[64];
        int length = 0;
        try {
            for (int c = reader.read(); c != -1 && c != '\n'; c = reader.read()) {
                if (length == buffer.length) {
                    char[] bigger = Arrays.copyOf(buffer, length * 2);
                    Arrays.fill(buffer, '\0');
                    buffer = bigger;
                }
                buffer[length++] = (char) c;
            }
        } catch (IOException e) {
            length = 0;
        }
        if (length > 0 && buffer[length - 1] == '\r') {
            length--;
        }
        char[] line = Arrays.copyOf(buffer, length);
        Arrays.fill(buffer, '\0');
        return line;
    }
}
