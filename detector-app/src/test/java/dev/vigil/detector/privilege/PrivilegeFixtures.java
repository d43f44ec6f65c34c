package dev.vigil.detector.privilege;

import dev.vigil.detector.ObservedEvent;
import dev.vigil.detector.fixtures.Events;
import dev.vigil.events.AuthEventKind;
import dev.vigil.events.IdentityType;
import dev.vigil.events.Outcome;
import dev.vigil.events.ResponseAction;
import dev.vigil.events.Severity;
import dev.vigil.events.Source;
import dev.vigil.events.TokenUseEvent;
import dev.vigil.rules.Rule;
import dev.vigil.rules.RuleExceptions;
import dev.vigil.rules.RuleKind;
import dev.vigil.rules.RulePack;
import dev.vigil.rules.RuleParams;
import dev.vigil.rules.pack.ParamCatalogue;
import dev.vigil.rules.pack.ParamSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Rules, packs and events for the privilege detector's tests, with the catalogue's defaults. */
final class PrivilegeFixtures {

  static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
  static final String IDENTITY = "svc-billing@corp";
  static final List<String> PRIVILEGED = List.of("admin:*", "secrets:write", "iam:*");

  private PrivilegeFixtures() {}

  static Instant day(double days) {
    return T0.plusSeconds(Math.round(days * 86_400));
  }

  /** Every parameter of {@code kind} at its catalogue default, then {@code overrides}. */
  static Map<String, Object> withDefaults(RuleKind kind, Map<String, Object> overrides) {
    Map<String, Object> params = new HashMap<>();
    for (ParamSpec spec : ParamCatalogue.of(kind)) {
      params.put(spec.name(), spec.defaultValue());
    }
    params.putAll(overrides);
    return params;
  }

  static Map<String, Object> newPrivilegeParams() {
    return withDefaults(
        RuleKind.NEW_PRIVILEGE,
        Map.of(
            "learning_period",
            Duration.ofDays(7),
            "horizon",
            Duration.ofDays(30),
            "max_baseline_entries",
            200,
            "trust_granted_scopes",
            true));
  }

  static Map<String, Object> dormantParams() {
    return withDefaults(
        RuleKind.DORMANT_WAKEUP,
        Map.of(
            "dormancy", Duration.ofDays(21),
            "wake_window", Duration.ofHours(1),
            "last_seen_ttl", Duration.ofDays(400)));
  }

  static Map<String, Object> burstParams() {
    return withDefaults(
        RuleKind.PRIVILEGE_BURST,
        Map.of(
            "window", Duration.ofMinutes(5),
            "multiplier", 10.0,
            "min_count", 20,
            "learning_period", Duration.ofDays(7),
            "horizon", Duration.ofDays(30)));
  }

  static Rule rule(String id, RuleKind kind, Map<String, Object> params) {
    return rule(id, kind, params, RuleExceptions.NONE, true);
  }

  static Rule rule(
      String id,
      RuleKind kind,
      Map<String, Object> params,
      RuleExceptions exceptions,
      boolean enabled) {
    return new Rule(
        id,
        kind,
        "test rule " + id,
        Severity.HIGH,
        ResponseAction.NONE,
        enabled,
        Duration.ofMinutes(30),
        new RuleParams(params),
        exceptions,
        List.of("attack.t1078"));
  }

  static Rule newPrivilege() {
    return rule("np", RuleKind.NEW_PRIVILEGE, newPrivilegeParams());
  }

  static Rule dormant() {
    return rule("dw", RuleKind.DORMANT_WAKEUP, dormantParams());
  }

  static Rule burst() {
    return rule("pb", RuleKind.PRIVILEGE_BURST, burstParams());
  }

  static RulePack pack(Rule... rules) {
    return new RulePack("test", "1", PRIVILEGED, 10, Arrays.asList(rules));
  }

  /** The catalogue pack: all three kinds with their default numbers. */
  static RulePack defaults() {
    return pack(newPrivilege(), dormant(), burst());
  }

  static UseBuilder use(String eventId, Instant at, String tool, String action) {
    return new UseBuilder(eventId, at, tool, action);
  }

  static ObservedEvent auth(
      String eventId, Instant at, AuthEventKind kind, Outcome outcome, String... scopes) {
    return Events.observed(
        Events.auth(eventId, at, IDENTITY, kind)
            .setIdentityType(IdentityType.SERVICE_ACCOUNT)
            .setOutcome(outcome)
            .setScopes(List.of(scopes)));
  }

  /** A token use, privileged or not, with the fields the detector reads. */
  static final class UseBuilder {
    private final TokenUseEvent.Builder b;

    UseBuilder(String eventId, Instant at, String tool, String action) {
      b =
          Events.use(eventId, at, IDENTITY, "tok-1", tool)
              .setIdentityType(IdentityType.SERVICE_ACCOUNT)
              .setAction(action);
    }

    UseBuilder privilege(String privilege) {
      b.setPrivilege(privilege);
      return this;
    }

    UseBuilder flagged() {
      b.setPrivileged(true);
      return this;
    }

    UseBuilder outcome(Outcome outcome) {
      b.setOutcome(outcome);
      return this;
    }

    UseBuilder identity(String identity) {
      b.setIdentityId(identity);
      return this;
    }

    UseBuilder ip(String ip) {
      b.setSource(Source.newBuilder().setIp(ip).setAsn(64500L).setCountry("DE").build());
      return this;
    }

    ObservedEvent build() {
      return ObservedEvent.of(b.build());
    }
  }
}
