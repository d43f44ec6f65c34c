package dev.vigil.tools.demo;

import dev.vigil.rules.pack.RulePacks;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The rule pack of {@code vigil demo}: the shipped default pack with its baselines shortened to fit
 * the demo's three days of history. The default pack caps learning at 14 days and keeps 45 days of
 * baseline; the demo judges an identity after one day and keeps four. Dormancy keeps the default's
 * 45-day ceiling and, below it, follows each identity's own rhythm once seen on two days (three by
 * default) with a floor of 20 hours (a week by default): within three days an ordinary identity
 * shows silences of a day or more (nights, weekends, rare jobs), so a shorter ceiling would call
 * them dormant, and below the ceiling only a waking straight into a privilege the identity never
 * used fires, which is what a forgotten credential in the wrong hands does. Every other rule,
 * threshold and action is the default pack's, so what the demo shows is what production runs.
 */
public final class DemoPack {

  /** Line of the default pack → line of the demo pack; each must occur in the default pack. */
  private static final Map<String, String> CHANGES = changes();

  private DemoPack() {}

  private static Map<String, String> changes() {
    Map<String, String> changes = new LinkedHashMap<>();
    changes.put("pack: vigil-default", "pack: vigil-demo");
    changes.put("learning_period: 14d", "learning_period: 1d");
    changes.put("horizon: 45d", "horizon: 4d");
    changes.put(
        "rhythm_multiplier: 2.0\n      min_active_days: 3",
        "rhythm_multiplier: 2.0\n      min_active_days: 2");
    changes.put("min_dormancy: 7d", "min_dormancy: 20h");
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
