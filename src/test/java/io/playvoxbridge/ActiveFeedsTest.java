package io.playvoxbridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** Which feeds run: a vendor's feeds run only when its base URL and credentials are all set, or in the sandbox. */
class ActiveFeedsTest {

    static BridgeSettings settings(Map<String, String> values) {
        DefaultCamelContext camel = new DefaultCamelContext();
        java.util.Properties p = new java.util.Properties();
        p.putAll(values);
        camel.getPropertiesComponent().setOverrideProperties(p);
        return new BridgeSettings(camel.getPropertiesComponent());
    }

    static final Map<String, String> FIVE9_ONLY = Map.of("five9.base-url", "https://api.five9.com",
            "five9.username", "admin", "five9.password", "secret");

    @Test
    void a_user_of_one_platform_configures_only_that_one_and_the_others_stay_quiet() {
        ActiveFeeds active = ActiveFeeds.decide(settings(FIVE9_ONLY), false);

        assertThat(active.isActive("five9-call-log")).isTrue();
        assertThat(active.isActive("five9-digital")).isTrue();
        assertThat(active.isActive("wolkvox-chat")).isFalse();
        assertThat(active.isVendorActive("gladly")).isFalse();
        assertThat(active.summary()).anySatisfy(line -> assertThat(line)
                .startsWith("wolkvox: not configured").contains("WOLKVOX_BASE_URL, WOLKVOX_TOKEN"));
        assertThat(active.summary()).contains("five9: five9-call-log, five9-digital");
        assertThat(active.routesExcludePattern()).contains("**/sources/wolkvox-chat.camel.yaml")
                .contains("**/sources/gladly-conversations.camel.yaml").contains("**/common/wolkvox-*.camel.yaml")
                .contains("**/common/gladly-*.camel.yaml").doesNotContain("five9");
    }

    @Test
    void enabled_false_turns_one_feed_off_and_says_so() {
        Map<String, String> values = new java.util.HashMap<>(FIVE9_ONLY);
        values.put("five9.digital.enabled", "false");
        ActiveFeeds active = ActiveFeeds.decide(settings(values), false);

        assertThat(active.isActive("five9-digital")).isFalse();
        assertThat(active.summary()).contains("five9: five9-call-log (off by five9.digital.enabled=false)");
        assertThat(active.routesExcludePattern()).contains("**/sources/five9-digital.camel.yaml")
                .doesNotContain("**/common/five9-");
    }

    @Test
    void in_the_sandbox_every_feed_runs() {
        ActiveFeeds active = ActiveFeeds.decide(settings(Map.of()), true);

        ActiveFeeds.VENDORS.forEach(v -> v.feeds().forEach(f -> assertThat(active.isActive(f.id())).isTrue()));
        assertThat(active.routesExcludePattern()).isNull();
    }

    @Test
    void a_half_configured_vendor_names_the_missing_key() {
        assertThatThrownBy(() -> ActiveFeeds.decide(settings(Map.of("gladly.base-url", "https://acme.gladly.com",
                "gladly.username", "api@acme.com")), false))
                .isInstanceOf(BridgeConfigurationException.class)
                .hasMessageStartingWith("gladly.api-token: is required because gladly.base-url is set")
                .hasMessageContaining("GLADLY_API_TOKEN");
    }

    @Test
    void an_enabled_value_that_is_not_a_boolean_names_its_key_even_for_a_quiet_vendor() {
        Map<String, String> values = new java.util.HashMap<>(FIVE9_ONLY);
        values.put("gladly.conversations.enabled", "yes");
        assertThatThrownBy(() -> ActiveFeeds.decide(settings(values), false))
                .hasMessageStartingWith("gladly.conversations.enabled: 'yes' is not true or false");
    }
}
