package dev.vigil.detector.lateral;

import dev.vigil.detector.Finding;
import dev.vigil.detector.FindingWording;
import dev.vigil.detector.ObservedEvent;
import dev.vigil.detector.baseline.Evidence;
import dev.vigil.detector.baseline.PeerView;
import dev.vigil.detector.lateral.ToolBaseline.ToolUse;
import dev.vigil.rules.Rule;
import dev.vigil.rules.RuleParams;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * tool_fanout: within {@code window} the identity reached at least {@code min_distinct_tools}
 * tools, at least {@code min_new_tools} of them new for it (Sigma's {@code value_count} of tools
 * per identity, with Elastic's {@code new_terms} on top). A tool is new when the identity's use of
 * it began inside the window, i.e. it had not reached it within the horizon before. Tools the rule
 * excepts do not count. Checked only when the event brings a tool into the window, so repeated
 * calls to the same tools do not re-fire; the evidence key is the sorted new tools and when the
 * first of them was reached, so reprocessing gives the same alert id and a fan-out that grows by a
 * known tool keeps it.
 *
 * <p>Which new tools count depends on whom the identity is. Once its own baseline is mature (active
 * on {@code min_active_days} distinct days with its tool set unchanged for {@code min_observations}
 * uses, or older than {@code learning_period}), every new tool counts except one at least {@code
 * peer_common_share} of its peers use. Before that, only a tool at most {@code peer_rare_share} of
 * its peers use counts, and only when its peer group has {@code peer_min_members}; without peer
 * knowledge a young identity is left alone.
 */
final class ToolFanoutCheck {

  /** Evidence events per finding. */
  static final int MAX_EVENT_IDS = 20;

  private ToolFanoutCheck() {}

  static Optional<Finding> evaluate(
      Rule rule,
      ToolBaseline state,
      ObservedEvent event,
      long previousReach,
      long identityAge,
      Evidence seen,
      PeerView peers) {
    String tool = event.use().getTool();
    long time = event.eventTime().toEpochMilli();
    RuleParams params = rule.params();
    Duration window = params.duration("window");
    boolean mature = seen.mature(identityAge, params);
    String self = event.identityId();
    boolean peersJudge = peers.judges(self, params.integer("peer_min_members"));
    long windowStart = state.lastSeen - window.toMillis();
    boolean entered =
        previousReach == ToolBaseline.NONE || previousReach < time - window.toMillis();
    String ip = event.source().getIp();
    if (!entered
        || time < windowStart
        || (!mature && !peersJudge)
        || rule.exceptions().covers(event.identityId(), tool, ip)) {
      return Optional.empty();
    }
    List<Map.Entry<String, ToolUse>> inWindow = new ArrayList<>();
    List<String> newTools = new ArrayList<>();
    long firstNew = Long.MAX_VALUE;
    for (Map.Entry<String, ToolUse> e : state.tools.entrySet()) {
      ToolUse use = e.getValue();
      if (!use.inWindow(windowStart) || rule.exceptions().covers(null, e.getKey(), null)) {
        continue;
      }
      inWindow.add(e);
      if (use.since >= windowStart
          && countsAsNew(params, e.getKey(), mature, peersJudge, peers, self)) {
        newTools.add(e.getKey());
        firstNew = Math.min(firstNew, use.since);
      }
    }
    if (inWindow.size() < rule.params().integer("min_distinct_tools")
        || newTools.size() < rule.params().integer("min_new_tools")) {
      return Optional.empty();
    }
    newTools.sort(Comparator.naturalOrder());
    List<String> tools = inWindow.stream().map(Map.Entry::getKey).sorted().toList();
    long known = state.tools.values().stream().filter(u -> u.since < windowStart).count();
    String against =
        mature
            ? " against a baseline of "
                + known
                + " tools over "
                + FindingWording.span(params.duration("horizon"))
            : ", none or few of its "
                + peers.peers(self)
                + " peers ("
                + peers.group()
                + ") use them; its own baseline is not mature yet ("
                + seen.progress(identityAge, params)
                + ")";
    String summary =
        event.identityId()
            + " reached "
            + tools.size()
            + " distinct tools within "
            + FindingWording.span(window)
            + ", "
            + newTools.size()
            + " of them new for it ("
            + String.join(", ", newTools)
            + ")"
            + against
            + ", first new tool at "
            + FindingWording.time(firstNew)
            + ".";
    return Optional.of(
        Finding.of(
            rule,
            event,
            String.join(",", newTools) + "@" + firstNew,
            Instant.ofEpochMilli(Math.max(windowStart, earliestEvidence(inWindow))),
            summary,
            evidence(inWindow, windowStart),
            Map.of(
                "tools", tools,
                "new_tools", List.copyOf(newTools),
                "sources", FindingWording.sources(event.source())),
            tools.size()));
  }

  /** Whether a tool new for the identity counts as new, given its peers. */
  private static boolean countsAsNew(
      RuleParams params,
      String tool,
      boolean mature,
      boolean peersJudge,
      PeerView peers,
      String self) {
    if (mature) {
      return !peersJudge || peers.share(tool, self) < params.decimal("peer_common_share");
    }
    return peersJudge && peers.share(tool, self) <= params.decimal("peer_rare_share");
  }

  private static long earliestEvidence(List<Map.Entry<String, ToolUse>> inWindow) {
    return inWindow.stream()
        .mapToLong(e -> e.getValue().enteredAt)
        .filter(t -> t != ToolBaseline.NONE)
        .min()
        .orElse(Long.MAX_VALUE);
  }

  /**
   * The event that brought each tool into the window, oldest first. New tools' events come first
   * when more than {@link #MAX_EVENT_IDS} tools qualify: they are what the analyst pulls.
   */
  private static List<String> evidence(
      List<Map.Entry<String, ToolUse>> inWindow, long windowStart) {
    List<ToolUse> uses =
        inWindow.stream()
            .map(Map.Entry::getValue)
            .filter(u -> u.windowEventId != null)
            .sorted(
                Comparator.comparing((ToolUse u) -> u.since < windowStart)
                    .thenComparingLong(u -> u.enteredAt))
            .limit(MAX_EVENT_IDS)
            .sorted(Comparator.comparingLong(u -> u.enteredAt))
            .toList();
    return uses.stream().map(u -> u.windowEventId).toList();
  }
}
