package dev.vigil.rules.pack;

import dev.vigil.rules.RuleKind;
import dev.vigil.rules.RuleParams;
import dev.vigil.rules.match.GlobList;
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

  /**
   * Issuers whose issuance request does not come from the token's holder (docs/RULES.md says why
   * each): GitHub's grants are authorised in a person's browser and used by an app's servers or CI;
   * Vault's token store creates child tokens for another party (orchestrators, CI) and renews them
   * from agents; a Kubernetes TokenRequest comes from the kubelet for its pods or from whoever
   * mints a service account's token (the adapter's fallback name and the usual issuer URLs of
   * self-managed, EKS, GKE and AKS clusters).
   */
  private static final List<String> NOT_FROM_HOLDER =
      List.of(
          "github",
          "vault:auth/token/",
          "kubernetes",
          "https://kubernetes.default.svc*",
          "https://oidc.eks.*.amazonaws.com/id/*",
          "https://container.googleapis.com/*",
          "https://*.oic.prod-aks.azure.com/*");

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
            "calendar cap on learning: past this age an identity is judged against its own"
                + " baseline whatever the evidence");
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

    // Maturity on evidence: an identity's own baseline is judged once it has seen enough of its
    // habit, or at the latest once learning_period has passed.
    ParamSpec minActiveDays =
        integer(
            "min_active_days",
            3,
            1,
            365,
            "distinct days (24-hour periods since first seen) with activity, after the day the"
                + " baseline last grew, before the identity's own baseline is judged; once reached it"
                + " stays judged");
    ParamSpec minObservations =
        integer(
            "min_observations",
            20,
            1,
            1_000_000,
            "uses since the baseline last grew before the identity's own baseline is judged");
    ParamSpec minActiveDaysForRate =
        integer(
            "min_active_days",
            3,
            1,
            365,
            "distinct days (24-hour periods since first seen) with activity before the identity's"
                + " own rate is judged");
    ParamSpec minObservationsForRate =
        integer(
            "min_observations",
            20,
            1,
            1_000_000,
            "uses seen before the identity's own rate is judged; with per_privilege, also uses of"
                + " one permission (decayed over the horizon) before its own rate is");
    // Peer groups: how an identity whose own baseline is not yet mature is judged.
    List<ParamSpec> peers =
        List.of(
            integer(
                "peer_min_members",
                5,
                2,
                100_000,
                "peers (other members of its group) an identity needs before it is judged against"
                    + " them; smaller groups are not used"),
            new ParamSpec(
                "peer_rare_share",
                ParamType.DECIMAL,
                0.1,
                0.0,
                true,
                1.0,
                "until its own baseline is mature, what an identity does is news only if at most"
                    + " this share of its peers did it within the horizon"),
            new ParamSpec(
                "peer_common_share",
                ParamType.DECIMAL,
                0.5,
                0.0,
                false,
                1.0,
                "what at least this share of its peers did within the horizon is never news, however"
                    + " new for the identity"),
            flag("peer_group_by_namespace", "peers share the namespace, where events carry one"),
            flag(
                "peer_group_by_trust_domain",
                "peers share the trust domain, where events carry one"),
            flag("peer_group_by_owner", "peers share the owner or team, where events carry one"),
            new ParamSpec(
                "peer_group_by_name_prefix",
                ParamType.BOOLEAN,
                false,
                null,
                true,
                null,
                "peers share the identity's name without its instance suffix (agent:support-bot-7"
                    + " → agent:support-bot)"));

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
            new ParamSpec(
                "issuance_not_from_holder",
                ParamType.GLOBS,
                GlobList.of(NOT_FROM_HOLDER),
                null,
                true,
                null,
                "issuers whose TOKEN_ISSUED and TOKEN_REFRESHED are requested from somewhere other"
                    + " than the holder's network (the issuer's infrastructure, a parent, a"
                    + " browser); every other issuance's network counts as one the token was used"
                    + " from, so its first foreign use is a second network at once; a glob matching"
                    + " every issuer counts none"),
            new ParamSpec(
                "lifetime_country_types",
                ParamType.GLOBS,
                GlobList.of(
                    List.of(
                        "SERVICE_ACCOUNT", "WORKLOAD", "CI_PIPELINE", "API_CLIENT", "AI_AGENT")),
                null,
                true,
                null,
                "identity types (globs over the contract's IdentityType names) whose token also"
                    + " fires when used from a country other than the one it was first used from,"
                    + " at any time in its life: machines' egress does not travel"),
            new ParamSpec(
                "lifetime_country_new_client_types",
                ParamType.GLOBS,
                GlobList.of(List.of("HUMAN")),
                null,
                true,
                null,
                "identity types (globs) whose token also fires when used from a country other"
                    + " than the one it was first used from by another client (user agent) than"
                    + " it was first used with, at any time in its life: a person travels with"
                    + " their client, a replayed copy rarely brings it; types in"
                    + " lifetime_country_types are judged by that rule instead"),
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
                "allowance after a token's expiry for validators' leeway and emitters' clocks"),
            new ParamSpec(
                "revocation_grace",
                ParamType.DURATION,
                Duration.ofMinutes(1),
                Duration.ZERO,
                true,
                Duration.ofHours(1),
                "uses this long after TOKEN_REVOKED are requests in flight or a rotated-out token's"
                    + " retries, not a copy"),
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
    SPECS.put(
        RuleKind.TOKEN_OFF_DELIVERY_NETWORK,
        List.of(
            new ParamSpec(
                "learn_first_network",
                ParamType.BOOLEAN,
                true,
                null,
                true,
                null,
                "the first public network the credential is used from is its workload's; false:"
                    + " every public network not covered by the rule's exceptions is off its"
                    + " workload (estates whose workloads reach APIs only privately or through"
                    + " listed egress)"),
            tokenTtl));
    SPECS.put(
        RuleKind.TOKEN_SHARED_CLIENT,
        List.of(
            positive(
                "window",
                Duration.ofMinutes(10),
                Duration.ofHours(1),
                "how far apart in event time, either order, the delivered credential's use and the"
                    + " other principal's use from the same client may be"),
            integer(
                "max_sightings_per_address",
                16,
                1,
                1000,
                "sightings kept per public address and per side (delivered credentials, others)"
                    + " within the window; the oldest go first, so one busy side cannot push the"
                    + " other out"),
            new ParamSpec(
                "other_side_types",
                ParamType.GLOBS,
                GlobList.of(List.of("HUMAN", "UNKNOWN")),
                null,
                true,
                null,
                "identity types (globs over the contract's IdentityType names) whose use of a"
                    + " credential nobody delivered can be the other side: people, and principals"
                    + " of no known type such as CloudTrail's IAM users; only their uses are sent"
                    + " as sightings, with the delivered credentials' own")));
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
        RuleKind.TASK_END_REVOCATION,
        List.of(
            new ParamSpec(
                "grace",
                ParamType.DURATION,
                Duration.ofMinutes(1),
                Duration.ZERO,
                true,
                Duration.ofHours(1),
                "the task's tokens are ended this long after TASK_COMPLETED, so in-flight requests"
                    + " finish; a token that expires sooner is left to expire")));
    SPECS.put(
        RuleKind.NEW_PRIVILEGE,
        concat(
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
                "scopes granted to the identity at token issuance count as already in its baseline"),
            minActiveDays,
            minObservations,
            peers));
    SPECS.put(
        RuleKind.DORMANT_WAKEUP,
        List.of(
            positive(
                "dormancy",
                Duration.ofDays(21),
                Duration.ofDays(365),
                "silence after which an identity is dormant whatever its rhythm (the ceiling)"),
            positive(
                "min_dormancy",
                Duration.ofDays(7),
                Duration.ofDays(365),
                "silence below which an identity is never dormant, whatever its rhythm (the floor;"
                    + " at most dormancy)"),
            new ParamSpec(
                "rhythm_multiplier",
                ParamType.DECIMAL,
                2.0,
                1.0,
                true,
                100.0,
                "between floor and ceiling, dormant once silent this many times its longest silence"
                    + " so far"),
            integer(
                "min_active_days",
                3,
                1,
                365,
                "distinct active days before an identity's rhythm is trusted; until then only the"
                    + " ceiling makes it dormant"),
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
            horizon,
            minActiveDaysForRate,
            minObservationsForRate,
            flag(
                "per_privilege",
                "once its own rate is known, each privileged permission is also judged against the"
                    + " identity's typical count of that permission per window in which it used it"),
            new ParamSpec(
                "peer_multiplier",
                ParamType.DECIMAL,
                5.0,
                1.0,
                true,
                1000.0,
                "until its own rate is known, how many times its peers' busy window (see"
                    + " peer_percentile) fires"),
            new ParamSpec(
                "peer_percentile",
                ParamType.DECIMAL,
                0.99,
                0.5,
                true,
                1.0,
                "the share of its peers' active windows (within the horizon) the busy window"
                    + " bounds: 0.99 is the count 99 in 100 of their windows stayed within"),
            peers.get(0),
            integer(
                "peer_min_windows",
                100,
                1,
                1_000_000,
                "active windows its peers must have closed within the horizon before their busy"
                    + " window judges a young identity")));
    SPECS.put(
        RuleKind.TOOL_FANOUT,
        concat(
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
            maxEntries,
            minActiveDays,
            minObservations,
            peers));

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
    Constraint peerShares =
        new Constraint(
            "peer_common_share",
            "must be greater than peer_rare_share, or one share would be both news and common",
            p -> p.decimal("peer_common_share") > p.decimal("peer_rare_share"));
    CONSTRAINTS.put(RuleKind.NEW_PRIVILEGE, List.of(peerShares));
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
                p -> p.duration("horizon").compareTo(p.duration("window")) > 0),
            peerShares));
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

  /** The default of a decimal parameter; see {@link #defaultDuration}. */
  public static double defaultDecimal(RuleKind kind, String name) {
    return ((Number) spec(kind, name).defaultValue()).doubleValue();
  }

  /** The default of a boolean parameter; see {@link #defaultDuration}. */
  public static boolean defaultFlag(RuleKind kind, String name) {
    return (Boolean) spec(kind, name).defaultValue();
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

  private static ParamSpec flag(String name, String meaning) {
    return new ParamSpec(name, ParamType.BOOLEAN, true, null, true, null, meaning);
  }

  /** Specs and lists of specs, flattened in order. */
  private static List<ParamSpec> concat(Object... specs) {
    List<ParamSpec> all = new java.util.ArrayList<>();
    for (Object spec : specs) {
      if (spec instanceof ParamSpec one) {
        all.add(one);
      } else {
        for (Object each : (List<?>) spec) {
          all.add((ParamSpec) each);
        }
      }
    }
    return List.copyOf(all);
  }
}
