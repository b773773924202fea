package io.playvoxbridge.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.apache.camel.Endpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultEndpoint;
import org.junit.jupiter.api.Test;

/** HTTP endpoints are attributed to the vendor whose base URL they start with. */
class VendorRequestMetricsTest {

    private final VendorRequestMetrics notifier = new VendorRequestMetrics(BridgeMetrics.standalone(), List.of(
            new VendorRequestMetrics.VendorBase("playvox", "http://127.0.0.1:8092/api/v1"),
            new VendorRequestMetrics.VendorBase("wolkvox", "http://127.0.0.1:8091/api/v2/"),
            new VendorRequestMetrics.VendorBase("gladly", "http://127.0.0.1:809"),
            new VendorRequestMetrics.VendorBase("five9", "")));

    private static Endpoint endpoint(String uri) {
        return new DefaultEndpoint(uri, null) {
            @Override
            public org.apache.camel.Producer createProducer() {
                return null;
            }

            @Override
            public org.apache.camel.Consumer createConsumer(org.apache.camel.Processor processor) {
                return null;
            }
        };
    }

    @Test
    void an_endpoint_under_a_base_url_belongs_to_its_vendor() {
        assertThat(notifier.vendorOf(endpoint("http://127.0.0.1:8092/api/v1?authMethod=Basic"))).isEqualTo("playvox");
        assertThat(notifier.vendorOf(endpoint("http://127.0.0.1:8091/api/v2/reports_manager.php?x=1")))
                .isEqualTo("wolkvox");
        assertThat(notifier.vendorOf(endpoint("HTTP://127.0.0.1:8091/api/v2/reports_manager.php"))).isEqualTo("wolkvox");
    }

    @Test
    void a_base_url_matches_whole_path_segments_and_ports_only() {
        // "http://127.0.0.1:809" is not a prefix of port 8093
        assertThat(notifier.vendorOf(endpoint("http://127.0.0.1:8093/oauth/v2/token"))).isNull();
        assertThat(notifier.vendorOf(endpoint("http://127.0.0.1:8092/api/v10"))).isNull();
    }

    @Test
    void other_endpoints_are_not_counted() {
        assertThat(notifier.vendorOf(endpoint("direct://playvox-call"))).isNull();
        assertThat(notifier.vendorOf(endpoint("https://example.com/api"))).isNull();
    }

    @Test
    void the_status_is_the_answer_code_or_error() {
        DefaultCamelContext camel = new DefaultCamelContext();
        org.apache.camel.Exchange answered = new org.apache.camel.support.DefaultExchange(camel);
        answered.getMessage().setHeader(org.apache.camel.Exchange.HTTP_RESPONSE_CODE, 429);
        assertThat(VendorRequestMetrics.status(answered)).isEqualTo("429");
        org.apache.camel.Exchange cut = new org.apache.camel.support.DefaultExchange(camel);
        cut.setException(new java.net.SocketException("Connection reset"));
        assertThat(VendorRequestMetrics.status(cut)).isEqualTo("error");
    }

    @Test
    void counts_go_to_the_vendor_and_status_labels() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        BridgeMetrics metrics = new BridgeMetrics(registry, java.time.Clock.systemUTC());
        metrics.vendorRequest("wolkvox", "200");
        metrics.vendorRequest("wolkvox", "200");
        metrics.vendorRequest("wolkvox", "500");
        assertThat(registry.get("bridge.vendor.requests").tag("vendor", "wolkvox").tag("status", "200").counter().count())
                .isEqualTo(2.0);
        assertThat(registry.get("bridge.vendor.requests").tag("status", "500").counter().count()).isEqualTo(1.0);
    }
}
