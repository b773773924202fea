package io.playvoxbridge.source.eightbyeight;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * The OAuth2 access token of the 8x8 Historical Metrics API, with its expiry (api-facts 4.2,
 * https://developer.8x8.com/analytics/docs/oauth-authentication-for-8x8-xcaas-apis): {@code POST /oauth/v2/token}
 * with HTTP Basic {@code clientId:secret} and the form {@code grant_type=client_credentials} answers
 * {@code {"access_token":"...","expires_in":1800,...}}; calls then send {@code Authorization: Bearer <token>}.
 *
 * <p>Pure logic over a {@link Clock}: the caller asks {@link #current()}; when it is empty (no token yet, or
 * {@code expires_in} minus a margin has passed) it requests a token and hands the answer to {@link #accept(String)}.
 * A 401 from the API means the token died early: {@link #invalidate(String)} drops it, and the caller gets a new one
 * and retries once. The token is never part of {@link #toString()} or of a message. Thread-safe.
 */
public final class EightByEightTokenHolder {

    /** Default margin before the stated expiry at which the token is renewed. */
    public static final Duration DEFAULT_MARGIN = Duration.ofSeconds(60);

    private final Clock clock;
    private final Duration margin;
    private String token;
    private Instant renewAt;
    private Instant expiresAt;

    /**
     * @param clock  the time source ({@code Clock.systemUTC()} in the application, a test clock in tests)
     * @param margin how long before {@code expires_in} runs out the token counts as expired, {@code >= 0}; capped at
     *               half the token's life
     */
    public EightByEightTokenHolder(Clock clock, Duration margin) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.margin = Objects.requireNonNull(margin, "margin");
        if (margin.isNegative()) {
            throw new IllegalArgumentException("margin must be >= 0: " + margin);
        }
    }

    /**
     * HTTP Basic credentials of the token request.
     *
     * @param clientId the API app's key (Admin Console, API Management)
     * @param secret   its secret
     * @return {@code Basic base64(clientId:secret)}
     * @throws IllegalArgumentException if either is blank
     */
    public static String basicCredentials(String clientId, String secret) {
        if (clientId == null || clientId.isBlank() || secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("8x8 client id and secret must both be set");
        }
        return "Basic " + Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    /** @return the token while it is valid (now before its expiry minus the margin), else empty */
    public synchronized Optional<String> current() {
        if (token == null || !clock.instant().isBefore(renewAt)) {
            return Optional.empty();
        }
        return Optional.of(token);
    }

    /**
     * @return {@code Bearer <token>}
     * @throws IllegalStateException if there is no valid token: get one first
     */
    public String authorization() {
        return "Bearer " + current().orElseThrow(() -> new IllegalStateException("no valid 8x8 access token"));
    }

    /**
     * Keeps the token of a token answer.
     *
     * @param answer the JSON body of {@code POST /oauth/v2/token}
     * @return the token
     * @throws IllegalArgumentException if the answer lacks {@code access_token} or a positive {@code expires_in}
     */
    public String accept(String answer) {
        JsonNode node = EightByEightApi.readTree(answer, "8x8 token answer");
        String accessToken = EightByEightApi.text(node, "access_token");
        String expiresIn = EightByEightApi.text(node, "expires_in");
        if (accessToken == null || accessToken.isBlank()) {
            throw new IllegalArgumentException("8x8 token answer has no access_token");
        }
        long seconds;
        try {
            seconds = Long.parseLong(String.valueOf(expiresIn).strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("8x8 token answer has no whole expires_in: " + expiresIn);
        }
        accept(accessToken, Duration.ofSeconds(seconds));
        return accessToken;
    }

    /**
     * Keeps a token.
     *
     * @param accessToken the token
     * @param lifetime    {@code expires_in}, positive
     * @throws IllegalArgumentException if the token is blank or the lifetime not positive
     */
    public synchronized void accept(String accessToken, Duration lifetime) {
        if (accessToken == null || accessToken.isBlank()) {
            throw new IllegalArgumentException("access token is blank");
        }
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("expires_in must be positive: " + lifetime.toSeconds());
        }
        Instant now = clock.instant();
        Duration early = margin.compareTo(lifetime.dividedBy(2)) > 0 ? lifetime.dividedBy(2) : margin;
        this.token = accessToken;
        this.expiresAt = now.plus(lifetime);
        this.renewAt = expiresAt.minus(early);
    }

    /**
     * Drops the token after the API refused it (401). Only that token is dropped: a newer one, taken meanwhile by
     * another request, stays.
     *
     * @param refusedToken the token the refused request carried (with or without {@code Bearer })
     * @return whether the held token was dropped
     */
    public synchronized boolean invalidate(String refusedToken) {
        String refused = refusedToken != null && refusedToken.startsWith("Bearer ") ? refusedToken.substring(7) : refusedToken;
        if (token != null && token.equals(refused)) {
            token = null;
            renewAt = null;
            expiresAt = null;
            return true;
        }
        return false;
    }

    /** @return when the held token expires as 8x8 stated it, or empty when none is held */
    public synchronized Optional<Instant> expiresAt() {
        return Optional.ofNullable(expiresAt);
    }

    @Override
    public synchronized String toString() {
        return "EightByEightTokenHolder[" + (token == null ? "no token" : "token until " + expiresAt) + "]";
    }
}
