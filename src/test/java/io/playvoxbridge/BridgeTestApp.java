package io.playvoxbridge;

import io.playvoxbridge.sandbox.PlayvoxFake;
import io.playvoxbridge.sandbox.WolkvoxFake;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Route;
import java.util.concurrent.CountDownLatch;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.component.quartz.QuartzEndpoint;
import org.apache.camel.main.Main;
import org.quartz.JobKey;
import org.quartz.TriggerKey;

/** The real application, started in the test's JVM against fakes the test owns (sandbox off), for end-to-end tests. */
final class BridgeTestApp implements AutoCloseable {

    private final Main main;
    private final Thread runner;

    private BridgeTestApp(Main main, Thread runner) {
        this.main = main;
        this.runner = runner;
    }

    /**
     * Settings of a test that owns its fakes: the sandbox off, Playvox at its fake, the state in {@code stateDir},
     * the sandbox's agent directory, fast Playvox job polls and retries, no poll on start, and every source vendor's
     * base URL and credentials empty (so none runs until the test sets one).
     */
    static Map<String, String> baseSettings(PlayvoxFake playvox, String uid, String key, Path stateDir) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("bridge.sandbox.enabled", "false");
        s.put("playvox.base-url", playvox.baseUrl());
        s.put("playvox.api-uid", uid);
        s.put("playvox.api-key", key);
        ActiveFeeds.VENDORS.forEach(v -> v.required().forEach(k -> s.put(k, "")));
        s.put("bridge.state.jdbc-url", "jdbc:h2:file:" + stateDir.resolve("bridge").toAbsolutePath());
        s.put("bridge.agents-file", "classpath:" + WolkvoxFake.SANDBOX_AGENTS_RESOURCE);
        s.put("bridge.poll-on-start", "false");
        s.put("playvox.rate-limit.requests-per-minute", "100000");
        s.put("playvox.job.poll-interval", "50");
        s.put("playvox.job.max-poll-interval", "200");
        s.put("bridge.retry.initial-delay", "20");
        s.put("bridge.retry.max-delay", "500");
        s.put("camel.management.port", "0");
        s.put("bridge.routes-reload.enabled", "false"); // the project's routes/ folder is not watched by tests
        s.put("bridge.console.enabled", "false"); // ConsoleBrowserIT turns it on
        return s;
    }

    /**
     * {@link #baseSettings} with Wolkvox at its fake and only its chat_4 feed on, on a cron that never fires (the
     * test polls with {@link #pollNow}).
     */
    static Map<String, String> settings(WolkvoxFake wolkvox, String token, PlayvoxFake playvox, String uid, String key,
                                        Path stateDir) {
        Map<String, String> s = baseSettings(playvox, uid, key, stateDir);
        s.put("wolkvox.base-url", wolkvox.baseUrl());
        s.put("wolkvox.token", token);
        s.put("wolkvox.chat.cron", "0 0 0 1 1 ? 2099");
        // the other Wolkvox feeds stay off here: their own ITs turn them on
        s.put("wolkvox.survey.enabled", "false");
        s.put("wolkvox.conversations.enabled", "false");
        return s;
    }

    /** Starts the application with these override settings and waits until its routes run. */
    static BridgeTestApp start(Map<String, String> settings) throws Exception {
        Main main = Application.createMain();
        settings.forEach(main::addOverrideProperty);
        Thread runner = new Thread(() -> {
            try {
                main.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "bridge-test-main");
        runner.setDaemon(true);
        runner.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (main.getCamelContext() == null || !main.getCamelContext().isStarted()) {
            if (!runner.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("the application did not start");
            }
            Thread.onSpinWait();
            Thread.sleep(20);
        }
        return new BridgeTestApp(main, runner);
    }

    CamelContext camel() {
        return main.getCamelContext();
    }

    <T> T bean(String name, Class<T> type) {
        return camel().getRegistry().lookupByNameAndType(name, type);
    }

    /** Fires the route's Quartz job now, as the cron would, without waiting for the poll. */
    void firePoll(String routeId) throws Exception {
        TriggerKey trigger = ((QuartzEndpoint) camel().getRoute(routeId).getEndpoint()).getTriggerKey();
        camel().getComponent("quartz", QuartzComponent.class).getScheduler()
                .triggerJob(new JobKey(trigger.getName(), trigger.getGroup()));
    }

    /**
     * Fires the route's Quartz job now, as the cron would, and waits until that poll has finished.
     *
     * @return true when the poll finished within the timeout
     */
    boolean pollNow(String routeId, long timeoutSeconds) throws Exception {
        Route route = camel().getRoute(routeId);
        Endpoint endpoint = route.getEndpoint();
        TriggerKey trigger = ((QuartzEndpoint) endpoint).getTriggerKey();
        CountDownLatch done = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicReference<String> pollId = new java.util.concurrent.atomic.AtomicReference<>();
        EventNotifierSupport listener = new EventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                Exchange exchange = ((CamelEvent.ExchangeEvent) event).getExchange();
                if (event instanceof CamelEvent.ExchangeCreatedEvent) {
                    // the poll's own exchange (not a split part): the first one the Quartz consumer of this route creates
                    if (exchange.getFromEndpoint() == endpoint && exchange.getProperty(ExchangePropertyKey.CORRELATION_ID) == null) {
                        pollId.compareAndSet(null, exchange.getExchangeId());
                    }
                } else if (exchange.getExchangeId().equals(pollId.get())) {
                    done.countDown();
                }
            }

            @Override
            public boolean isEnabled(CamelEvent event) {
                return event instanceof CamelEvent.ExchangeCreatedEvent || event instanceof CamelEvent.ExchangeCompletedEvent
                        || event instanceof CamelEvent.ExchangeFailedEvent;
            }
        };
        camel().getManagementStrategy().addEventNotifier(listener);
        listener.start();
        try {
            camel().getComponent("quartz", QuartzComponent.class).getScheduler()
                    .triggerJob(new JobKey(trigger.getName(), trigger.getGroup()));
            return done.await(timeoutSeconds, TimeUnit.SECONDS);
        } finally {
            camel().getManagementStrategy().removeEventNotifier(listener);
        }
    }

    @Override
    public void close() throws Exception {
        main.stop();
        runner.join(TimeUnit.SECONDS.toMillis(30));
    }
}
