package dev.vigil.adapters.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Reads the claims of a JWT some vendors log whole (a Kubernetes TokenRequest response at
 * RequestResponse audit level). Only the payload's non-secret claims ({@code jti}, {@code exp},
 * {@code aud}, bound-object claims) are used; the token itself is never kept or copied, and its
 * signature is not checked: the claims only name the token, they grant nothing here.
 */
public final class Jwts {

  private Jwts() {}

  /** The payload claims, or a missing node when {@code token} is not a JWT. */
  public static JsonNode claims(String token) {
    if (token == null) {
      return MissingNode.getInstance();
    }
    int first = token.indexOf('.');
    int second = first < 0 ? -1 : token.indexOf('.', first + 1);
    if (first <= 0 || second <= first + 1) {
      return MissingNode.getInstance();
    }
    try {
      byte[] payload =
          Base64.getUrlDecoder().decode(stripPadding(token.substring(first + 1, second)));
      JsonNode claims = Json.parseOrNull(new String(payload, StandardCharsets.UTF_8));
      return claims != null && claims.isObject() ? claims : MissingNode.getInstance();
    } catch (IllegalArgumentException e) {
      return MissingNode.getInstance();
    }
  }

  private static String stripPadding(String part) {
    int end = part.length();
    while (end > 0 && part.charAt(end - 1) == '=') {
      end--;
    }
    return part.substring(0, end);
  }
}
