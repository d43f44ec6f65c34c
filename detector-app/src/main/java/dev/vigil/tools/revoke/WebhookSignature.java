package dev.vigil.tools.revoke;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code X-Vigil-Signature} header: {@code v1=<lowercase hex HMAC-SHA256, keyed with the shared
 * secret, of the X-Vigil-Timestamp value, a '.', and the raw request body>}.
 *
 * <p>Signing the timestamp with the body means a captured request cannot be replayed later with a
 * fresh timestamp: a receiver that refuses timestamps older than a few minutes ({@link #verify})
 * refuses the replay. Receivers recompute the MAC over the bytes they received, before any JSON
 * parsing, and compare in constant time.
 */
public final class WebhookSignature {

  public static final String HEADER = "X-Vigil-Signature";
  public static final String TIMESTAMP_HEADER = "X-Vigil-Timestamp";
  public static final String PREFIX = "v1=";

  /** How far a receiver should let a timestamp be from its own clock, either way. */
  public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

  private static final String ALGORITHM = "HmacSHA256";

  private WebhookSignature() {}

  /** The signature of {@code body} sent at {@code timestamp} (Unix seconds, as in the header). */
  public static String sign(String timestamp, byte[] body, byte[] secret) {
    if (secret == null || secret.length == 0) {
      throw new IllegalArgumentException("the webhook secret is empty");
    }
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(secret, ALGORITHM));
      mac.update(timestamp.getBytes(StandardCharsets.US_ASCII));
      mac.update((byte) '.');
      return PREFIX + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available in this JVM", e);
    }
  }

  /**
   * What a receiver checks: {@code signature} is the signature of {@code body} at {@code timestamp}
   * under {@code secret}, and {@code timestamp} is within {@code tolerance} of {@code now}.
   */
  public static boolean verify(
      String timestamp,
      byte[] body,
      byte[] secret,
      String signature,
      Instant now,
      Duration tolerance) {
    if (timestamp == null || signature == null) {
      return false;
    }
    long seconds;
    try {
      seconds = Long.parseLong(timestamp.trim());
    } catch (NumberFormatException e) {
      return false;
    }
    if (Math.abs(now.getEpochSecond() - seconds) > tolerance.toSeconds()) {
      return false;
    }
    byte[] expected = sign(timestamp.trim(), body, secret).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, signature.trim().getBytes(StandardCharsets.US_ASCII));
  }
}
