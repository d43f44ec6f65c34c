package dev.vigil.tools.demo;

import dev.vigil.events.Alert;
import dev.vigil.events.Detection;
import dev.vigil.tools.evaluate.AlertVerdict;
import dev.vigil.tools.evaluate.CampaignMatcher;
import dev.vigil.tools.simulate.CampaignLabel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The demo knows what it injected: every alert is judged against the campaign labels as {@code
 * vigil evaluate} judges it ({@link CampaignMatcher}), and the closing table counts, per detection,
 * the attacks caught, those missed and the false alerts. An alert on an attack of another detection
 * (a fan-out that also used a new privilege) fired on malicious traffic: it is reported as such,
 * not as a false alert.
 */
final class DemoScore {

  /** What an alert line says about it. */
  enum Kind {
    /** On an injected attack (of its own detection or another). */
    ATTACK,
    /** On a benign look-alike the simulator planted: a false alert. */
    LOOK_ALIKE,
    /** On ordinary traffic, no campaign at all: a false alert. */
    ORDINARY
  }

  /** One alert judged: its kind and the note the alert line ends with. */
  record Verdict(Kind kind, String note) {}

  /**
   * An attack that played out this shortly before the demo stopped is not counted as missed: its
   * alert may still be on its way. Counted from the attack's last event, not its first: an attack
   * whose first act cannot be told from routine (a dormant identity minting a token) is judged at
   * the calls that follow it.
   */
  static final Duration JUDGING_DELAY = Duration.ofSeconds(10);

  private final List<CampaignLabel> attacks;
  private final CampaignMatcher matcher;
  private final Instant demoStart;
  private final Set<String> caught = new HashSet<>();
  private final Map<Detection, Long> falseAlerts = new EnumMap<>(Detection.class);
  private final Map<Detection, Duration> firstTrueAlert = new EnumMap<>(Detection.class);
  private final Map<Kind, Long> byKind = new EnumMap<>(Kind.class);
  private long onOtherAttacks;
  private long fromHistory;

  /**
   * @param labels every campaign of the demo's estate
   * @param demoStart the moment live traffic began: alerts are timed from it, and an alert whose
   *     evidence ends before it was raised by the pre-loaded history
   */
  DemoScore(List<CampaignLabel> labels, Instant demoStart) {
    this.attacks = labels.stream().filter(CampaignLabel::malicious).toList();
    this.matcher = new CampaignMatcher(labels, CampaignMatcher.DEFAULT_TOLERANCE);
    this.demoStart = demoStart;
  }

  /** Judges one alert, printed at {@code now}, and remembers the verdict for the table. */
  synchronized Verdict judge(Alert alert, Instant now) {
    AlertVerdict verdict = matcher.judge(alert);
    if (alert.getWindowEnd().isBefore(demoStart)) {
      fromHistory++;
    }
    Kind kind;
    String note;
    if (verdict.truePositive()) {
      kind = Kind.ATTACK;
      verdict.attacks().forEach(label -> caught.add(label.campaignId()));
      firstTrueAlert.putIfAbsent(alert.getDetection(), Duration.between(demoStart, now));
      note = describe(verdict.attacks());
    } else if (!verdict.lookAlikes().isEmpty()) {
      kind = Kind.LOOK_ALIKE;
      falseAlerts.merge(alert.getDetection(), 1L, Long::sum);
      note = "FALSE ALERT on look-alike " + describe(verdict.lookAlikes());
    } else if (!verdict.otherAttacks().isEmpty()) {
      kind = Kind.ATTACK;
      onOtherAttacks++;
      CampaignLabel other = verdict.otherAttacks().get(0);
      note = describe(verdict.otherAttacks()) + ", a " + other.detection() + " attack";
    } else {
      kind = Kind.ORDINARY;
      falseAlerts.merge(alert.getDetection(), 1L, Long::sum);
      note = "FALSE ALERT on ordinary traffic";
    }
    byKind.merge(kind, 1L, Long::sum);
    return new Verdict(kind, note);
  }

  /** When every attack has played out and had {@link #JUDGING_DELAY} to be alerted on. */
  Instant everyAttackJudgeable() {
    Instant last = demoStart;
    for (CampaignLabel attack : attacks) {
      if (attack.end().isAfter(last)) {
        last = attack.end();
      }
    }
    return last.plus(JUDGING_DELAY);
  }

  /** A campaign as the demo's lines name it: its id and scenario. */
  private static String name(CampaignLabel label) {
    return label.campaignId() + " " + label.scenario();
  }

  private static String describe(List<CampaignLabel> labels) {
    List<String> parts = new ArrayList<>();
    for (CampaignLabel label : labels) {
      parts.add(name(label));
    }
    return String.join(", ", parts);
  }

  /**
   * The closing table: per detection the attacks injected, caught, missed (played out at least
   * {@link #JUDGING_DELAY} before {@code stoppedAt} without an alert), still to come, false alerts
   * and the first alert that caught an attack; then the attacks missed, by name, and where all
   * alerts came from.
   */
  synchronized List<String> table(Instant stoppedAt) {
    List<String> lines = new ArrayList<>();
    lines.add(
        String.format(
            Locale.ROOT,
            "%-24s %7s %7s %7s %8s %12s  %s",
            "detection",
            "attacks",
            "caught",
            "missed",
            "to come",
            "false alerts",
            "first caught"));
    long[] total = new long[5];
    List<CampaignLabel> missedAttacks = new ArrayList<>();
    for (Detection detection : Detection.values()) {
      long injected = 0;
      long hit = 0;
      long missed = 0;
      long toCome = 0;
      for (CampaignLabel attack : attacks) {
        if (attack.detection() != detection) {
          continue;
        }
        injected++;
        if (caught.contains(attack.campaignId())) {
          hit++;
        } else if (attack.end().plus(JUDGING_DELAY).isAfter(stoppedAt)) {
          toCome++;
        } else {
          missed++;
          missedAttacks.add(attack);
        }
      }
      long wrong = falseAlerts.getOrDefault(detection, 0L);
      Duration first = firstTrueAlert.get(detection);
      lines.add(
          String.format(
              Locale.ROOT,
              "%-24s %7d %7d %7d %8d %12d  %s",
              detection,
              injected,
              hit,
              missed,
              toCome,
              wrong,
              first == null
                  ? "-"
                  : String.format(Locale.ROOT, "%.1f s", first.toMillis() / 1000.0)));
      long[] row = {injected, hit, missed, toCome, wrong};
      for (int i = 0; i < row.length; i++) {
        total[i] += row[i];
      }
    }
    lines.add(
        String.format(
            Locale.ROOT,
            "%-24s %7d %7d %7d %8d %12d",
            "all",
            total[0],
            total[1],
            total[2],
            total[3],
            total[4]));
    if (!missedAttacks.isEmpty()) {
      // Named: a count alone does not say which attack to look into.
      List<String> named = new ArrayList<>();
      for (CampaignLabel attack : missedAttacks) {
        named.add(name(attack) + " on " + attack.identityId() + " (" + attack.detection() + ")");
      }
      lines.add("Missed: " + String.join("; ", named) + ".");
    }
    lines.add(
        String.format(
            Locale.ROOT,
            "Alerts: %d on injected attacks (%d of them on another detection's attack), %d on"
                + " look-alikes, %d on ordinary traffic; %d raised by the pre-loaded history.",
            byKind.getOrDefault(Kind.ATTACK, 0L),
            onOtherAttacks,
            byKind.getOrDefault(Kind.LOOK_ALIKE, 0L),
            byKind.getOrDefault(Kind.ORDINARY, 0L),
            fromHistory));
    return lines;
  }
}
