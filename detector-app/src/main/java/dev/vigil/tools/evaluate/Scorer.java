package dev.vigil.tools.evaluate;

import dev.vigil.events.Detection;
import dev.vigil.tools.simulate.CampaignLabel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns alert verdicts and labels into per-detection and per-scenario scores. */
public final class Scorer {

  private static final long DAY = Duration.ofDays(1).toMillis();

  private Scorer() {}

  /**
   * Scores {@code verdicts} against {@code labels}; {@code watchingSince} is when Vigil started
   * (the first event of the run), from which the cold-start tables count days.
   */
  public static Evaluation score(
      long events, List<CampaignLabel> labels, List<AlertVerdict> verdicts, Instant watchingSince) {
    if (events < 0) {
      throw new IllegalArgumentException("events must not be negative, got " + events);
    }
    List<DetectionScore> detections = new ArrayList<>();
    Map<String, Duration> caught = new HashMap<>();
    for (Detection detection : Detection.values()) {
      detections.add(scoreDetection(detection, events, labels, verdicts, caught));
    }
    return new Evaluation(
        events,
        verdicts.size(),
        labels.size(),
        detections,
        scoreScenarios(labels, verdicts, caught),
        coldStart(labels, caught, watchingSince, false),
        coldStart(labels, caught, watchingSince, true));
  }

  /**
   * Recall by day of the attack: counted from {@code watchingSince} for identities that existed
   * before Vigil started; for identities created later ({@code young}), counted from their
   * creation, i.e. by the identity's age.
   */
  private static List<ColdStartRow> coldStart(
      List<CampaignLabel> labels, Map<String, Duration> caught, Instant since, boolean young) {
    List<ColdStartRow> rows = new ArrayList<>();
    for (Detection detection : Detection.values()) {
      int[] campaigns = new int[ColdStartRow.BUCKETS.size()];
      int[] detected = new int[campaigns.length];
      for (CampaignLabel label : labels) {
        if (!label.malicious()
            || label.detection() != detection
            || (label.identityCreated() != null) != young) {
          continue;
        }
        Instant from = young ? label.identityCreated() : since;
        long day = Math.floorDiv(Duration.between(from, label.attackStart()).toMillis(), DAY) + 1;
        int bucket = ColdStartRow.bucket(day);
        campaigns[bucket]++;
        if (caught.containsKey(label.campaignId())) {
          detected[bucket]++;
        }
      }
      rows.add(new ColdStartRow(detection, campaigns, detected));
    }
    return rows;
  }

  private static DetectionScore scoreDetection(
      Detection detection,
      long events,
      List<CampaignLabel> labels,
      List<AlertVerdict> verdicts,
      Map<String, Duration> caught) {
    List<CampaignLabel> attacks =
        labels.stream().filter(l -> l.detection() == detection && l.malicious()).toList();
    // Per campaign, the earliest evidence end among the alerts that caught it.
    Map<String, Duration> firstCatch = new HashMap<>();
    int alerts = 0;
    int truePositives = 0;
    int onOtherAttacks = 0;
    Map<FalseAlertCause, Integer> falseAlerts = new HashMap<>();
    for (AlertVerdict verdict : verdicts) {
      if (verdict.alert().getDetection() != detection) {
        continue;
      }
      alerts++;
      if (verdict.onAnotherAttack()) {
        onOtherAttacks++;
        continue;
      }
      if (!verdict.truePositive()) {
        falseAlerts.merge(verdict.cause(), 1, Integer::sum);
        continue;
      }
      truePositives++;
      for (CampaignLabel campaign : verdict.attacks()) {
        // From the campaign's first malicious event: what came before it (the token's issuance,
        // the task's completion) is not yet an attack.
        Duration delay = Duration.between(campaign.attackStart(), verdict.alert().getWindowEnd());
        // Evidence may end before the first malicious event only within the match tolerance; that
        // is an alert on the very first malicious event, detected at once.
        Duration clamped = delay.isNegative() ? Duration.ZERO : delay;
        firstCatch.merge(campaign.campaignId(), clamped, (a, b) -> a.compareTo(b) <= 0 ? a : b);
      }
    }
    int campaigns = attacks.size();
    int detected = firstCatch.size();
    caught.putAll(firstCatch);
    // An alert on another detection's attacker's action is no false alarm (see AlertVerdict).
    Double precision = alerts == 0 ? null : (truePositives + onOtherAttacks) / (double) alerts;
    Double recall = campaigns == 0 ? null : detected / (double) campaigns;
    Double f1 =
        precision == null || recall == null || precision + recall == 0
            ? null
            : 2 * precision * recall / (precision + recall);
    int falsePositives = alerts - truePositives - onOtherAttacks;
    double per10k = events == 0 ? 0 : falsePositives * 10_000.0 / events;
    List<Duration> delays = new ArrayList<>(firstCatch.values());
    delays.sort(Comparator.naturalOrder());
    return new DetectionScore(
        detection,
        campaigns,
        detected,
        alerts,
        truePositives,
        onOtherAttacks,
        falseAlerts.getOrDefault(FalseAlertCause.LOOK_ALIKE, 0),
        falseAlerts.getOrDefault(FalseAlertCause.OTHER_ATTACK, 0),
        falseAlerts.getOrDefault(FalseAlertCause.BACKGROUND, 0),
        precision,
        recall,
        f1,
        per10k,
        percentile(delays, 50),
        percentile(delays, 95));
  }

  private static List<ScenarioScore> scoreScenarios(
      List<CampaignLabel> labels, List<AlertVerdict> verdicts, Map<String, Duration> caught) {
    Map<String, Integer> alertsByCampaign = new HashMap<>();
    for (AlertVerdict verdict : verdicts) {
      for (CampaignLabel label : verdict.attacks()) {
        alertsByCampaign.merge(label.campaignId(), 1, Integer::sum);
      }
      if (!verdict.right()) {
        // A look-alike is flagged by a false alert only: an alert on an attack that also overlaps
        // a look-alike (an attack on an identity waking after the outage) is no alarm.
        for (CampaignLabel label : verdict.lookAlikes()) {
          alertsByCampaign.merge(label.campaignId(), 1, Integer::sum);
        }
      }
    }
    Map<String, List<CampaignLabel>> byScenario = new HashMap<>();
    for (CampaignLabel label : labels) {
      byScenario.computeIfAbsent(label.scenario(), s -> new ArrayList<>()).add(label);
    }
    List<ScenarioScore> rows = new ArrayList<>();
    for (List<CampaignLabel> campaigns : byScenario.values()) {
      CampaignLabel first = campaigns.get(0);
      Set<String> flagged = new HashSet<>();
      int alerts = 0;
      List<Duration> delays = new ArrayList<>();
      for (CampaignLabel campaign : campaigns) {
        if (caught.containsKey(campaign.campaignId())) {
          delays.add(caught.get(campaign.campaignId()));
        }
        int n = alertsByCampaign.getOrDefault(campaign.campaignId(), 0);
        alerts += n;
        if (n > 0) {
          flagged.add(campaign.campaignId());
        }
      }
      rows.add(
          new ScenarioScore(
              first.scenario(),
              first.detection(),
              first.malicious(),
              campaigns.size(),
              flagged.size(),
              alerts,
              first.malicious() ? percentile(delays.stream().sorted().toList(), 95) : null));
    }
    rows.sort(
        Comparator.comparing((ScenarioScore s) -> !s.malicious())
            .thenComparing(ScenarioScore::detection)
            .thenComparing(ScenarioScore::scenario));
    return rows;
  }

  /** Nearest-rank percentile of a sorted list; null when empty. */
  static Duration percentile(List<Duration> sorted, int percent) {
    if (sorted.isEmpty()) {
      return null;
    }
    int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }
}
