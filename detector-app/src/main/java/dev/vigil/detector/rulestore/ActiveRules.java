package dev.vigil.detector.rulestore;

import dev.vigil.detector.DetectionMetrics;
import dev.vigil.rules.Rule;
import dev.vigil.rules.RulePack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rule pack in force, shared by every processor of one topology. Processors hand it the text
 * they read from the rules store; it parses only when the text changes, keeps the last good pack
 * when a new one is refused, and starts from the seed pack until the topic holds a valid one.
 */
public final class ActiveRules {

  private static final Logger LOG = LoggerFactory.getLogger(ActiveRules.class);

  private final RulePackParser parser;
  private final DetectionMetrics metrics;
  private RulePack current;
  private String lastText;

  public ActiveRules(RulePack seed, RulePackParser parser, DetectionMetrics metrics) {
    this.parser = parser;
    this.metrics = metrics;
    this.current = seed;
    metrics.rulesLoaded(seed.name(), enabledRules(seed));
    LOG.info(
        "rule pack {} {} active: {} enabled rules",
        seed.name(),
        seed.version(),
        enabledRules(seed));
  }

  /** The pack for {@code text} from the rules store (null when the topic is still empty). */
  public synchronized RulePack resolve(String text) {
    if (text == null || text.equals(lastText)) {
      return current;
    }
    lastText = text;
    try {
      RulePack pack = parser.parse(text, "rules topic");
      // The topic usually holds the pack this instance started with (seeded or published before):
      // said once at start, not again; a pack of another name or version is news.
      boolean news =
          !pack.name().equals(current.name()) || !pack.version().equals(current.version());
      current = pack;
      metrics.rulesLoaded(pack.name(), enabledRules(pack));
      if (news) {
        LOG.info(
            "rule pack {} {} from the rules topic active: {} enabled rules",
            pack.name(),
            pack.version(),
            enabledRules(pack));
      }
    } catch (RuntimeException e) {
      metrics.rulesRejected();
      LOG.warn(
          "refused rule pack from the rules topic, keeping {} {}: {}",
          current.name(),
          current.version(),
          e.getMessage());
    }
    return current;
  }

  /** The pack in force now, without looking at the store. */
  public synchronized RulePack current() {
    return current;
  }

  private static int enabledRules(RulePack pack) {
    return (int) pack.rules().stream().filter(Rule::enabled).count();
  }
}
