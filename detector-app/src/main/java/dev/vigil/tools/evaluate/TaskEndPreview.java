package dev.vigil.tools.evaluate;

import dev.vigil.detector.Detector;
import dev.vigil.detector.Finding;
import dev.vigil.detector.ObservedEvent;
import dev.vigil.detector.intent.TaskIntentDetector;
import dev.vigil.events.AuthEvent;
import dev.vigil.events.Detection;
import dev.vigil.events.TokenUseEvent;
import dev.vigil.rules.Rule;
import dev.vigil.rules.RuleKind;
import dev.vigil.rules.RulePack;
import dev.vigil.rules.pack.RulePacks;
import dev.vigil.tools.simulate.CampaignLabel;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * What revocation at task end ({@code task_end_revocation}) would have done to the evaluated
 * history, whether or not the pack enables it: the task detector with that rule switched on, run
 * over every identity's events in event-time order (the same judgement the topology makes). It
 * counts the task credentials ended early, and the ACCESS_OUTLIVES_INTENT attacks whose first
 * malicious use came after their token was ended: the misuse those revocations would have
 * prevented. The detections' own figures are the topology's, untouched by this preview.
 *
 * @param rule the rule previewed: the pack's, else the default pack's
 * @param enabledInPack whether the evaluated pack enables it (else the figures are a what-if)
 * @param tokensEnded task credentials that would have been revoked before they expired
 * @param intentAttacks ACCESS_OUTLIVES_INTENT attack campaigns in the labels
 * @param prevented those whose token was ended before their first malicious event
 */
public record TaskEndPreview(
    Rule rule, boolean enabledInPack, int tokensEnded, int intentAttacks, int prevented) {

  /** Runs the preview of {@code pack}'s task-end rule over {@code events}. */
  public static TaskEndPreview of(
      RulePack pack, List<SpecificRecord> events, List<CampaignLabel> labels) {
    Rule configured =
        pack.rules().stream()
            .filter(r -> r.kind() == RuleKind.TASK_END_REVOCATION)
            .findFirst()
            .orElseGet(
                () ->
                    RulePacks.defaultPack().rules().stream()
                        .filter(r -> r.kind() == RuleKind.TASK_END_REVOCATION)
                        .findFirst()
                        .orElseThrow());
    Rule rule = enabled(configured);
    RulePack previewPack =
        new RulePack(
            pack.name(),
            pack.version(),
            pack.privilegedPatterns(),
            pack.maxRevocationsPerMinute(),
            pack.risk(),
            List.of(rule));

    // The state type is the detection's own; the preview only hands it back.
    @SuppressWarnings("unchecked")
    Detector<Object> detector = (Detector<Object>) (Detector<?>) new TaskIntentDetector();
    Map<String, Object> states = new HashMap<>();
    Map<String, Instant> endedAt = new HashMap<>();
    List<SpecificRecord> ordered = new java.util.ArrayList<>(events);
    ordered.sort(java.util.Comparator.comparing(TaskEndPreview::eventTime));
    for (SpecificRecord record : ordered) {
      ObservedEvent event =
          record instanceof AuthEvent a
              ? ObservedEvent.of(a)
              : ObservedEvent.of((TokenUseEvent) record);
      if (!detector.accepts(event)) {
        continue;
      }
      Object state = states.computeIfAbsent(event.identityId(), k -> detector.newState());
      for (Finding f : detector.onEvent(state, event, previewPack)) {
        endedAt.merge(
            f.identityId() + "\n" + f.tokenId(), f.windowEnd(), (x, y) -> x.isBefore(y) ? x : y);
      }
    }
    int attacks = 0;
    int prevented = 0;
    for (CampaignLabel label : labels) {
      if (!label.malicious() || label.detection() != Detection.ACCESS_OUTLIVES_INTENT) {
        continue;
      }
      attacks++;
      Instant ended =
          label.tokenId() == null ? null : endedAt.get(label.identityId() + "\n" + label.tokenId());
      if (ended != null && !ended.isAfter(label.attackStart())) {
        prevented++;
      }
    }
    return new TaskEndPreview(configured, configured.enabled(), endedAt.size(), attacks, prevented);
  }

  /** The report's lines, in Markdown. */
  public String markdown() {
    Duration grace = rule.params().duration("grace");
    return String.format(
        Locale.ROOT,
        "%n## Revocation at task end%n%n"
            + "Rule `%s` (`task_end_revocation`, grace %s, %s): %,d task credentials ended early;"
            + " %d of %d ACCESS_OUTLIVES_INTENT attacks prevented (their token ended before"
            + " their first malicious use).%n",
        rule.id(),
        ReportWriter.duration(grace),
        enabledInPack
            ? "enabled in this pack"
            : "disabled in this pack, so a what-if: the detections above are without it",
        tokensEnded,
        prevented,
        intentAttacks);
  }

  private static Instant eventTime(SpecificRecord record) {
    return record instanceof AuthEvent a
        ? a.getEventTime()
        : ((TokenUseEvent) record).getEventTime();
  }

  private static Rule enabled(Rule r) {
    return new Rule(
        r.id(),
        r.kind(),
        r.description(),
        r.severity(),
        r.action(),
        true,
        r.suppression(),
        r.params(),
        r.exceptions(),
        r.tags());
  }
}
