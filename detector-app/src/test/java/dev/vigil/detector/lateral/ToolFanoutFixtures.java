package dev.vigil.detector.lateral;

import dev.vigil.detector.Finding;
import dev.vigil.detector.ObservedEvent;
import dev.vigil.detector.fixtures.DetectorFeed;
import dev.vigil.detector.fixtures.Events;
import dev.vigil.events.IdentityType;
import dev.vigil.events.Outcome;
import dev.vigil.events.ResponseAction;
import dev.vigil.events.Severity;
import dev.vigil.events.Source;
import dev.vigil.rules.Rule;
import dev.vigil.rules.RuleExceptions;
import dev.vigil.rules.RuleKind;
import dev.vigil.rules.RulePack;
import dev.vigil.rules.RuleParams;
import dev.vigil.rules.pack.ParamCatalogue;
import dev.vigil.rules.pack.ParamSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rules, events and a feed for the tool fan-out tests. The feed drives the detector the way the
 * topology's processor does, with the state going through its codec between events.
 */
final class ToolFanoutFixtures {

  static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
  static final String IDENTITY = "agent:support-bot";

  private ToolFanoutFixtures() {}

  static Instant day(double days) {
    return T0.plusSeconds(Math.round(days * 86_400));
  }

  static Map<String, Object> params() {
    Map<String, Object> params = new HashMap<>();
    for (ParamSpec spec : ParamCatalogue.of(RuleKind.TOOL_FANOUT)) {
      params.put(spec.name(), spec.defaultValue());
    }
    params.putAll(
        Map.of(
            "window",
            Duration.ofMinutes(10),
            "min_distinct_tools",
            5,
            "min_new_tools",
            3,
            "learning_period",
            Duration.ofDays(7),
            "horizon",
            Duration.ofDays(30),
            "max_baseline_entries",
            200));
    return params;
  }

  static Rule rule(Map<String, Object> params, RuleExceptions exceptions, boolean enabled) {
    return new Rule(
        "tf",
        RuleKind.TOOL_FANOUT,
        "tool fan-out",
        Severity.MEDIUM,
        ResponseAction.NONE,
        enabled,
        Duration.ofMinutes(30),
        new RuleParams(params),
        exceptions,
        List.of("attack.t1021"));
  }

  static RulePack pack(Rule... rules) {
    return new RulePack("test", "1", List.of("admin:*"), 10, List.of(rules));
  }

  static RulePack defaults() {
    return pack(rule(params(), RuleExceptions.NONE, true));
  }

  static ObservedEvent use(String eventId, Instant at, String tool) {
    return use(eventId, at, tool, IDENTITY, Outcome.SUCCESS);
  }

  static ObservedEvent use(
      String eventId, Instant at, String tool, String identity, Outcome outcome) {
    return Events.observed(
        Events.use(eventId, at, identity, "tok-9", tool)
            .setIdentityType(IdentityType.AI_AGENT)
            .setAction("tools/call")
            .setOutcome(outcome)
            .setSource(
                Source.newBuilder()
                    .setIp("198.51.100.4")
                    .setWorkloadId("spiffe://prod/agent")
                    .build()));
  }

  /** A {@link DetectorFeed} of a {@link ToolFanoutDetector}, with routine histories and sweeps. */
  static final class Feed extends DetectorFeed<ToolBaseline, ToolFanoutDetector> {
    private int sequence;

    Feed(RulePack pack) {
      super(new ToolFanoutDetector(), pack);
    }

    /** Each day from {@code fromDay} to {@code toDay}, one call to each tool, hours apart. */
    List<Finding> routine(int fromDay, int toDay, String... tools) {
      List<Finding> all = new ArrayList<>();
      for (int d = fromDay; d <= toDay; d++) {
        for (int i = 0; i < tools.length; i++) {
          all.addAll(send(use("r-" + sequence++, day(d).plus(Duration.ofHours(1 + i)), tools[i])));
        }
      }
      return all;
    }

    /** One call to each tool, {@code gap} apart from {@code start}; returns every finding. */
    List<Finding> sweep(Instant start, Duration gap, String... tools) {
      List<Finding> all = new ArrayList<>();
      for (int i = 0; i < tools.length; i++) {
        all.addAll(send(use("s-" + sequence++, start.plus(gap.multipliedBy(i)), tools[i])));
      }
      return all;
    }
  }
}
