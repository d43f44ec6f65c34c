package dev.vigil.runtime.query;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * The shared secret of the query endpoints ({@code vigil.http.query.token}), presented as {@code
 * Authorization: Bearer <token>}. Compared in constant time, so how long a refusal takes says
 * nothing about how close a guess came; never printed.
 */
public final class BearerToken {

  private static final String PREFIX = "bearer ";

  private final byte[] secret;

  public BearerToken(String token) {
    Objects.requireNonNull(token, "token");
    if (token.isBlank()) {
      throw new IllegalArgumentException("the query token is blank");
    }
    this.secret = token.getBytes(StandardCharsets.UTF_8);
  }

  /** Whether an {@code Authorization} header (null when absent) carries this token. */
  public boolean matches(String authorization) {
    if (authorization == null
        || authorization.length() < PREFIX.length()
        || !authorization.substring(0, PREFIX.length()).equalsIgnoreCase(PREFIX)) {
      return false;
    }
    byte[] offered =
        authorization.substring(PREFIX.length()).strip().getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(secret, offered);
  }

  @Override
  public String toString() {
    return "BearerToken[hidden]";
  }
}
