package io.playvoxbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code --help} on every command and subcommand prints its usage and exits 0, without running anything. */
class CommandHelpTest {

    @Test
    void every_command_prints_its_help_and_exits_0() {
        List<List<String>> paths = new ArrayList<>();
        collect(BridgeCommand.commandLine(Map.of()), new ArrayList<>(), paths);
        assertThat(paths).extracting(p -> String.join(" ", p)).contains("", "run", "check", "setup", "sandbox",
                "dead-letters", "dead-letters list", "dead-letters show", "dead-letters replay", "dead-letters discard");
        for (List<String> path : paths) {
            for (String help : new String[] {"--help", "-h"}) {
                List<String> args = new ArrayList<>(path);
                args.add(help);
                CommandRun run = CommandRun.of(Map.of(), args.toArray(new String[0]));
                assertThat(run.exitCode()).as(String.join(" ", args)).isZero();
                assertThat(run.out()).as(String.join(" ", args))
                        .startsWith("Usage: playvox-bridge" + (path.isEmpty() ? "" : " " + String.join(" ", path)));
                assertThat(run.err()).as(String.join(" ", args)).isEmpty();
            }
        }
    }

    @Test
    void the_dry_run_options_of_run_are_in_its_help() {
        assertThat(CommandRun.of(Map.of(), "run", "--help").out()).contains("--dry-run", "--dry-run-output=DIR");
        assertThat(CommandRun.of(Map.of(), "setup", "--help").out()).contains("--dry-run");
        assertThat(CommandRun.of(Map.of(), "check", "--help").out()).contains("--timeout=SECONDS");
    }

    @Test
    void dry_run_output_without_dry_run_is_a_usage_error() {
        CommandRun run = CommandRun.of(Map.of(), "run", "--dry-run-output", "out");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--dry-run-output needs --dry-run");
    }

    @Test
    void run_dry_run_sets_the_dry_run_settings() {
        CommandLine commandLine = BridgeCommand.commandLine(Map.of());
        commandLine.parseArgs("run", "--dry-run", "--dry-run-output", "out");
        RunCommand run = commandLine.getSubcommands().get("run").getCommand();
        assertThat(run.settings()).containsEntry("bridge.dry-run", "true")
                .containsEntry("bridge.dry-run.output-dir", java.nio.file.Path.of("out").toAbsolutePath().toString());

        commandLine = BridgeCommand.commandLine(Map.of());
        commandLine.parseArgs("run");
        RunCommand plain = commandLine.getSubcommands().get("run").getCommand();
        assertThat(plain.settings()).isEmpty();
    }

    private static void collect(CommandLine command, List<String> path, List<List<String>> out) {
        out.add(List.copyOf(path));
        command.getSubcommands().forEach((name, sub) -> {
            List<String> next = new ArrayList<>(path);
            next.add(name);
            collect(sub, next, out);
        });
    }
}
