package io.playvoxbridge.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** What every {@code dead-letters} subcommand has: its group (settings, state database) and its own output. */
abstract class DeadLettersSubcommand implements Callable<Integer> {

    @ParentCommand
    DeadLettersCommand parent;

    @Spec
    CommandSpec spec;

    /** @return where the command's output goes (standard output unless a test captures it) */
    PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
