package io.playvoxbridge.cli;

import io.playvoxbridge.Application;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.main.SimpleMainShutdownStrategy;

/**
 * The real application ({@link Application#createMain()}: beans, routes, listener, and the sandbox when
 * {@code bridge.sandbox.enabled=true}) running on a thread of its own in this JVM, for a command that needs its
 * routes. Started with override settings; {@link #close()} stops it gracefully, as Ctrl+C does, so its listener
 * closes the state database and the sandbox.
 */
final class BackgroundBridge implements AutoCloseable {

    private final Main main;
    private final Thread runner;
    private final CamelContext camel;

    private BackgroundBridge(Main main, Thread runner, CamelContext camel) {
        this.main = main;
        this.runner = runner;
        this.camel = camel;
    }

    /**
     * Starts the application and waits until its routes run.
     *
     * @param overrides settings that win over {@code application.properties} (Camel Main override properties)
     * @param timeout   longest wait for the start
     * @return the running application
     * @throws Exception the start's failure as Camel Main reports it (a bad setting is, or is caused by, a
     *                   {@link io.playvoxbridge.BridgeConfigurationException}); {@link IllegalStateException} when it
     *                   did not start within the timeout
     */
    static BackgroundBridge start(Map<String, String> overrides, Duration timeout) throws Exception {
        return start(overrides, timeout, true);
    }

    /**
     * Starts the application and waits until its routes run.
     *
     * @param overrides settings that win over {@code application.properties} (Camel Main override properties)
     * @param timeout   longest wait for the start
     * @param hangup    true: Camel Main stops the application on SIGTERM/Ctrl+C itself (its hangup interceptor);
     *                  false: the caller handles the signal and calls {@link #close()} when it is done
     * @return the running application
     * @throws Exception as {@link #start(Map, Duration)}
     */
    static BackgroundBridge start(Map<String, String> overrides, Duration timeout, boolean hangup) throws Exception {
        Main main = Application.createMain();
        // a command's bridge serves no health, metrics or console: the running bridge may hold those ports
        main.addOverrideProperty("camel.management.enabled", "false");
        main.addOverrideProperty("bridge.console.enabled", "false");
        overrides.forEach(main::addOverrideProperty);
        if (!hangup) {
            // the strategy without a JVM shutdown hook (DefaultMainShutdownStrategy.disableHangupSupport() still
            // installs its hook in Camel 4.18)
            main.setShutdownStrategy(new SimpleMainShutdownStrategy());
        }
        CompletableFuture<CamelContext> started = new CompletableFuture<>();
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterStart(BaseMainSupport m) {
                started.complete(m.getCamelContext());
            }
        });
        Thread runner = new Thread(() -> {
            try {
                main.run();
            } catch (Throwable e) {
                started.completeExceptionally(e);
            } finally {
                started.completeExceptionally(new IllegalStateException("the application stopped while starting"));
            }
        }, "playvox-bridge-main");
        runner.setDaemon(true);
        runner.start();
        try {
            return new BackgroundBridge(main, runner, started.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (TimeoutException e) {
            main.completed();
            throw new IllegalStateException("the application did not start within " + timeout.toSeconds() + " s");
        }
    }

    /** @return the started Camel context: its registry holds the bridge's beans */
    CamelContext camel() {
        return camel;
    }

    /** Stops the application gracefully and waits for its thread (at most a minute past its shutdown timeout). */
    @Override
    public void close() throws InterruptedException {
        main.completed();
        var shutdown = camel.getShutdownStrategy();
        runner.join(TimeUnit.MINUTES.toMillis(1) + shutdown.getTimeUnit().toMillis(shutdown.getTimeout()));
    }
}
