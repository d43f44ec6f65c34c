package dev.vigil.tools.revoke;

import dev.vigil.events.RevocationCommand;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Delivers a command as a signed JSON POST. The receiver (an IAM team's automation, a SOAR, a
 * function in front of the IdP) authenticates it with {@link WebhookSignature} and deduplicates it
 * by {@code command_id}, which is also sent as {@code X-Vigil-Command-Id}. Each attempt is signed
 * with the time it is sent, so a retry hours later is not refused as stale.
 *
 * <p>The URL must be {@code https}: the body names identities and tokens to revoke, and the
 * signature proves who sent it but hides nothing. Plain {@code http} is accepted for a loopback
 * address (a receiver on the same host, as in development and tests) or when the operator waives
 * the rule explicitly ({@code --allow-plain-http}, e.g. behind a TLS-terminating sidecar).
 *
 * <p>Classification: 2xx delivered; 5xx, 408, 425, 429, timeouts and connection failures retryable;
 * any other status rejected. Redirects are not followed: a signed revocation should reach the
 * endpoint that was configured, not wherever a 3xx points.
 */
public final class WebhookSink implements RevocationSink {

  public static final String TIMESTAMP_HEADER = WebhookSignature.TIMESTAMP_HEADER;
  public static final String COMMAND_ID_HEADER = "X-Vigil-Command-Id";
  private static final int MAX_REASON_CHARS = 200;

  private final URI endpoint;
  private final byte[] secret;
  private final Duration timeout;
  private final Clock clock;
  private final HttpClient client;

  public WebhookSink(
      URI endpoint,
      byte[] secret,
      Duration timeout,
      Clock clock,
      HttpClient client,
      boolean allowPlainHttp) {
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    String scheme =
        endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException(
          "webhook URL must be http:// or https://, was '" + endpoint + "'");
    }
    if (scheme.equals("http") && !allowPlainHttp && !isLoopback(endpoint)) {
      throw new IllegalArgumentException(
          "webhook URL '"
              + endpoint
              + "' is plain http: revocations name the identities and tokens they revoke, so"
              + " they travel over https; --allow-plain-http waives this (e.g. behind a TLS"
              + " sidecar), and loopback addresses are allowed");
    }
    if (secret == null || secret.length == 0) {
      throw new IllegalArgumentException(
          "the webhook secret is empty; unsigned webhooks are refused");
    }
    if (timeout == null || timeout.isZero() || timeout.isNegative()) {
      throw new IllegalArgumentException("webhook timeout must be positive, was " + timeout);
    }
    this.secret = secret.clone();
    this.timeout = timeout;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.client = Objects.requireNonNull(client, "client");
  }

  /** A sink with its own HTTP client that connects within {@code timeout} and never redirects. */
  public static WebhookSink create(
      URI endpoint, byte[] secret, Duration timeout, boolean allowPlainHttp) {
    HttpClient client =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    return new WebhookSink(endpoint, secret, timeout, Clock.systemUTC(), client, allowPlainHttp);
  }

  /**
   * {@code localhost} or a loopback literal; other names are not resolved here, so a DNS answer
   * cannot turn a remote name into an exemption.
   */
  private static boolean isLoopback(URI endpoint) {
    String host = endpoint.getHost();
    if (host == null) {
      return false;
    }
    if (host.equalsIgnoreCase("localhost")) {
      return true;
    }
    String literal = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    if (!literal.matches("[0-9.]+|[0-9a-fA-F:]+")) {
      return false;
    }
    try {
      return InetAddress.getByName(literal).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  @Override
  public String name() {
    return "webhook";
  }

  @Override
  public SinkResult deliver(RevocationCommand command) throws InterruptedException {
    byte[] body = RevocationJson.toJson(command);
    String timestamp = Long.toString(clock.instant().getEpochSecond());
    HttpRequest request =
        HttpRequest.newBuilder(endpoint)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header(WebhookSignature.HEADER, WebhookSignature.sign(timestamp, body, secret))
            .header(TIMESTAMP_HEADER, timestamp)
            .header(COMMAND_ID_HEADER, command.getCommandId())
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    HttpResponse<String> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (HttpTimeoutException e) {
      return SinkResult.retryable("no answer from " + endpoint + " within " + timeout);
    } catch (IOException e) {
      return SinkResult.retryable("cannot reach " + endpoint + ": " + e);
    }
    return classify(response.statusCode(), response.body());
  }

  static SinkResult classify(int status, String body) {
    String detail = "HTTP " + status + excerpt(body);
    if (status >= 200 && status < 300) {
      return SinkResult.delivered(detail);
    }
    if (status >= 500 || status == 408 || status == 425 || status == 429) {
      return SinkResult.retryable(detail);
    }
    if (status >= 300 && status < 400) {
      return SinkResult.rejected(detail + " (redirects are not followed; configure the final URL)");
    }
    return SinkResult.rejected(detail);
  }

  private static String excerpt(String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    String trimmed = body.strip();
    return ": "
        + (trimmed.length() > MAX_REASON_CHARS
            ? trimmed.substring(0, MAX_REASON_CHARS) + "..."
            : trimmed);
  }

  @Override
  public String toString() {
    return "webhook " + endpoint;
  }
}
