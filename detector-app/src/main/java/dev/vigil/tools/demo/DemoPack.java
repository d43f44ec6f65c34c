package dev.vigil.tools.demo;

import dev.vigil.rules.pack.RulePacks;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The rule pack of {@code vigil demo}: the shipped default pack with its baselines shortened to fit
 * a one-day history. The default pack learns an identity for 14 days and calls it dormant after 45;
 * the demo replays one day, so it learns for 6 hours, keeps 2 days of baseline and calls an
 * identity dormant after 10 hours of silence. Every other rule, threshold and action is the default
 * pack's, so what the demo shows is what production runs.
 */
public final class DemoPack {

  /** Line of the default pack → line of the demo pack; each must occur in the default pack. */
  private static final Map<String, String> CHANGES = changes();

  private DemoPack() {}

  private static Map<String, String> changes() {
    Map<String, String> changes = new LinkedHashMap<>();
    changes.put("pack: vigil-default", "pack: vigil-demo");
    changes.put("learning_period: 14d", "learning_period: 6h");
    changes.put("horizon: 45d", "horizon: 2d");
    changes.put("dormancy: 45d", "dormancy: 10h");
    return changes;
  }

  /** The demo pack's YAML text. */
  public static String text() {
    String text = RulePacks.defaultPackText();
    for (Map.Entry<String, String> change : CHANGES.entrySet()) {
      if (!text.contains(change.getKey())) {
        throw new IllegalStateException(
            "the default rule pack no longer contains '" + change.getKey() + "'; update DemoPack");
      }
      text = text.replace(change.getKey(), change.getValue());
    }
    return text;
  }
}
