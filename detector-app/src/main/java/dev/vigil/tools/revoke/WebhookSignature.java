package dev.vigil.tools.revoke;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code X-Vigil-Signature} header: {@code sha256=<lowercase hex HMAC-SHA256 of the raw request
 * body, keyed with the shared secret>}. Receivers recompute it over the bytes they received (before
 * any JSON parsing) and compare in constant time with {@link #verify}.
 */
public final class WebhookSignature {

  public static final String HEADER = "X-Vigil-Signature";
  public static final String PREFIX = "sha256=";
  private static final String ALGORITHM = "HmacSHA256";

  private WebhookSignature() {}

  public static String sign(byte[] body, byte[] secret) {
    if (secret == null || secret.length == 0) {
      throw new IllegalArgumentException("the webhook secret is empty");
    }
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(secret, ALGORITHM));
      return PREFIX + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available in this JVM", e);
    }
  }

  /** Whether {@code header} is the signature of {@code body} under {@code secret}. */
  public static boolean verify(byte[] body, byte[] secret, String header) {
    if (header == null) {
      return false;
    }
    byte[] expected = sign(body, secret).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, header.trim().getBytes(StandardCharsets.US_ASCII));
  }
}
