package dev.vigil.adapters.common;

import java.util.Locale;

/**
 * The family of a user agent: its leading product token ({@code aws-cli/2.15 Python/3.11} → {@code
 * aws-cli}, {@code Boto3/1.34} → {@code boto3}, {@code kubectl/v1.29.1 (linux/amd64)} → {@code
 * kubectl}). A change of family for one credential is a weak replay signal: the client chooses its
 * user agent, but a stolen credential is usually driven by different tooling than the workload it
 * was issued to.
 */
public final class UserAgents {

  private static final int MAX = 64;

  private UserAgents() {}

  public static String family(String userAgent) {
    if (userAgent == null || userAgent.isBlank()) {
      return null;
    }
    String ua = userAgent.trim();
    if (ua.startsWith("[")) {
      // CloudTrail writes console and some SDK agents as "[aws-cli/2.0 ...]".
      ua = ua.substring(1);
    }
    int end = ua.length();
    for (int i = 0; i < ua.length(); i++) {
      char c = ua.charAt(i);
      if (c == '/' || c == ' ' || c == '_' || c == '(' || c == ';' || c == ']') {
        end = i;
        break;
      }
    }
    String family = ua.substring(0, Math.min(end, MAX)).toLowerCase(Locale.ROOT);
    return family.isEmpty() ? null : family;
  }
}
