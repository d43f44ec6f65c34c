package dev.vigil.rules.pack;

import dev.vigil.rules.RuleKind;
import dev.vigil.rules.RuleParams;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The parameters each rule kind takes, with their defaults and allowed ranges. The loader fills in
 * defaults, so a detection reads every parameter of its kind from {@link RuleParams} unchecked.
 *
 * <p>Ranges keep a pack from asking for what cannot work: windows are positive, a spread needs at
 * least two distinct values, a multiplier below 1 would call an identity's normal rate a burst, and
 * upper bounds keep per-key state bounded (a day-long window over every token, a baseline of
 * millions of entries per identity).
 */
public final class ParamCatalogue {

  /** A constraint between two parameters of one kind, reported at {@code param}. */
  public record Constraint(String param, String message, Predicate<RuleParams> holds) {}

  private static final Duration MAX_WINDOW = Duration.ofDays(1);
  private static final Duration MAX_TOKEN_TTL = Duration.ofDays(30);
  private static final Duration MAX_HORIZON = Duration.ofDays(400);

  private static final Map<RuleKind, List<ParamSpec>> SPECS = new EnumMap<>(RuleKind.class);
  private static final Map<RuleKind, List<Constraint>> CONSTRAINTS = new EnumMap<>(RuleKind.class);

  static {
    ParamSpec tokenTtl =
        positive(
            "token_ttl",
            Duration.ofHours(24),
            MAX_TOKEN_TTL,
            "how long a token's state is kept when no expiry is known");
    ParamSpec learning =
        new ParamSpec(
            "learning_period",
            ParamType.DURATION,
            Duration.ofDays(7),
            Duration.ZERO,
            false,
            Duration.ofDays(365),
            "how long after an identity is first seen it is observed, not alerted on");
    ParamSpec horizon =
        positive(
            "horizon",
            Duration.ofDays(30),
            MAX_HORIZON,
            "how far back the baseline remembers; older entries expire");
    ParamSpec maxEntries =
        integer(
            "max_baseline_entries",
            200,
            1,
            10_000,
            "cap on baseline entries per identity; the least recently seen go first");

    SPECS.put(RuleKind.TOKEN_CONTEXT_MISMATCH, List.of(tokenTtl));
    SPECS.put(
        RuleKind.TOKEN_NETWORK_SPREAD,
        List.of(
            positive(
                "window",
                Duration.ofMinutes(10),
                MAX_WINDOW,
                "the span in which networks are counted"),
            integer(
                "min_distinct_asns",
                2,
                2,
                1000,
                "distinct networks (ASN, else /24 or /48, private space as one) that fire"),
            integer("min_distinct_countries", 2, 2, 1000, "distinct countries that fire"),
            tokenTtl));
    SPECS.put(
        RuleKind.TOKEN_REVOKED_OR_EXPIRED_USE,
        List.of(
            new ParamSpec(
                "clock_skew",
                ParamType.DURATION,
                Duration.ofMinutes(2),
                Duration.ZERO,
                true,
                Duration.ofHours(1),
                "allowance for emitters' clocks after expiry or revocation"),
            new ParamSpec(
                "successful_uses_only",
                ParamType.BOOLEAN,
                true,
                null,
                true,
                null,
                "fire only on uses that succeeded (a denied use is the control working)"),
            positive(
                "expired_token_ttl",
                Duration.ofHours(12),
                MAX_TOKEN_TTL,
                "how long a token is remembered after its expiry or revocation (or its last use, if later)")));
    SPECS.put(RuleKind.AUDIENCE_MISMATCH, List.of(tokenTtl));
    SPECS.put(
        RuleKind.TASK_TOKEN_AFTER_COMPLETION,
        List.of(
            new ParamSpec(
                "grace",
                ParamType.DURATION,
                Duration.ofMinutes(1),
                Duration.ZERO,
                true,
                MAX_WINDOW,
                "uses this long after TASK_COMPLETED are still in-flight work"),
            positive(
                "task_ttl",
                Duration.ofDays(7),
                Duration.ofDays(90),
                "how long a task's start and completion are remembered")));
    SPECS.put(
        RuleKind.NEW_PRIVILEGE,
        List.of(
            learning,
            horizon,
            maxEntries,
            new ParamSpec(
                "trust_granted_scopes",
                ParamType.BOOLEAN,
                true,
                null,
                true,
                null,
                "scopes granted to the identity at token issuance count as already in its baseline")));
    SPECS.put(
        RuleKind.DORMANT_WAKEUP,
        List.of(
            positive(
                "dormancy",
                Duration.ofDays(21),
                Duration.ofDays(365),
                "silence after which an identity is dormant"),
            positive(
                "wake_window",
                Duration.ofHours(1),
                Duration.ofDays(7),
                "how soon after waking a privileged action fires"),
            positive(
                "last_seen_ttl",
                Duration.ofDays(400),
                Duration.ofDays(1000),
                "how long an identity's last-seen time is kept; must outlive dormancy")));
    SPECS.put(
        RuleKind.PRIVILEGE_BURST,
        List.of(
            positive(
                "window",
                Duration.ofMinutes(5),
                MAX_WINDOW,
                "the span in which privileged actions are counted"),
            new ParamSpec(
                "multiplier",
                ParamType.DECIMAL,
                10.0,
                1.0,
                true,
                1000.0,
                "how many times the identity's own rate per window fires"),
            integer(
                "min_count",
                20,
                1,
                1_000_000,
                "privileged actions in the window below which nothing fires"),
            learning,
            horizon));
    SPECS.put(
        RuleKind.TOOL_FANOUT,
        List.of(
            positive(
                "window",
                Duration.ofMinutes(10),
                MAX_WINDOW,
                "the span in which distinct tools are counted"),
            integer("min_distinct_tools", 5, 2, 1000, "distinct tools in the window that fire"),
            integer(
                "min_new_tools",
                3,
                1,
                1000,
                "of which at least this many are new for the identity"),
            learning,
            horizon,
            maxEntries));

    CONSTRAINTS.put(
        RuleKind.TOKEN_NETWORK_SPREAD,
        List.of(
            new Constraint(
                "token_ttl",
                "must be at least the window, or tokens are forgotten mid-window",
                p -> p.duration("token_ttl").compareTo(p.duration("window")) >= 0)));
    CONSTRAINTS.put(
        RuleKind.DORMANT_WAKEUP,
        List.of(
            new Constraint(
                "last_seen_ttl",
                "must be longer than dormancy, or no identity is ever seen dormant",
                p -> p.duration("last_seen_ttl").compareTo(p.duration("dormancy")) > 0),
            new Constraint(
                "wake_window",
                "must be shorter than dormancy",
                p -> p.duration("wake_window").compareTo(p.duration("dormancy")) < 0)));
    CONSTRAINTS.put(
        RuleKind.PRIVILEGE_BURST,
        List.of(
            new Constraint(
                "horizon",
                "must be longer than the window, or there is no rate to compare with",
                p -> p.duration("horizon").compareTo(p.duration("window")) > 0)));
    CONSTRAINTS.put(
        RuleKind.TOOL_FANOUT,
        List.of(
            new Constraint(
                "min_new_tools",
                "must not exceed min_distinct_tools",
                p -> p.integer("min_new_tools") <= p.integer("min_distinct_tools")),
            new Constraint(
                "horizon",
                "must be longer than the window, or there is no baseline to compare with",
                p -> p.duration("horizon").compareTo(p.duration("window")) > 0)));
    for (RuleKind kind : RuleKind.values()) {
      if (!SPECS.containsKey(kind)) {
        throw new ExceptionInInitializerError("no parameter catalogue for " + kind);
      }
      CONSTRAINTS.putIfAbsent(kind, List.of());
    }
  }

  private ParamCatalogue() {}

  /** The parameters of {@code kind}, in documentation order. */
  public static List<ParamSpec> of(RuleKind kind) {
    return SPECS.get(kind);
  }

  public static Optional<ParamSpec> find(RuleKind kind, String name) {
    return SPECS.get(kind).stream().filter(s -> s.name().equals(name)).findFirst();
  }

  /**
   * The default of a duration parameter: the one place a default is written, read by the loader and
   * by detectors that need a value when no rule of the kind is in the pack.
   */
  public static Duration defaultDuration(RuleKind kind, String name) {
    return (Duration) spec(kind, name).defaultValue();
  }

  /** The default of a whole-number parameter; see {@link #defaultDuration}. */
  public static int defaultInteger(RuleKind kind, String name) {
    return ((Number) spec(kind, name).defaultValue()).intValue();
  }

  private static ParamSpec spec(RuleKind kind, String name) {
    return find(kind, name)
        .orElseThrow(() -> new IllegalArgumentException(kind + " has no parameter " + name));
  }

  /** Constraints between parameters of {@code kind}, checked once each parameter is in range. */
  public static List<Constraint> constraints(RuleKind kind) {
    return CONSTRAINTS.get(kind);
  }

  private static ParamSpec positive(String name, Duration dflt, Duration max, String meaning) {
    return new ParamSpec(name, ParamType.DURATION, dflt, Duration.ZERO, false, max, meaning);
  }

  private static ParamSpec integer(String name, int dflt, int min, int max, String meaning) {
    return new ParamSpec(name, ParamType.INTEGER, dflt, min, true, max, meaning);
  }
}
