package io.playvoxbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.playvoxbridge.BridgeSettings;
import io.playvoxbridge.sandbox.Sandbox;
import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sandbox command's printout, and {@code check}'s probes against every fake of the sandbox. */
class SandboxCommandTest {

    Sandbox sandbox;

    @BeforeEach
    void startSandbox() {
        Map<String, String> s = new LinkedHashMap<>();
        for (String vendor : new String[] {"wolkvox", "playvox", "eightbyeight", "five9", "gladly"}) {
            s.put("bridge.sandbox." + vendor + "-port", "0");
        }
        s.put("bridge.sandbox.wolkvox.history-records", "10");
        s.put("bridge.sandbox.eightbyeight.history-records", "10");
        s.put("bridge.sandbox.five9.history-calls", "10");
        s.put("bridge.sandbox.five9.history-sessions", "10");
        s.put("bridge.sandbox.gladly.history-conversations", "10");
        sandbox = Sandbox.start(CliSettings.load(s).settings());
    }

    @AfterEach
    void stopSandbox() {
        sandbox.close();
    }

    @Test
    void prints_each_fakes_url_credentials_and_one_curl() {
        List<String> lines = SandboxCommand.describe(sandbox, ZoneId.of("America/Bogota"));
        Properties p = sandbox.overrides();

        assertThat(lines).filteredOn(l -> l.startsWith("  try: curl ")).hasSize(5);
        assertThat(lines).contains("Playvox: " + p.getProperty("playvox.base-url"),
                "Wolkvox: " + p.getProperty("wolkvox.base-url"),
                "8x8: " + p.getProperty("eightbyeight.api-base-url"),
                "Gladly: " + p.getProperty("gladly.base-url"));
        assertThat(String.join("\n", lines)).contains(p.getProperty("playvox.api-key"), p.getProperty("wolkvox.token"),
                p.getProperty("eightbyeight.client-secret"), p.getProperty("five9.password"),
                p.getProperty("gladly.api-token"));
    }

    @Test
    void check_probes_accept_every_fake_and_a_wrong_secret_is_refused() {
        Map<String, String> settings = new LinkedHashMap<>();
        sandbox.overrides().forEach((k, v) -> settings.put((String) k, (String) v));
        BridgeSettings s = CliSettings.load(settings).settings();
        VendorProbe probe = new VendorProbe(Duration.ofSeconds(10));

        assertThat(List.of(probe.playvox(s), probe.wolkvox(s), probe.eightByEight(s), probe.five9(s), probe.gladly(s)))
                .allSatisfy(r -> assertThat(r.ok()).as(r.detail()).isTrue());

        settings.put("eightbyeight.client-secret", "wrong");
        settings.put("five9.password", "wrong");
        settings.put("wolkvox.token", "wrong");
        BridgeSettings wrong = CliSettings.load(settings).settings();
        assertThat(probe.eightByEight(wrong).detail()).startsWith("401 from .../token: credentials refused");
        assertThat(probe.five9(wrong).detail()).isEqualTo("401 from .../AdminWebService: credentials refused");
        assertThat(probe.wolkvox(wrong).status()).isEqualTo(VendorProbe.Status.FAILED);
        assertThat(probe.wolkvox(wrong).detail()).startsWith("403 from .../reports_manager.php?api=chat_4: credentials refused");
    }
}
