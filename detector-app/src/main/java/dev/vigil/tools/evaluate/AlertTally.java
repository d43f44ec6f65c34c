package dev.vigil.tools.evaluate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.events.Alert;
import dev.vigil.events.AuthEvent;
import dev.vigil.events.TokenUseEvent;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;

/**
 * What the detections raised on events nobody labelled (a vendor's log): no truth to score against,
 * so no precision or recall, only how many alerts each detection and rule raised, and on whom. A
 * SOC reads it as the alert load a pack would have put on its queue over that history.
 *
 * @param events events replayed
 * @param identities distinct identities among them
 * @param alerts the alerts raised
 */
public record AlertTally(long events, int identities, List<Alert> alerts) {

  /** The identities most alerted on that the report lists; the rest are counted, not named. */
  static final int TOP_IDENTITIES = 20;

  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public static AlertTally of(List<SpecificRecord> events, List<Alert> alerts) {
    Set<String> identities = new LinkedHashSet<>();
    for (SpecificRecord event : events) {
      identities.add(
          event instanceof AuthEvent auth
              ? auth.getIdentityId()
              : ((TokenUseEvent) event).getIdentityId());
    }
    return new AlertTally(events.size(), identities.size(), List.copyOf(alerts));
  }

  /** A rule with the detection it belongs to, ordered by detection then rule. */
  record RuleKey(String detection, String ruleId) implements Comparable<RuleKey> {
    @Override
    public int compareTo(RuleKey o) {
      int c = detection.compareTo(o.detection);
      return c != 0 ? c : ruleId.compareTo(o.ruleId);
    }
  }

  /** Alerts per rule, in detection then rule order. */
  Map<RuleKey, Long> perRule() {
    return alerts.stream()
        .collect(
            Collectors.groupingBy(
                a -> new RuleKey(a.getDetection().name(), a.getRuleId().toString()),
                TreeMap::new,
                Collectors.counting()));
  }

  /** Alerts per identity, most alerted first (ties in name order). */
  List<Map.Entry<String, Long>> perIdentity() {
    return alerts.stream()
        .collect(
            Collectors.groupingBy(
                a -> a.getIdentityId().toString(), TreeMap::new, Collectors.counting()))
        .entrySet()
        .stream()
        .sorted(
            Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()))
        .toList();
  }

  public String markdown(String setup) {
    StringBuilder md = new StringBuilder("## Alerts on unlabelled events\n\n");
    md.append(setup).append("\n\n");
    md.append(
        String.format(
            Locale.ROOT,
            "%,d events from %d identities, %d alerts. No labels were given, so nothing here says"
                + " whether an alert was right: give --labels to score recall and precision.%n%n",
            events,
            identities,
            alerts.size()));
    if (alerts.isEmpty()) {
      // Two empty tables read like a rendering fault; say it in words.
      return md.append("No rule fired.\n").toString();
    }
    md.append("| detection | rule | alerts |\n|---|---|---:|\n");
    perRule()
        .forEach(
            (rule, n) ->
                md.append(
                    String.format(
                        Locale.ROOT, "| %s | %s | %d |%n", rule.detection(), rule.ruleId(), n)));
    List<Map.Entry<String, Long>> byIdentity = perIdentity();
    md.append("\n| identity | alerts |\n|---|---:|\n");
    byIdentity.stream()
        .limit(TOP_IDENTITIES)
        .forEach(
            e -> md.append(String.format(Locale.ROOT, "| %s | %d |%n", e.getKey(), e.getValue())));
    if (byIdentity.size() > TOP_IDENTITIES) {
      md.append(
          String.format(
              Locale.ROOT,
              "%nand %d more identities with alerts.%n",
              byIdentity.size() - TOP_IDENTITIES));
    }
    return md.toString();
  }

  public String json(String setup) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("setup", setup);
    root.put("labelled", false);
    root.put("events", events);
    root.put("identities", identities);
    root.put("alerts", alerts.size());
    ArrayNode rules = root.putArray("per_rule");
    perRule()
        .forEach(
            (rule, n) ->
                rules
                    .addObject()
                    .put("detection", rule.detection())
                    .put("rule_id", rule.ruleId())
                    .put("alerts", n));
    ArrayNode ids = root.putArray("per_identity");
    perIdentity()
        .forEach(e -> ids.addObject().put("identity_id", e.getKey()).put("alerts", e.getValue()));
    try {
      return MAPPER.writeValueAsString(root) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
