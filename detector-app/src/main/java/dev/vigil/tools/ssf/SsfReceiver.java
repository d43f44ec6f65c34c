package dev.vigil.tools.ssf;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A configured Shared Signals receiver: its push endpoint (RFC 8935), the {@code aud} its SETs
 * carry, and optionally the bearer token it wants, read from an environment variable.
 *
 * @param name short stable name ({@code [a-z0-9-]+}); keys the once-only store, so renaming a
 *     receiver makes it see every remembered SET as new
 * @param authorization the {@code Authorization} header value, or null
 */
public record SsfReceiver(String name, URI endpoint, String audience, String authorization) {

  private static final Pattern NAME = Pattern.compile("[a-z0-9-]+");

  public SsfReceiver {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("receiver name must match [a-z0-9-]+, was '" + name + "'");
    }
    Objects.requireNonNull(endpoint, "endpoint");
    String scheme = endpoint.getScheme();
    if (!"https".equalsIgnoreCase(scheme) && !"http".equalsIgnoreCase(scheme)) {
      throw new IllegalArgumentException(
          "receiver " + name + ": the push endpoint must be an http(s) URL, was " + endpoint);
    }
    if (audience == null || audience.isBlank()) {
      throw new IllegalArgumentException("receiver " + name + ": empty audience");
    }
  }

  /** The name under which deliveries to this receiver are remembered. */
  public String sinkName() {
    return "ssf-" + name;
  }

  /** Its stream id in the stream configuration endpoint and in verification events. */
  public String streamId() {
    return name;
  }

  /**
   * Parses {@code name=NAME,url=URL[,aud=AUDIENCE][,token-env=VAR]}: the audience defaults to the
   * URL; {@code token-env} names the environment variable holding the receiver's bearer token.
   */
  public static SsfReceiver parse(String spec, Function<String, String> environment) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (String part : spec.split(",")) {
      int eq = part.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            "--receiver takes name=NAME,url=URL[,aud=AUDIENCE][,token-env=VAR], got '"
                + spec
                + "'");
      }
      String key = part.substring(0, eq).trim();
      if (!Pattern.matches("name|url|aud|token-env", key)
          || fields.put(key, part.substring(eq + 1).trim()) != null) {
        throw new IllegalArgumentException(
            "--receiver: unknown or repeated field '" + key + "' in '" + spec + "'");
      }
    }
    if (!fields.containsKey("name") || !fields.containsKey("url")) {
      throw new IllegalArgumentException("--receiver needs name= and url=, got '" + spec + "'");
    }
    URI url = URI.create(fields.get("url"));
    String authorization = null;
    String tokenEnv = fields.get("token-env");
    if (tokenEnv != null) {
      String token = environment.apply(tokenEnv);
      if (token == null || token.isBlank()) {
        throw new IllegalArgumentException(
            "receiver "
                + fields.get("name")
                + ": environment variable "
                + tokenEnv
                + " is not set or empty");
      }
      authorization = "Bearer " + token.trim();
    }
    return new SsfReceiver(
        fields.get("name"), url, fields.getOrDefault("aud", url.toString()), authorization);
  }

  @Override
  public String toString() {
    return name + " (" + endpoint + ")";
  }
}
