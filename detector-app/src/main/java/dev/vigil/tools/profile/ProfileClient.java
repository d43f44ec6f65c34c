package dev.vigil.tools.profile;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Asks a detector's HTTP server for an identity's profile with the bearer token, waiting out
 * "moving, retry" answers (503 with {@code Retry-After}) until a deadline.
 */
final class ProfileClient {

  /** An answer: its HTTP status and body. */
  record Answer(int status, String body) {}

  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);

  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();
  private final URI base;
  private final String token;
  private final Clock clock;

  /**
   * @param base the detector's HTTP address, e.g. {@code http://localhost:9400}
   */
  ProfileClient(URI base, String token, Clock clock) {
    String text = base.toString();
    this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
    this.token = token;
    this.clock = clock;
  }

  /** One request, no retry. */
  Answer get(String identity) throws IOException, InterruptedException {
    HttpResponse<String> response = send(identity);
    return new Answer(response.statusCode(), response.body());
  }

  /** Asks again while the answer is 503, as long as {@code wait} allows. */
  Answer getWaiting(String identity, Duration wait) throws IOException, InterruptedException {
    Instant deadline = clock.instant().plus(wait);
    while (true) {
      HttpResponse<String> response = send(identity);
      if (response.statusCode() != 503) {
        return new Answer(response.statusCode(), response.body());
      }
      long retryAfter =
          response.headers().firstValue("Retry-After").map(ProfileClient::seconds).orElse(2L);
      Instant next = clock.instant().plusSeconds(retryAfter);
      if (next.isAfter(deadline)) {
        return new Answer(response.statusCode(), response.body());
      }
      Thread.sleep(Duration.ofSeconds(retryAfter).toMillis());
    }
  }

  private HttpResponse<String> send(String identity) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + "/identities/" + encode(identity)))
            .timeout(REQUEST_TIMEOUT)
            .header("Authorization", "Bearer " + token)
            .header("Accept", "application/json")
            .GET()
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Percent-encodes every character but unreserved ones, so a SPIFFE id's slashes and colons reach
   * the server as part of the identity (URLEncoder would turn spaces into '+', which is literal in
   * a path).
   */
  static String encode(String identity) {
    StringBuilder encoded = new StringBuilder();
    for (byte b : identity.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~'
          || c == '@') {
        encoded.append((char) c);
      } else {
        encoded.append('%').append(String.format("%02X", c));
      }
    }
    return encoded.toString();
  }

  private static long seconds(String header) {
    try {
      return Math.max(1, Math.min(30, Long.parseLong(header.trim())));
    } catch (NumberFormatException e) {
      return 2;
    }
  }
}
