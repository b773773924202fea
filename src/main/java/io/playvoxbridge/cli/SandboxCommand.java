package io.playvoxbridge.cli;

import io.playvoxbridge.BridgeSettings;
import io.playvoxbridge.sandbox.Five9Fake;
import io.playvoxbridge.sandbox.Sandbox;
import io.playvoxbridge.source.eightbyeight.EightByEightApi;
import io.playvoxbridge.source.gladly.GladlyApi;
import io.playvoxbridge.source.wolkvox.WolkvoxReportFeed;
import java.io.PrintWriter;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code sandbox}: starts only the fakes of the sandbox ({@link Sandbox}: Wolkvox, Playvox, 8x8, Five9, Gladly) on
 * the ports and with the knobs of {@code bridge.sandbox.*}, as the sandbox mode does, but without the bridge; prints
 * each fake's URL, its generated credentials (sandbox credentials, valid only for this run: not secrets) and one
 * example {@code curl}, then runs until Ctrl+C (or SIGTERM), for trying the APIs by hand.
 */
@Command(name = "sandbox", description = "Starts only the fakes of every vendor (the sandbox, ports and knobs from "
        + "bridge.sandbox.*), prints their URLs, generated credentials and an example curl each, and runs until Ctrl+C.")
final class SandboxCommand implements Callable<Integer> {

    @ParentCommand
    BridgeCommand root;

    @Spec
    CommandSpec spec;

    /**
     * @return 0 once stopped
     * @throws io.playvoxbridge.BridgeConfigurationException (exit code 2) for a bad sandbox setting or a port taken
     * @throws InterruptedException when interrupted while running
     */
    @Override
    public Integer call() throws InterruptedException {
        CliSettings settings = CliSettings.load(root.overrides());
        BridgeSettings s = settings.settings();
        Sandbox sandbox = Sandbox.start(s);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            sandbox.close();
            stopped.countDown();
        }, "sandbox-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        PrintWriter out = spec.commandLine().getOut();
        describe(sandbox, s.zone("wolkvox.time-zone")).forEach(out::println);
        out.println();
        out.println("Sandbox running; Ctrl+C stops it.");
        out.flush();
        stopped.await();
        return 0;
    }

    /**
     * @param sandbox    the running sandbox
     * @param wolkvoxZone the zone of the fake Wolkvox's dates
     * @return per fake: its URL, credentials and an example curl (a blank line between fakes)
     */
    static List<String> describe(Sandbox sandbox, ZoneId wolkvoxZone) {
        Properties p = sandbox.overrides();
        List<String> lines = new ArrayList<>();
        LocalDateTime now = LocalDateTime.now(wolkvoxZone).truncatedTo(ChronoUnit.SECONDS);
        fake(lines, "Playvox", p.getProperty("playvox.base-url"),
                "api uid " + p.getProperty("playvox.api-uid") + ", api key " + p.getProperty("playvox.api-key"),
                "curl -u '" + p.getProperty("playvox.api-uid") + ":" + p.getProperty("playvox.api-key") + "' '"
                        + p.getProperty("playvox.base-url") + "/integrations?page=1&per_page=100'",
                "(what the bridge sent: " + origin(p.getProperty("playvox.base-url")) + "/sandbox/interactions)");
        fake(lines, "Wolkvox", p.getProperty("wolkvox.base-url"), "wolkvox-token " + p.getProperty("wolkvox.token"),
                "curl -H 'wolkvox-token: " + p.getProperty("wolkvox.token") + "' '" + p.getProperty("wolkvox.base-url")
                        + "/reports_manager.php?api=chat_4&date_ini="
                        + WolkvoxReportFeed.WOLKVOX_DATE.format(now.minusHours(1)) + "&date_end="
                        + WolkvoxReportFeed.WOLKVOX_DATE.format(now) + "'",
                "(dates are local times of " + wolkvoxZone + ")");
        fake(lines, "8x8", p.getProperty("eightbyeight.api-base-url"),
                "client id " + p.getProperty("eightbyeight.client-id") + ", client secret "
                        + p.getProperty("eightbyeight.client-secret") + ", tenant " + p.getProperty("eightbyeight.tenant-id")
                        + ", action token " + p.getProperty("eightbyeight.action-token")
                        + "; Data Augmentation at " + p.getProperty("eightbyeight.augmentation-base-url"),
                "curl -u '" + p.getProperty("eightbyeight.client-id") + ":" + p.getProperty("eightbyeight.client-secret")
                        + "' -d '" + EightByEightApi.TOKEN_REQUEST_BODY + "' '"
                        + p.getProperty("eightbyeight.api-base-url") + EightByEightApi.TOKEN_PATH + "'", null);
        fake(lines, "Five9", p.getProperty("five9.base-url") + Five9Fake.SERVICE_PATH,
                "user " + p.getProperty("five9.username") + ", password " + p.getProperty("five9.password"),
                "curl -u '" + p.getProperty("five9.username") + ":" + p.getProperty("five9.password")
                        + "' -H 'Content-Type: text/xml' -d '" + VendorProbe.FIVE9_COUNTERS_REQUEST + "' '"
                        + p.getProperty("five9.base-url") + Five9Fake.SERVICE_PATH + "'", null);
        fake(lines, "Gladly", p.getProperty("gladly.base-url"),
                "user " + p.getProperty("gladly.username") + ", api token " + p.getProperty("gladly.api-token"),
                "curl -u '" + p.getProperty("gladly.username") + ":" + p.getProperty("gladly.api-token") + "' '"
                        + p.getProperty("gladly.base-url") + GladlyApi.AGENTS_PATH + "'", null);
        lines.remove(lines.size() - 1);
        return lines;
    }

    private static void fake(List<String> lines, String name, String url, String credentials, String curl, String note) {
        lines.add(name + ": " + url);
        lines.add("  credentials: " + credentials);
        lines.add("  try: " + curl);
        if (note != null) {
            lines.add("  " + note);
        }
        lines.add("");
    }

    private static String origin(String baseUrl) {
        int path = baseUrl.indexOf('/', "http://".length());
        return path < 0 ? baseUrl : baseUrl.substring(0, path);
    }
}
