package dev.vigil.adapters;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Token ids for credentials that only their secret identifies (a raw bearer token in an MCP
 * gateway's log, a Vault token when the audit device records no accessor, an Okta session id). The
 * id is HMAC-SHA256 of the secret under a key the operator configures, truncated to 128 bits:
 * stable across restarts and instances sharing the key, so the detectors can follow the token, yet
 * useless to anyone reading alerts or topics. A plain hash would let a reader confirm a guessed or
 * leaked token offline; the key prevents that.
 *
 * <p>Where a vendor names a token by an identifier that is not a secret (an AWS access key id, a
 * Kubernetes JTI, a Vault accessor, a GitHub {@code hashed_token}), adapters use that identifier
 * and never call this class. Thread-safe.
 */
public final class TokenFingerprints {

  /**
   * Prefix of every fingerprint, so a fingerprint is never mistaken for a vendor's own token id.
   */
  public static final String PREFIX = "hmac:";

  private static final int MIN_KEY_BYTES = 16;
  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private static final TokenFingerprints DISABLED = new TokenFingerprints(null);

  private final SecretKeySpec key;
  private final ThreadLocal<Mac> macs;

  private TokenFingerprints(byte[] key) {
    this.key = key == null ? null : new SecretKeySpec(key, "HmacSHA256");
    this.macs = key == null ? null : ThreadLocal.withInitial(this::newMac);
  }

  /** Fingerprints under {@code key}, at least 16 bytes (32 random bytes recommended). */
  public static TokenFingerprints withKey(byte[] key) {
    if (key == null || key.length < MIN_KEY_BYTES) {
      throw new IllegalArgumentException(
          "token fingerprint key must have at least " + MIN_KEY_BYTES + " bytes");
    }
    return new TokenFingerprints(Arrays.copyOf(key, key.length));
  }

  /**
   * No key configured: {@link #fingerprint} returns null, so a token known only by its secret is
   * mapped without a token id (and the adapters say so in the event's attributes) rather than keyed
   * by a guessable hash.
   */
  public static TokenFingerprints disabled() {
    return DISABLED;
  }

  public boolean enabled() {
    return key != null;
  }

  /**
   * {@code hmac:<32 hex digits>}, or null when disabled or when {@code secret} is null or blank.
   */
  public String fingerprint(String secret) {
    if (key == null || secret == null || secret.isBlank()) {
      return null;
    }
    byte[] mac = macs.get().doFinal(secret.getBytes(StandardCharsets.UTF_8));
    StringBuilder out = new StringBuilder(PREFIX.length() + 32).append(PREFIX);
    for (int i = 0; i < 16; i++) {
      out.append(HEX[(mac[i] >> 4) & 0xf]).append(HEX[mac[i] & 0xf]);
    }
    return out.toString();
  }

  /** Whether two secrets have the same fingerprint, in constant time. */
  public boolean sameToken(String secretA, String secretB) {
    String a = fingerprint(secretA);
    String b = fingerprint(secretB);
    return a != null
        && b != null
        && MessageDigest.isEqual(
            a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required of every Java runtime", e);
    }
  }

  @Override
  public String toString() {
    // Never the key.
    return enabled() ? "TokenFingerprints[HMAC-SHA256]" : "TokenFingerprints[disabled]";
  }
}
