package dev.vigil.runtime.config;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one rule for what of the configuration may be shown: every printout and log line of a
 * setting's value goes through {@link #mask}.
 *
 * <p>A key is secret when one of its words (split at {@code .}, {@code _} and {@code -}) says so:
 * {@code password}, {@code passphrase}, {@code secret}, {@code credentials}, {@code jaas} (a JAAS
 * line carries the password), {@code user.info} (Confluent's {@code user:password}), or when it
 * ends in {@code token} or {@code key} (a value that is the token or the key material itself:
 * {@code ssl.keystore.key}, {@code vigil.fingerprint.key}). Keys that only say where credentials
 * come from ({@code basic.auth.credentials.source}) or name a topic or a class ({@code
 * vigil.topic.token.events}, {@code key.serializer}) do not end that way and stay visible, because
 * an operator needs them to debug a connection. Any other value is shown with the credentials of
 * URLs in it ({@code https://user:password@host}) masked.
 */
public final class ConfigSecrets {

  /** How a masked value is shown. */
  public static final String MASK = "****";

  private static final Set<String> SECRET_WORDS =
      Set.of("password", "passphrase", "secret", "credentials", "jaas");
  private static final Set<String> SECRET_LAST_WORDS = Set.of("token", "key", "apikey");
  private static final Pattern WORD_SEPARATOR = Pattern.compile("[._-]");

  /** {@code scheme://userinfo@}: the userinfo ends at the first {@code @} before any {@code /}. */
  private static final Pattern URL_CREDENTIALS =
      Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)[^/@\\s,]+@");

  private ConfigSecrets() {}

  public static boolean isSecret(String key) {
    String lower = key.toLowerCase(Locale.ROOT);
    List<String> words = List.of(WORD_SEPARATOR.split(lower));
    if (words.isEmpty()) {
      return false;
    }
    String last = words.get(words.size() - 1);
    if (last.equals("source")) {
      return false;
    }
    return lower.contains("user.info")
        || lower.contains("user_info")
        || words.stream().anyMatch(SECRET_WORDS::contains)
        || SECRET_LAST_WORDS.contains(last);
  }

  /** The value of {@code key} as it may be printed or logged. */
  public static String mask(String key, String value) {
    if (value == null) {
      return null;
    }
    if (isSecret(key)) {
      return value.isEmpty() ? value : MASK;
    }
    return maskUrlCredentials(value);
  }

  /** {@code https://****@host} for every {@code https://user:password@host} in {@code text}. */
  public static String maskUrlCredentials(String text) {
    return URL_CREDENTIALS.matcher(text).replaceAll("$1" + MASK + "@");
  }
}
