package dev.vigil.tools.demo;

import dev.vigil.events.Alert;
import dev.vigil.events.RevocationCommand;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * One line per alert, revocation command, dead letter or risk record, readable at a glance in a
 * terminal (the demo's console and {@code vigil tail}):
 *
 * <pre>
 * 18:02:41 ALERT  CRITICAL TOKEN_REPLAY           replay-attested-context-mismatch  identity=spiffe://…/sa/fraud-h token=tok-b452… | summary
 * 18:02:41 REVOKE REVOKE_TOKEN     target=token tok-b452… of spiffe://…/sa/fraud-h dry-run=false | reason
 * 18:02:41 DLQ    source=identity.auth-events/2@1841 key=svc-ci bytes=7 | reason
 * 18:02:41 RISK   key=svc-ci | {"identity_id": "svc-ci", ...}
 * </pre>
 */
public final class ConsoleLines {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

  private ConsoleLines() {}

  /** An alert; a retrospective one (history read during the warm-up) says so at the end. */
  public static String alert(Alert alert) {
    return String.format(
        Locale.ROOT,
        "%s ALERT  %-8s %-22s %-34s identity=%s token=%s | %s%s",
        time(alert.getDetectedAt()),
        alert.getSeverity(),
        alert.getDetection(),
        alert.getRuleId(),
        alert.getIdentityId(),
        orDash(alert.getTokenId()),
        alert.getSummary(),
        alert.getRetrospective() ? " [retrospective: before go-live, no command]" : "");
  }

  /**
   * An alert as the demo prints it: whether it fired on an injected attack, a look-alike or
   * ordinary traffic after the time, and which campaign at the end.
   *
   * <pre>
   * 18:02:41 ALERT  attack     CRITICAL TOKEN_REPLAY  replay-…  identity=… token=… | summary [camp-001 bound_token_other_workload]
   * </pre>
   */
  static String labelledAlert(Alert alert, DemoScore.Verdict verdict) {
    String kind = verdict.kind().name().toLowerCase(Locale.ROOT).replace('_', '-');
    String line = alert(alert);
    int afterTag = line.indexOf(" ALERT  ") + " ALERT  ".length();
    return String.format(
        Locale.ROOT,
        "%s%-10s %s [%s]",
        line.substring(0, afterTag),
        kind,
        line.substring(afterTag),
        verdict.note());
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

  /**
   * A dead letter: where it came from and how large its value was, with the reason it was
   * dead-lettered; never the bytes themselves.
   *
   * @param sourceTopic source topic, partition and offset as the dead letter's headers give them
   *     (null when a header is absent)
   * @param key the record key as text (null when there is none)
   * @param valueBytes length of the original value, or -1 for none
   */
  public static String deadLetter(
      Instant time,
      String sourceTopic,
      String sourcePartition,
      String sourceOffset,
      String key,
      int valueBytes,
      String reason) {
    return String.format(
        Locale.ROOT,
        "%s DLQ    source=%s/%s@%s key=%s bytes=%s | %s",
        time(time),
        orQuestion(sourceTopic),
        orQuestion(sourcePartition),
        orQuestion(sourceOffset),
        orDash(key),
        valueBytes < 0 ? "none" : Integer.toString(valueBytes),
        reason == null ? "(no vigil.dlq.reason header)" : reason);
  }

  /** A record of the risk topic: its key and its value as JSON (or what is known of it). */
  public static String risk(Instant time, String key, String value) {
    return String.format(Locale.ROOT, "%s RISK   key=%s | %s", time(time), orDash(key), value);
  }

  /** {@code HH:mm:ss} in UTC, the time column of every line. */
  public static String time(Instant instant) {
    return instant == null ? "--:--:--" : TIME.format(instant);
  }

  private static String orQuestion(String value) {
    return value == null || value.isEmpty() ? "?" : value;
  }

  private static String orDash(String value) {
    return value == null || value.isEmpty() ? "-" : value;
  }
}
