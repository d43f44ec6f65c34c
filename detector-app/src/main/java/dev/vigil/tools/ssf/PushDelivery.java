package dev.vigil.tools.ssf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.tools.revoke.SinkResult;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One push delivery attempt (RFC 8935): {@code POST} the signed SET as {@code
 * application/secevent+jwt}. {@code 202 Accepted} is delivered; {@code 400} carries the receiver's
 * error JSON ({@code err}, {@code description}) and is final, as are other 4xx; 5xx, 408, 429, a
 * timeout or a refused connection may pass later. Redirects are not followed.
 */
public final class PushDelivery {

  public static final String CONTENT_TYPE = "application/secevent+jwt";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final HttpClient http;
  private final Duration timeout;

  public PushDelivery(Duration timeout) {
    this.timeout = timeout;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  public SinkResult push(SsfReceiver receiver, String set) throws InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(receiver.endpoint())
            .timeout(timeout)
            .header("Content-Type", CONTENT_TYPE)
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(set, StandardCharsets.US_ASCII));
    if (receiver.authorization() != null) {
      request.header("Authorization", receiver.authorization());
    }
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      return SinkResult.retryable(receiver.name() + " unreachable: " + e);
    }
    int status = response.statusCode();
    if (status == 202) {
      return SinkResult.delivered(receiver.name() + " accepted (202)");
    }
    if (status >= 200 && status < 300) {
      return SinkResult.delivered(
          receiver.name() + " answered " + status + " (RFC 8935 expects 202)");
    }
    if (status >= 500 || status == 408 || status == 429) {
      return SinkResult.retryable(receiver.name() + " answered " + status);
    }
    return SinkResult.rejected(receiver.name() + " answered " + status + describe(response.body()));
  }

  /** The RFC 8935 error object, {@code err} and {@code description}, when the body is one. */
  private static String describe(String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    try {
      JsonNode error = MAPPER.readTree(body);
      if (error.has("err")) {
        return ": "
            + error.get("err").asText()
            + (error.has("description") ? " (" + error.get("description").asText() + ")" : "");
      }
    } catch (IOException notJson) {
      // fall through to the raw text
    }
    return ": " + (body.length() > 200 ? body.substring(0, 200) : body);
  }
}
