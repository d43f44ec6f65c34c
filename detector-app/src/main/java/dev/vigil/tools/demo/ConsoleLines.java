package dev.vigil.tools.demo;

import dev.vigil.events.Alert;
import dev.vigil.events.RevocationCommand;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * One line per alert or revocation command, readable at a glance in a terminal:
 *
 * <pre>
 * 18:02:41 ALERT  CRITICAL TOKEN_REPLAY           replay-attested-context-mismatch  identity=spiffe://…/sa/fraud-h token=tok-b452… | summary
 * 18:02:41 REVOKE REVOKE_TOKEN     target=token tok-b452… of spiffe://…/sa/fraud-h dry-run=false | reason
 * </pre>
 */
public final class ConsoleLines {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

  private ConsoleLines() {}

  public static String alert(Alert alert) {
    return String.format(
        Locale.ROOT,
        "%s ALERT  %-8s %-22s %-34s identity=%s token=%s | %s",
        time(alert.getDetectedAt()),
        alert.getSeverity(),
        alert.getDetection(),
        alert.getRuleId(),
        alert.getIdentityId(),
        orDash(alert.getTokenId()),
        alert.getSummary());
  }

  public static String command(RevocationCommand command) {
    // The target is what the action acts on: one token, or every session or the whole identity.
    String target =
        switch (command.getAction()) {
          case REVOKE_TOKEN ->
              "token " + orDash(command.getTokenId()) + " of " + command.getIdentityId();
          case REVOKE_SESSIONS, DISABLE_IDENTITY -> "identity " + command.getIdentityId();
        };
    return String.format(
        Locale.ROOT,
        "%s REVOKE %-16s target=%s dry-run=%s | %s",
        time(command.getIssuedAt()),
        command.getAction(),
        target,
        command.getDryRun(),
        command.getReason());
  }

  /** {@code HH:mm:ss} in UTC, the time column of every line. */
  public static String time(Instant instant) {
    return instant == null ? "--:--:--" : TIME.format(instant);
  }

  private static String orDash(String value) {
    return value == null || value.isEmpty() ? "-" : value;
  }
}
