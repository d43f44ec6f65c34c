package dev.vigil.rules.pack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.rules.RuleKind;
import dev.vigil.rules.RuleParams;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ParamCatalogueTest {

  /** privilege_burst's parameters, in catalogue order. */
  private static final String[] BURST_PARAMS = {
    "window",
    "multiplier",
    "min_count",
    "learning_period",
    "horizon",
    "min_active_days",
    "min_observations",
    "per_privilege",
    "peer_multiplier",
    "peer_percentile",
    "peer_min_members",
    "peer_min_windows"
  };

  /** The peer-group parameters that new_privilege and tool_fanout both end with, in order. */
  private static final List<String> PEER_PARAMS =
      List.of(
          "peer_min_members",
          "peer_rare_share",
          "peer_common_share",
          "peer_group_by_namespace",
          "peer_group_by_trust_domain",
          "peer_group_by_owner",
          "peer_group_by_name_prefix");

  @ParameterizedTest
  @EnumSource(RuleKind.class)
  void defaultsAreInRangeAndSatisfyTheConstraints(RuleKind kind) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (ParamSpec spec : ParamCatalogue.of(kind)) {
      assertThat(spec.rangeProblem(spec.defaultValue())).as(spec.name()).isNull();
      values.put(spec.name(), spec.defaultValue());
    }
    RuleParams params = new RuleParams(values);
    for (ParamCatalogue.Constraint c : ParamCatalogue.constraints(kind)) {
      assertThat(c.holds().test(params)).as(kind + " " + c.param()).isTrue();
    }
  }

  @Test
  void omittedParametersTakeCatalogueDefaults() {
    var pack =
        RulePacks.parse(
            """
        pack: p
        version: 1
        rules:
          - id: burst
            kind: privilege_burst
            severity: low
            params:
              multiplier: 4
        """,
            "p.yaml");
    RuleParams params = pack.rules().get(0).params();
    assertThat(params.decimal("multiplier")).isEqualTo(4.0);
    assertThat(params.integer("min_count")).isEqualTo(20);
    assertThat(params.duration("window")).isEqualTo(Duration.ofMinutes(5));
    assertThat(params.duration("horizon")).isEqualTo(Duration.ofDays(30));
    assertThat(params.integer("min_active_days")).isEqualTo(3);
    assertThat(params.integer("min_observations")).isEqualTo(20);
    assertThat(params.values()).containsOnlyKeys(BURST_PARAMS);
  }

  @Test
  void issuersNotRequestingForTheHolderAreGlobsWithTheKnownThirdPartyIssuersByDefault() {
    var pack =
        RulePacks.parse(
            """
        pack: p
        version: 1
        rules:
          - id: spread
            kind: token_network_spread
            severity: high
          - id: spread-no-issuance
            kind: token_network_spread
            severity: high
            params:
              issuance_not_from_holder: ['*']
          - id: spread-every-issuance
            kind: token_network_spread
            severity: high
            params:
              issuance_not_from_holder: []
        """,
            "p.yaml");
    var byDefault = pack.rules().get(0).params().patterns("issuance_not_from_holder");
    assertThat(byDefault.anyMatches("github")).isTrue();
    assertThat(byDefault.anyMatches("vault:auth/token/")).isTrue();
    assertThat(byDefault.anyMatches("https://oidc.eks.eu-west-1.amazonaws.com/id/ABC123")).isTrue();
    assertThat(byDefault.anyMatches("https://kubernetes.default.svc.cluster.local")).isTrue();
    // The holder's own requests: an STS, an IdP, a Vault login mount.
    assertThat(byDefault.anyMatches("sts.amazonaws.com")).isFalse();
    assertThat(byDefault.anyMatches("okta:aus1a2b3c")).isFalse();
    assertThat(byDefault.anyMatches("vault:auth/kubernetes/")).isFalse();

    assertThat(pack.rules().get(1).params().patterns("issuance_not_from_holder").anyMatches("x"))
        .isTrue();
    assertThat(pack.rules().get(2).params().patterns("issuance_not_from_holder")).isEmpty();
  }

  @Test
  void contractParameterNamesAreInTheCatalogue() {
    assertThat(names(RuleKind.TOKEN_NETWORK_SPREAD))
        .containsExactly(
            "window",
            "min_distinct_asns",
            "min_distinct_countries",
            "issuance_not_from_holder",
            "lifetime_country_types",
            "lifetime_country_new_client_types",
            "token_ttl");
    assertThat(names(RuleKind.TOKEN_REVOKED_OR_EXPIRED_USE))
        .containsExactly(
            "clock_skew", "revocation_grace", "successful_uses_only", "expired_token_ttl");
    assertThat(names(RuleKind.TOKEN_OFF_DELIVERY_NETWORK))
        .containsExactly("learn_first_network", "token_ttl");
    assertThat(names(RuleKind.TOKEN_SHARED_CLIENT))
        .containsExactly("window", "max_sightings_per_address", "other_side_types");
    assertThat(names(RuleKind.TASK_TOKEN_AFTER_COMPLETION)).containsExactly("grace", "task_ttl");
    assertThat(names(RuleKind.TASK_END_REVOCATION)).containsExactly("grace");
    assertThat(names(RuleKind.NEW_PRIVILEGE))
        .containsExactlyElementsOf(
            thenPeers(
                "learning_period",
                "horizon",
                "max_baseline_entries",
                "trust_granted_scopes",
                "min_active_days",
                "min_observations"));
    assertThat(names(RuleKind.DORMANT_WAKEUP))
        .containsExactly(
            "dormancy",
            "min_dormancy",
            "rhythm_multiplier",
            "min_active_days",
            "wake_window",
            "last_seen_ttl");
    assertThat(names(RuleKind.PRIVILEGE_BURST)).containsExactly(BURST_PARAMS);
    assertThat(names(RuleKind.TOOL_FANOUT))
        .containsExactlyElementsOf(
            thenPeers(
                "window",
                "min_distinct_tools",
                "min_new_tools",
                "learning_period",
                "horizon",
                "max_baseline_entries",
                "min_active_days",
                "min_observations"));
    assertThat(names(RuleKind.TOKEN_CONTEXT_MISMATCH)).containsExactly("token_ttl");
    assertThat(names(RuleKind.AUDIENCE_MISMATCH)).containsExactly("token_ttl");
  }

  @Test
  void peerSharesMustLeaveRoomBetweenNewsAndCommon() {
    RulePackException refused =
        org.junit.jupiter.api.Assertions.assertThrows(
            RulePackException.class,
            () ->
                RulePacks.parse(
                    """
            pack: p
            version: 1
            rules:
              - id: np
                kind: new_privilege
                severity: low
                params:
                  peer_rare_share: 0.5
                  peer_common_share: 0.4
            """,
                    "p.yaml"));
    assertThat(refused.getMessage()).contains("peer_common_share", "greater than peer_rare_share");
  }

  @Test
  void aBurstsPeerParametersAreRangeCheckedWithFileLineAndField() {
    RulePackException refused =
        org.junit.jupiter.api.Assertions.assertThrows(
            RulePackException.class,
            () ->
                RulePacks.parse(
                    """
            pack: p
            version: 1
            rules:
              - id: pb
                kind: privilege_burst
                severity: low
                params:
                  peer_multiplier: 5
                  peer_percentile: 1.5
                  peer_min_windows: 0
            """,
                    "p.yaml"));
    assertThat(refused.problems())
        .extracting(RulePackProblem::field)
        .containsExactly("rules[0].params.peer_percentile", "rules[0].params.peer_min_windows");
    assertThat(refused.problems()).extracting(RulePackProblem::line).containsExactly(9, 10);
    assertThat(refused.getMessage())
        .startsWith("p.yaml:9:")
        .contains("field 'rules[0].params.peer_percentile'");

    RuleParams defaults =
        RulePacks.parse(
                "pack: p\nversion: 1\nrules:\n  - id: pb\n    kind: privilege_burst\n"
                    + "    severity: low\n",
                "p.yaml")
            .rules()
            .get(0)
            .params();
    assertThat(defaults.decimal("peer_multiplier")).isEqualTo(5.0);
    assertThat(defaults.decimal("peer_percentile")).isEqualTo(0.99);
    assertThat(defaults.integer("peer_min_members")).isEqualTo(5);
    assertThat(defaults.integer("peer_min_windows")).isEqualTo(100);
  }

  private static List<String> thenPeers(String... own) {
    return Stream.concat(Stream.of(own), PEER_PARAMS.stream()).toList();
  }

  private static List<String> names(RuleKind kind) {
    return ParamCatalogue.of(kind).stream().map(ParamSpec::name).toList();
  }
}
