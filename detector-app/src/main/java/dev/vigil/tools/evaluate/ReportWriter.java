package dev.vigil.tools.evaluate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Locale;

/** Renders an {@link Evaluation} as a Markdown report or as JSON. */
public final class ReportWriter {

  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ReportWriter() {}

  public static String markdown(Evaluation e, String setup) {
    StringBuilder md = new StringBuilder();
    md.append("## Detection quality\n\n").append(setup).append("\n\n");
    md.append(
        String.format(
            Locale.ROOT,
            "%,d events, %d campaigns, %d alerts.%n%n",
            e.events(),
            e.campaigns(),
            e.alerts()));
    md.append(
        "| detection | campaigns | detected | alerts | TP | TP on another detection's attack | FP"
            + " (look-alike / other attack / background) | precision | recall | F1 | false alerts"
            + " per 10k events | time to detect median | p95 |\n");
    md.append("|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|\n");
    for (DetectionScore d : e.detections()) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %d | %d | %d | %d | %d (%d / %d / %d) | %s | %s | %s | %.2f | %s | %s |%n",
              d.detection(),
              d.campaigns(),
              d.detected(),
              d.alerts(),
              d.truePositives(),
              d.otherAttackTruePositives(),
              d.falsePositives(),
              d.lookAlikeAlerts(),
              d.otherAttackAlerts(),
              d.backgroundAlerts(),
              ratio(d.precision()),
              ratio(d.recall()),
              ratio(d.f1()),
              d.falseAlertsPer10k(),
              duration(d.timeToDetectMedian()),
              duration(d.timeToDetectP95())));
    }
    md.append("\n### Scenarios\n\n");
    md.append(
        "| scenario | kind | detection | campaigns | flagged | missed / quiet | matching alerts |"
            + " time to detect p95 |\n");
    md.append("|---|---|---|---:|---:|---:|---:|---:|\n");
    for (ScenarioScore s : e.scenarios()) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s | %d | %d | %d | %d | %s |%n",
              s.scenario(),
              s.malicious() ? "attack" : "look-alike",
              s.detection(),
              s.campaigns(),
              s.flagged(),
              s.missed(),
              s.alerts(),
              s.malicious() ? duration(s.timeToDetectP95()) : ""));
    }
    md.append(
        "\nFor an attack, *flagged* campaigns were caught and *missed / quiet* were missed; for a benign"
            + " look-alike, *flagged* campaigns raised a false alert (of any detection) and *missed /"
            + " quiet* stayed quiet. Time to detect runs from each attack's first malicious event.\n");
    coldStart(
        md,
        "Cold start: recall by days since Vigil started",
        "Attacks on identities that existed before Vigil started, by the day of the run the attack"
            + " began (day 1 = its first 24 hours): detected / campaigns.",
        e.coldStart());
    coldStart(
        md,
        "New identities: recall by the identity's age",
        "Attacks on identities created after Vigil started, by the identity's age when the attack"
            + " began: detected / campaigns.",
        e.newIdentities());
    return md.toString();
  }

  private static void coldStart(
      StringBuilder md, String title, String explanation, java.util.List<ColdStartRow> rows) {
    if (rows.stream().allMatch(r -> java.util.Arrays.stream(r.campaigns()).sum() == 0)) {
      return;
    }
    md.append("\n### ").append(title).append("\n\n").append(explanation).append("\n\n");
    md.append("| detection |");
    ColdStartRow.BUCKETS.forEach(b -> md.append(' ').append(b).append(" |"));
    md.append(" from day 4 |\n|---|");
    ColdStartRow.BUCKETS.forEach(b -> md.append("---:|"));
    md.append("---:|\n");
    for (ColdStartRow row : rows) {
      md.append("| ").append(row.detection()).append(" |");
      for (int b = 0; b < ColdStartRow.BUCKETS.size(); b++) {
        md.append(' ').append(cell(row.detected()[b], row.campaigns()[b])).append(" |");
      }
      int n = 0;
      int d = 0;
      for (int b = 2; b < ColdStartRow.BUCKETS.size(); b++) {
        n += row.campaigns()[b];
        d += row.detected()[b];
      }
      md.append(' ').append(cell(d, n)).append(" |\n");
    }
  }

  private static String cell(int detected, int campaigns) {
    return campaigns == 0
        ? "-"
        : String.format(
            Locale.ROOT, "%d/%d (%.2f)", detected, campaigns, detected / (double) campaigns);
  }

  public static String json(Evaluation e, String setup) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("setup", setup);
    root.put("events", e.events());
    root.put("campaigns", e.campaigns());
    root.put("alerts", e.alerts());
    ArrayNode detections = root.putArray("detections");
    for (DetectionScore d : e.detections()) {
      ObjectNode n = detections.addObject();
      n.put("detection", d.detection().name());
      n.put("campaigns", d.campaigns());
      n.put("detected", d.detected());
      n.put("alerts", d.alerts());
      n.put("true_positives", d.truePositives());
      n.put("true_positives_other_attack", d.otherAttackTruePositives());
      n.put("false_positives", d.falsePositives());
      n.put("false_positives_look_alike", d.lookAlikeAlerts());
      n.put("false_positives_other_attack", d.otherAttackAlerts());
      n.put("false_positives_background", d.backgroundAlerts());
      n.put("precision", d.precision());
      n.put("recall", d.recall());
      n.put("f1", d.f1());
      n.put("false_alerts_per_10k_events", d.falseAlertsPer10k());
      n.put("time_to_detect_median_ms", millis(d.timeToDetectMedian()));
      n.put("time_to_detect_p95_ms", millis(d.timeToDetectP95()));
    }
    ArrayNode scenarios = root.putArray("scenarios");
    for (ScenarioScore s : e.scenarios()) {
      ObjectNode n = scenarios.addObject();
      n.put("scenario", s.scenario());
      n.put("detection", s.detection().name());
      n.put("malicious", s.malicious());
      n.put("campaigns", s.campaigns());
      n.put("flagged", s.flagged());
      n.put("alerts", s.alerts());
      n.put("time_to_detect_p95_ms", millis(s.timeToDetectP95()));
    }
    coldStartJson(root.putArray("cold_start"), e.coldStart());
    coldStartJson(root.putArray("new_identities"), e.newIdentities());
    try {
      return MAPPER.writeValueAsString(root) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
      throw new IllegalStateException("cannot write the evaluation as JSON", ex);
    }
  }

  private static void coldStartJson(ArrayNode into, java.util.List<ColdStartRow> rows) {
    for (ColdStartRow row : rows) {
      ObjectNode n = into.addObject();
      n.put("detection", row.detection().name());
      ArrayNode buckets = n.putArray("buckets");
      for (int b = 0; b < ColdStartRow.BUCKETS.size(); b++) {
        ObjectNode bucket = buckets.addObject();
        bucket.put("days", ColdStartRow.BUCKETS.get(b));
        bucket.put("campaigns", row.campaigns()[b]);
        bucket.put("detected", row.detected()[b]);
        bucket.put("recall", row.recall(b));
      }
      n.put("recall_from_day_4", row.recallFrom(2));
    }
  }

  private static Long millis(Duration d) {
    return d == null ? null : d.toMillis();
  }

  private static String ratio(Double value) {
    return value == null ? "n/a" : String.format(Locale.ROOT, "%.3f", value);
  }

  /** Compact human form: 0s, 42s, 3m12s, 2h05m. */
  static String duration(Duration d) {
    if (d == null) {
      return "n/a";
    }
    long s = d.toSeconds();
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
    return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
  }
}
