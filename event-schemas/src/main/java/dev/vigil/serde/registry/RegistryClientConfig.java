package dev.vigil.serde.registry;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The registry part of a serde configuration, read from Confluent's keys: {@code
 * schema.registry.url} (comma-separated; {@code mock://scope} for the in-memory registry), {@code
 * basic.auth.credentials.source} ({@code USER_INFO} or {@code URL}) with {@code
 * basic.auth.user.info}, {@code max.retries}, {@code retries.wait.ms}, {@code retries.max.wait.ms},
 * {@code http.connect.timeout.ms}, {@code http.read.timeout.ms} and {@code latest.cache.ttl.sec}
 * (-1: keep the latest version forever).
 */
public record RegistryClientConfig(
    List<URI> urls,
    Optional<String> userInfo,
    RetryPolicy retry,
    Duration connectTimeout,
    Duration readTimeout,
    Optional<Duration> latestCacheTtl) {

  public static final String URL = "schema.registry.url";
  public static final String CREDENTIALS_SOURCE = "basic.auth.credentials.source";
  public static final String USER_INFO = "basic.auth.user.info";
  public static final String MAX_RETRIES = "max.retries";
  public static final String RETRIES_WAIT_MS = "retries.wait.ms";
  public static final String RETRIES_MAX_WAIT_MS = "retries.max.wait.ms";
  public static final String CONNECT_TIMEOUT_MS = "http.connect.timeout.ms";
  public static final String READ_TIMEOUT_MS = "http.read.timeout.ms";
  public static final String LATEST_CACHE_TTL_SEC = "latest.cache.ttl.sec";

  private static final String MOCK_SCHEME = "mock";

  public RegistryClientConfig {
    urls = List.copyOf(urls);
    if (urls.isEmpty()) {
      throw new IllegalArgumentException(URL + " names no registry");
    }
    boolean mock = MOCK_SCHEME.equals(urls.get(0).getScheme());
    for (URI url : urls) {
      if (MOCK_SCHEME.equals(url.getScheme()) != mock) {
        throw new IllegalArgumentException(URL + " mixes mock:// and real registries: " + urls);
      }
    }
  }

  /** Reads the registry keys of a Kafka serde configuration. */
  public static RegistryClientConfig from(Map<String, ?> config) {
    List<String> rawUrls = strings(config.get(URL));
    if (rawUrls.isEmpty()) {
      throw new IllegalArgumentException("missing required configuration '" + URL + "'");
    }
    List<URI> urls = new ArrayList<>();
    String urlUserInfo = null;
    for (String raw : rawUrls) {
      URI uri = parse(raw);
      if (uri.getRawUserInfo() != null) {
        urlUserInfo = uri.getUserInfo();
        uri = withoutUserInfo(uri);
      }
      urls.add(uri);
    }
    String source =
        text(value(config, CREDENTIALS_SOURCE), "URL").toUpperCase(java.util.Locale.ROOT);
    Optional<String> userInfo;
    switch (source) {
      case "URL":
        userInfo = Optional.ofNullable(urlUserInfo);
        break;
      case "USER_INFO":
        String info = text(value(config, USER_INFO), null);
        if (info == null || info.isEmpty()) {
          throw new IllegalArgumentException(
              CREDENTIALS_SOURCE + "=USER_INFO needs '" + USER_INFO + "' (user:password)");
        }
        if (!info.contains(":")) {
          throw new IllegalArgumentException(USER_INFO + " must be user:password");
        }
        userInfo = Optional.of(info);
        break;
      default:
        throw new IllegalArgumentException(
            CREDENTIALS_SOURCE + " '" + source + "' is not supported: use USER_INFO or URL");
    }
    RetryPolicy retry =
        new RetryPolicy(
            (int) number(config, MAX_RETRIES, RetryPolicy.DEFAULT.maxRetries()),
            Duration.ofMillis(
                number(config, RETRIES_WAIT_MS, RetryPolicy.DEFAULT.initialWait().toMillis())),
            Duration.ofMillis(
                number(config, RETRIES_MAX_WAIT_MS, RetryPolicy.DEFAULT.maxWait().toMillis())));
    long ttl = number(config, LATEST_CACHE_TTL_SEC, -1);
    return new RegistryClientConfig(
        urls,
        userInfo,
        retry,
        Duration.ofMillis(number(config, CONNECT_TIMEOUT_MS, 60_000)),
        Duration.ofMillis(number(config, READ_TIMEOUT_MS, 60_000)),
        ttl < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(ttl)));
  }

  /** True for {@code mock://scope}. */
  public boolean isMock() {
    return MOCK_SCHEME.equals(urls.get(0).getScheme());
  }

  /**
   * The scope of a {@code mock://scope} URL: serdes naming the same scope share one in-memory
   * registry.
   */
  public String mockScope() {
    String text = urls.get(0).toString();
    return text.substring((MOCK_SCHEME + "://").length());
  }

  private static URI parse(String raw) {
    try {
      URI uri = new URI(raw.strip());
      String scheme = uri.getScheme();
      if (scheme == null
          || !(scheme.equals("http") || scheme.equals("https") || scheme.equals(MOCK_SCHEME))) {
        throw new IllegalArgumentException(
            URL + " entry '" + raw + "' must start with http://, https:// or mock://");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          URL + " entry '" + raw + "' is not a URL: " + e.getMessage(), e);
    }
  }

  private static URI withoutUserInfo(URI uri) {
    try {
      return new URI(
          uri.getScheme(),
          null,
          uri.getHost(),
          uri.getPort(),
          uri.getPath(),
          uri.getQuery(),
          uri.getFragment());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          URL + " entry '" + uri + "' is not a URL: " + e.getMessage(), e);
    }
  }

  private static List<String> strings(Object value) {
    List<String> out = new ArrayList<>();
    if (value instanceof Collection<?>) {
      for (Object item : (Collection<?>) value) {
        out.addAll(strings(item));
      }
    } else if (value != null) {
      for (String part : value.toString().split(",")) {
        if (!part.isBlank()) {
          out.add(part.strip());
        }
      }
    }
    return out;
  }

  /**
   * A key as serdes see it, or with the {@code schema.registry.} prefix Confluent's clients also
   * accept (handy when one producer configuration holds Kafka's own {@code basic.auth} settings
   * too).
   */
  private static Object value(Map<String, ?> config, String key) {
    Object plain = config.get(key);
    return plain != null ? plain : config.get("schema.registry." + key);
  }

  private static String text(Object value, String fallback) {
    return value == null ? fallback : value.toString().strip();
  }

  private static long number(Map<String, ?> config, String key, long fallback) {
    Object value = config.get(key);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Number) {
      return ((Number) value).longValue();
    }
    try {
      return Long.parseLong(value.toString().strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "configuration '" + key + "' must be a whole number, got '" + value + "'", e);
    }
  }
}
