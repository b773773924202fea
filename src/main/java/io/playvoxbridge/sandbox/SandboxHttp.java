package io.playvoxbridge.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Small helpers shared by the fakes: loopback server, query parsing, JSON answers. */
final class SandboxHttp {

    /** Threads answering requests, per fake. */
    static final int THREADS = 8;

    static final ObjectMapper JSON = new ObjectMapper();

    static {
        // The JDK server writes headers and body separately; without TCP_NODELAY every answer on a kept-alive
        // connection waits ~40 ms for the client's delayed ACK (Nagle). Read once, before the first server starts.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private SandboxHttp() {
    }

    /** A running server and its pool, stopped together. */
    record Server(HttpServer http, ExecutorService pool) {
        int port() {
            return http.getAddress().getPort();
        }

        void stop() {
            http.stop(0);
            pool.shutdownNow();
            try {
                pool.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Binds a server on 127.0.0.1 with a fixed pool of {@link #THREADS} daemon threads.
     *
     * @param port    0 for an ephemeral port
     * @param name    thread name prefix
     * @param handler the handler of every path
     * @throws UncheckedIOException if the port cannot be bound
     */
    static Server start(int port, String name, HttpHandler handler) {
        AtomicInteger counter = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, name + "-" + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
            HttpServer http = HttpServer.create(new InetSocketAddress(loopback, port), 64);
            http.createContext("/", handler);
            http.setExecutor(pool);
            http.start();
            return new Server(http, pool);
        } catch (IOException e) {
            pool.shutdownNow();
            throw new UncheckedIOException("cannot bind 127.0.0.1:" + port, e);
        }
    }

    /**
     * Decodes the query string ({@code application/x-www-form-urlencoded}, UTF-8); the first value of a name wins.
     *
     * @return names to values, in order; a name without {@code =} maps to ""
     */
    static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> params = new LinkedHashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.putIfAbsent(name, value);
        }
        return params;
    }

    /** @return the whole request body */
    static byte[] body(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return in.readAllBytes();
        }
    }

    /**
     * Sends a complete answer with a fixed length.
     *
     * @param contentType e.g. {@code application/json; charset=utf-8}
     */
    static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** Serialises {@code value} with Jackson and sends it as {@code application/json}. */
    static void sendJson(HttpExchange exchange, int status, Object value) throws IOException {
        send(exchange, status, "application/json; charset=utf-8", JSON.writeValueAsBytes(value));
    }

    /**
     * Drops the connection without answering: not a byte of a status line is written.
     *
     * <p>The JDK server closes the TCP connection (FIN) when an exchange is closed before
     * {@code sendResponseHeaders}. A true reset (RST, {@code SO_LINGER 0}) would need the socket, which
     * {@link HttpExchange} does not expose ({@code sun.net.httpserver} is not opened by module {@code jdk.httpserver}).
     * Clients see an empty reply: {@code java.net.http.HttpClient} throws {@code IOException "HTTP/1.1 header parser
     * received no bytes"} (it silently retries an idempotent request once first); Apache HttpClient 5 throws
     * {@code NoHttpResponseException}, an IOException (its default retry strategy also retries idempotent requests
     * once).
     */
    static void abort(HttpExchange exchange) {
        exchange.close();
    }

    /** Sleeps, keeping the interrupt flag; a zero or negative duration returns at once. */
    static void pause(Duration duration) {
        if (duration == null || duration.isZero() || duration.isNegative()) {
            return;
        }
        try {
            Thread.sleep(duration.toMillis(), (int) (duration.toNanos() % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
