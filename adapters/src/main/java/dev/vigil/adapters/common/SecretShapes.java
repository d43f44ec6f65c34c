package dev.vigil.adapters.common;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Last line of defence against a secret reaching an event. Adapters copy only fields that are not
 * secrets, but a few copied fields are free text a client controls (user agents, request paths,
 * names): a token pasted into a URL or a user agent would ride along. Text that holds a well-known
 * credential shape has that span replaced by {@link #REDACTED}.
 *
 * <p>Shapes: JWTs (which include Kubernetes service-account tokens and most OAuth access tokens),
 * AWS STS session tokens, Vault service and batch tokens (and a legacy {@code s.} token as a whole
 * value), GitHub tokens, Slack tokens, and anything after {@code Bearer }. AWS access key ids
 * ({@code AKIA…}/{@code ASIA…}) are not secrets and are left alone: they are the token ids.
 */
public final class SecretShapes {

  public static final String REDACTED = "[REDACTED]";

  private static final Pattern SECRET =
      Pattern.compile(
          "eyJ[A-Za-z0-9_-]{6,}\\.[A-Za-z0-9_-]{6,}\\.[A-Za-z0-9_-]*"
              + "|(?:FwoGZXIvYXdz|IQoJb3JpZ2lu|FQoGZXIvYXdz)[A-Za-z0-9/+=]{20,}"
              + "|\\bhv[sbr]\\.[A-Za-z0-9_-]{20,}"
              + "|\\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})"
              + "|\\bxox[abposr]-[A-Za-z0-9-]{10,}"
              + "|(?i:bearer)\\s+[A-Za-z0-9._~+/=-]{8,}");

  // Legacy Vault service tokens ("s." and 24 characters) are too short a shape to look for inside
  // text without false alarms; they are recognised when they are the whole value.
  private static final Pattern LEGACY_VAULT_TOKEN = Pattern.compile("s\\.[A-Za-z0-9]{24}");

  private SecretShapes() {}

  /** {@code text} with every secret-shaped span replaced; the same string when there is none. */
  public static String scrub(String text) {
    if (text == null || text.length() < 8) {
      return text;
    }
    if (text.length() == 26 && LEGACY_VAULT_TOKEN.matcher(text).matches()) {
      return REDACTED;
    }
    if (!mightHoldSecret(text)) {
      return text;
    }
    Matcher matcher = SECRET.matcher(text);
    return matcher.find() ? matcher.replaceAll(REDACTED) : text;
  }

  /**
   * A scan for the fixed prefixes the shapes start with, so ordinary text (nearly all of it) never
   * runs the regex: this is on the path of every copied field of every event.
   */
  static boolean mightHoldSecret(String text) {
    int n = text.length() - 3;
    for (int i = 0; i < n; i++) {
      switch (text.charAt(i)) {
        case 'e':
          if (text.startsWith("eyJ", i)) {
            return true;
          }
          break;
        case 'F':
          if (text.startsWith("FwoGZXIvYXdz", i) || text.startsWith("FQoGZXIvYXdz", i)) {
            return true;
          }
          break;
        case 'I':
          if (text.startsWith("IQoJb3JpZ2lu", i)) {
            return true;
          }
          break;
        case 'h':
          if (text.charAt(i + 1) == 'v' && text.charAt(i + 3) == '.') {
            return true;
          }
          break;
        case 'g':
          if (text.charAt(i + 1) == 'h'
              && (text.charAt(i + 3) == '_' || text.startsWith("github_pat_", i))) {
            return true;
          }
          break;
        case 'x':
          if (text.startsWith("xox", i)) {
            return true;
          }
          break;
        case 'b':
        case 'B':
          if ((text.charAt(i + 1) | 0x20) == 'e' && text.regionMatches(true, i, "bearer", 0, 6)) {
            return true;
          }
          break;
        default:
          break;
      }
    }
    return false;
  }

  /** Whether {@code text} holds a secret-shaped span. */
  public static boolean containsSecret(String text) {
    return text != null
        && (SECRET.matcher(text).find() || LEGACY_VAULT_TOKEN.matcher(text).matches());
  }
}
