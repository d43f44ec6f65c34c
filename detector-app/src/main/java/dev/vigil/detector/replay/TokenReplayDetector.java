package dev.vigil.detector.replay;

import static dev.vigil.detector.state.ByEventTime.earlier;
import static dev.vigil.detector.state.ByEventTime.later;

import dev.vigil.detector.Detector;
import dev.vigil.detector.Finding;
import dev.vigil.detector.FindingWording;
import dev.vigil.detector.ObservedEvent;
import dev.vigil.detector.StateCodec;
import dev.vigil.detector.profile.ProfileBuilder;
import dev.vigil.detector.profile.TokenFacts;
import dev.vigil.detector.rulestore.EnabledRules;
import dev.vigil.events.AuthEvent;
import dev.vigil.events.AuthEventKind;
import dev.vigil.events.Outcome;
import dev.vigil.rules.Rule;
import dev.vigil.rules.RuleKind;
import dev.vigil.rules.RulePack;
import dev.vigil.rules.match.GlobList;
import dev.vigil.rules.match.NetworkKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * TOKEN_REPLAY, keyed by token: one credential presented by someone other than its holder.
 *
 * <ul>
 *   <li>{@code token_context_mismatch}: a use whose attested {@code workload_id} or {@code binding}
 *       differs from the one its issuer bound the token to (at issuance, or re-bound by a later
 *       refresh), or, with no binding known, from the first attested context that used it;
 *   <li>{@code token_network_spread}: uses from at least {@code min_distinct_asns} networks or
 *       {@code min_distinct_countries} countries inside {@code window} (networks as {@link
 *       NetworkKey#of}, so IP churn inside one network is one network). The network a token's
 *       issuance or refresh was requested from counts as a use's, unless its issuer is one of
 *       {@code issuance_not_from_holder} or the platform requested it to deliver the credential
 *       into a workload: a token first used from a foreign network right after its holder asked for
 *       it is two networks at once. Over the token's whole life, {@link CountryMoveCheck} judges a
 *       use from another country than its first;
 *   <li>{@code token_revoked_or_expired_use}: a use after the token's {@code TOKEN_REVOKED} plus
 *       {@code revocation_grace}, or after {@code token_expires_at} plus {@code clock_skew} (kept
 *       apart because validators' leeway applies to expiry only);
 *   <li>{@code token_off_delivery_network}: a credential the platform delivered into a workload
 *       (its uses carry the {@value #CREDENTIAL_CONTEXT} attribute, e.g. an EC2 instance's role
 *       credentials) used from a public network other than the first one it was used from, or, with
 *       {@code learn_first_network: false}, from any public network the rule's exceptions do not
 *       list. Where the vendor records no caller workload (CloudTrail), the network is the stand-in
 *       for it; private addresses (VPC endpoints, in-cluster calls) are the workload's own side and
 *       uses with no address (the provider acting) say nothing.
 * </ul>
 *
 * The fifth kind, {@code token_shared_client}, compares identities rather than one token's uses, so
 * it is judged outside this detector, per source address: see {@link SharedClientCheck}.
 *
 * <p>Every event re-judges the recent uses, so a revocation or issuance that arrives after a later
 * use (out of order, inside the topology's grace) still convicts that use by event time.
 *
 * <p>State size, and what it costs. The holder's identity is taken from the event judged (a token's
 * events name its holder), not kept per token. Once the token's last activity is past its expiry
 * plus {@code clock_skew} plus the lookback, its bindings and first attested context are dropped:
 * every later use is already an expired use, so a context mismatch or spread on a spent token is
 * not reported separately (the expired-use finding is). The hourly sweep's {@link #compact} does
 * the same for a token that goes quiet, against stream time rather than its own last event. A token
 * whose end (expiry or revocation) is known is forgotten {@code expired_token_ttl} after that end,
 * or after its last use if later, instead of {@code token_ttl} after it: a copy replayed later than
 * that goes unreported here. Tokens with no known end keep {@code token_ttl}.
 */
public final class TokenReplayDetector implements Detector<TokenState> {

  private static final int MAX_EVIDENCE = 20;

  /**
   * The use attribute naming where the platform delivered the credential (adapters set it; see
   * docs/SOURCES.md), e.g. {@code aws:ec2:instance/i-0abc}. It travels with the credential, so a
   * stolen copy carries it too: it says whose network to expect, never who called.
   */
  static final String CREDENTIAL_CONTEXT = "credential_context";

  private final Duration lookback;
  private final TokenStateCodec codec = new TokenStateCodec();

  public TokenReplayDetector() {
    this(Detector.DEFAULT_LOOKBACK);
  }

  public TokenReplayDetector(Duration lookback) {
    this.lookback = lookback;
  }

  @Override
  public String name() {
    return "token-replay";
  }

  @Override
  public KeyBy keyBy() {
    return KeyBy.TOKEN;
  }

  @Override
  public boolean accepts(ObservedEvent event) {
    if (event.tokenId() == null) {
      return false;
    }
    if (event.isUse()) {
      return true;
    }
    AuthEvent auth = event.auth();
    if (auth.getOutcome() != Outcome.SUCCESS) {
      return false;
    }
    return switch (auth.getKind()) {
      case TOKEN_ISSUED, TOKEN_REFRESHED, TOKEN_REVOKED -> true;
      default -> false;
    };
  }

  @Override
  public TokenState newState() {
    return new TokenState();
  }

  @Override
  public List<Finding> onEvent(TokenState state, ObservedEvent event, RulePack pack) {
    if (event.isAuth()) {
      remember(state, event.auth());
      rememberRequest(state, event.auth());
    } else {
      TokenUse use = TokenUse.of(event, NetworkKey.of(event.source()));
      state.addUse(use);
      state.locate(use, event.source() == null ? null : event.source().getUserAgent());
      if (deliveredTo(event) != null && isPublic(use)) {
        state.addDeliveredPublicUse(use);
      }
    }
    state.touch(event.eventTime());
    state.pruneUses(retention(pack));
    if (state.spent(EnabledRules.tokenClockSkew(pack).plus(lookback))) {
      state.forgetContext();
    }

    List<Finding> findings = new ArrayList<>();
    for (Rule rule : pack.enabled(RuleKind.TOKEN_CONTEXT_MISMATCH)) {
      contextMismatch(state, event, rule, findings);
    }
    for (Rule rule : pack.enabled(RuleKind.TOKEN_NETWORK_SPREAD)) {
      networkSpread(state, event, rule, findings);
    }
    for (Rule rule : pack.enabled(RuleKind.TOKEN_REVOKED_OR_EXPIRED_USE)) {
      revokedOrExpired(state, event, rule, findings);
    }
    for (Rule rule : pack.enabled(RuleKind.TOKEN_OFF_DELIVERY_NETWORK)) {
      offDeliveryNetwork(state, event, rule, findings);
    }
    return findings;
  }

  @Override
  public boolean isExpired(TokenState state, Instant streamTime, RulePack pack) {
    Instant last = state.lastActivity();
    if (last == null) {
      return true;
    }
    Instant end = state.endsAt();
    if (end == null) {
      return streamTime.isAfter(last.plus(tokenTtl(pack)));
    }
    // A token whose end is known is remembered past it, and past its last use, only as long as
    // a use after the end is still worth catching; the lookback keeps late events judged.
    Instant settled = later(state.lastSeen, end.plus(EnabledRules.tokenClockSkew(pack)));
    Duration keep = expiredTokenTtl(pack);
    return streamTime.isAfter(settled.plus(keep.compareTo(lookback) > 0 ? keep : lookback));
  }

  /**
   * A token quiet past its expiry plus {@code clock_skew} plus the lookback sheds its context now,
   * not at its next use: every event still to come is at most the topology's grace (covered by the
   * lookback) older than {@code streamTime}, so any later use is past expiry and convicted by the
   * expiry alone. Uses older than the retention before {@code streamTime} go too, live token or
   * not: a late event lands inside the lookback, after them, so it cannot convict them.
   */
  @Override
  public boolean compact(TokenState state, Instant streamTime, RulePack pack) {
    boolean changed = state.pruneUsesBefore(streamTime.minus(retention(pack)));
    if (state.expiresAt != null
        && streamTime.isAfter(
            state.expiresAt.plus(EnabledRules.tokenClockSkew(pack)).plus(lookback))
        && state.hasContext()) {
      state.forgetContext();
      changed = true;
    }
    return changed;
  }

  @Override
  public StateCodec<TokenState> codec() {
    return codec;
  }

  @Override
  public void describe(TokenState state, String tokenId, ProfileBuilder profile) {
    TokenFacts token =
        profile
            .token(tokenId)
            .expiresAt(state.expiresAt)
            .revokedAt(state.revokedAt)
            .used(state.lastSeen);
    if (!state.bindings.isEmpty()) {
      TokenState.Binding bound = state.bindings.get(state.bindings.size() - 1);
      token.binding(BindingWords.of("bound to", bound.workloadId(), bound.binding()));
    } else if (state.firstAttested != null) {
      TokenUse first = state.firstAttested;
      token.binding(BindingWords.of("first presented by", first.workloadId(), first.binding()));
    }
  }

  private static void remember(TokenState state, AuthEvent auth) {
    Instant time = auth.getEventTime();
    switch (auth.getKind()) {
      case TOKEN_ISSUED, TOKEN_REFRESHED -> {
        // Issuance binds the token; a refresh that names a context re-binds it from then on.
        if (auth.getSource() != null) {
          state.addBinding(
              new TokenState.Binding(
                  time,
                  auth.getEventId(),
                  auth.getSource().getWorkloadId(),
                  auth.getSource().getBinding()));
        }
        state.expiresAt = later(state.expiresAt, auth.getTokenExpiresAt());
      }
      case TOKEN_REVOKED -> {
        if (state.revokedAt == null || time.isBefore(state.revokedAt)) {
          state.revokedAt = time;
          state.revokedEventId = auth.getEventId();
        }
      }
      default -> {}
    }
  }

  /**
   * Keeps where an issuance or refresh was requested from, when that says where the token is used
   * from: a request from a public network or a known country; not one from private space (the
   * holder is inside the estate, its public egress unknown, so its first public use would look like
   * a second network), nor one the platform made to deliver the credential into a workload (its
   * {@value #CREDENTIAL_CONTEXT}: AWS for an instance or function, the kubelet for a pod), whose
   * address is the platform's. Which issuers' requests are the holder's own is the rule's to say.
   */
  private static void rememberRequest(TokenState state, AuthEvent auth) {
    boolean issuing =
        auth.getKind() == AuthEventKind.TOKEN_ISSUED
            || auth.getKind() == AuthEventKind.TOKEN_REFRESHED;
    if (!issuing
        || auth.getSource() == null
        || (auth.getAttributes() != null && auth.getAttributes().get(CREDENTIAL_CONTEXT) != null)) {
      return;
    }
    TokenUse from = TokenUse.requestOf(auth, NetworkKey.of(auth.getSource()));
    if (!NetworkKey.PRIVATE.equals(from.network())
        && (from.network() != null || from.country() != null)) {
      state.addRequest(new TokenState.Request(from, auth.getIssuer()));
    }
  }

  private void contextMismatch(TokenState s, ObservedEvent trigger, Rule rule, List<Finding> out) {
    String tokenId = trigger.tokenId();
    Instant now = trigger.eventTime();
    boolean bound = !s.bindings.isEmpty();
    TokenUse reference = s.firstAttested;
    if (!bound && (reference == null || excepted(rule, trigger, reference))) {
      return;
    }
    for (TokenUse use : s.uses) {
      if (!use.attested() || excepted(rule, trigger, use)) {
        continue;
      }
      TokenState.Binding binding = bound ? s.bindingAt(use.time()) : null;
      boolean conflict =
          bound
              ? use.conflictsWith(binding.workloadId(), binding.binding())
              : use.conflictsWith(reference.workloadId(), reference.binding());
      if (!conflict || !s.reported.mark(rule.id() + "|ctx|" + use.context())) {
        continue;
      }
      String expected = bound ? binding.context() : reference.context();
      String expectedEventId = bound ? binding.eventId() : reference.eventId();
      Instant start = bound ? binding.time() : reference.time();
      List<String> ids = new ArrayList<>();
      addIfPresent(ids, expectedEventId);
      ids.add(use.eventId());
      Map<String, List<String>> observed = new LinkedHashMap<>();
      observed.put("contexts", List.of(expected, use.context()));
      observed.put("sources", List.of(use.describeSource()));
      observed.put("tools", List.of(use.tool()));
      String summary =
          "Token "
              + tokenId
              + " of "
              + trigger.identityId()
              + " was presented from "
              + use.context()
              + (bound
                  ? ", not the context its issuer bound it to ("
                  : ", not the context that first used it (")
              + expected
              + ").";
      out.add(
          finding(
              rule,
              trigger,
              tokenId,
              "ctx|" + use.context(),
              earlier(start, use.time()),
              use.time(),
              summary,
              ids,
              observed,
              ids.size(),
              now));
    }
  }

  private void networkSpread(TokenState s, ObservedEvent trigger, Rule rule, List<Finding> out) {
    String tokenId = trigger.tokenId();
    Instant now = trigger.eventTime();
    Duration window = rule.params().duration("window");
    int minNetworks = rule.params().integer("min_distinct_asns");
    int minCountries = rule.params().integer("min_distinct_countries");
    List<TokenUse> located = new ArrayList<>();
    for (TokenUse use : s.uses) {
      if ((use.network() != null || use.country() != null) && !excepted(rule, trigger, use)) {
        located.add(use);
      }
    }
    // The holder's own request for the token is where the token was first: its network counts as a
    // use's, so the first use from anywhere else is already a second network.
    GlobList notFromHolder = rule.params().patterns("issuance_not_from_holder");
    List<TokenUse> requested = new ArrayList<>();
    for (TokenState.Request request : s.requests) {
      String issuer = request.issuer() == null ? "" : request.issuer();
      if (!notFromHolder.anyMatches(issuer) && !excepted(rule, trigger, request.from())) {
        requested.add(request.from());
      }
    }
    located.addAll(requested);
    located.sort(Comparator.comparing(TokenUse::time));
    for (TokenUse first : located) {
      Instant end = first.time().plus(window);
      List<TokenUse> inWindow =
          located.stream()
              .filter(u -> !u.time().isBefore(first.time()) && !u.time().isAfter(end))
              .toList();
      Set<String> networks = new LinkedHashSet<>();
      Set<String> countries = new LinkedHashSet<>();
      for (TokenUse u : inWindow) {
        addIfPresent(networks, u.network());
        addIfPresent(countries, u.country());
      }
      boolean spread = networks.size() >= minNetworks || countries.size() >= minCountries;
      if (!spread || !s.reported.mark(rule.id() + "|spread")) {
        continue;
      }
      Map<String, List<String>> observed = new LinkedHashMap<>();
      observed.put("networks", List.copyOf(networks));
      observed.put("countries", List.copyOf(countries));
      observed.put("sources", distinct(inWindow.stream().map(TokenUse::describeSource).toList()));
      observed.put("tools", distinct(inWindow.stream().map(TokenUse::tool).toList()));
      Instant last = inWindow.get(inWindow.size() - 1).time();
      String summary =
          "Token "
              + tokenId
              + " of "
              + trigger.identityId()
              + (inWindow.stream().anyMatch(requested::contains)
                  ? " was requested or used from "
                  : " was used from ")
              + networks.size()
              + " networks in "
              + countries.size()
              + " countries within "
              + FindingWording.span(window)
              + " ("
              + String.join(", ", networks)
              + ").";
      out.add(
          finding(
              rule,
              trigger,
              tokenId,
              "spread|" + first.time().toEpochMilli(),
              first.time(),
              last,
              summary,
              ids(inWindow),
              observed,
              inWindow.size(),
              now));
      return;
    }
    CountryMoveCheck.judge(s, trigger, rule, located, out);
  }

  private void revokedOrExpired(TokenState s, ObservedEvent trigger, Rule rule, List<Finding> out) {
    String tokenId = trigger.tokenId();
    Instant now = trigger.eventTime();
    Duration revocationGrace = rule.params().duration("revocation_grace");
    Duration skew = rule.params().duration("clock_skew");
    boolean successfulOnly = rule.params().flag("successful_uses_only");
    for (TokenUse use : s.uses) {
      if ((successfulOnly && !use.successful()) || excepted(rule, trigger, use)) {
        continue;
      }
      boolean pastGrace =
          s.revokedAt != null && use.time().isAfter(s.revokedAt.plus(revocationGrace));
      boolean revoked =
          pastGrace
              || (s.revokedAt != null
                  && use.time().isAfter(s.revokedAt)
                  && s.fromUnseenCountry(use));
      boolean expired = s.expiresAt != null && use.time().isAfter(s.expiresAt.plus(skew));
      if (!revoked && !expired) {
        continue;
      }
      String reason = revoked ? "revoked" : "expired";
      if (!s.reported.mark(rule.id() + "|" + reason)) {
        continue;
      }
      Instant limit = revoked ? s.revokedAt : s.expiresAt;
      List<String> ids = new ArrayList<>();
      if (revoked) {
        addIfPresent(ids, s.revokedEventId);
      }
      ids.add(use.eventId());
      Map<String, List<String>> observed = new LinkedHashMap<>();
      observed.put(revoked ? "revoked_at" : "expires_at", List.of(limit.toString()));
      observed.put("sources", List.of(use.describeSource()));
      observed.put("tools", List.of(use.tool()));
      String summary =
          "Token "
              + tokenId
              + " of "
              + trigger.identityId()
              + " was used at "
              + use.tool()
              + " at "
              + FindingWording.time(use.time())
              + ", after it was "
              + reason
              + " at "
              + FindingWording.time(limit)
              + (revoked && !pastGrace
                  ? ", from "
                      + use.country()
                      + ", a country it had not been used from: no request of its holder's in"
                      + " flight"
                  : "")
              + ".";
      out.add(
          finding(
              rule,
              trigger,
              tokenId,
              reason,
              earlier(limit, use.time()),
              use.time(),
              summary,
              ids,
              observed,
              ids.size(),
              now));
    }
  }

  private void offDeliveryNetwork(
      TokenState s, ObservedEvent trigger, Rule rule, List<Finding> out) {
    String deliveredTo = deliveredTo(trigger);
    if (deliveredTo == null) {
      return;
    }
    boolean learn = rule.params().flag("learn_first_network");
    // Learning: the first public network is the workload's, so there is nothing to judge until
    // one is known. Not learning: only the rule's exceptions (the estate's listed egress) are.
    TokenUse home = learn ? s.firstPublic : null;
    if (learn && home == null) {
      return;
    }
    String tokenId = trigger.tokenId();
    for (TokenUse use : s.uses) {
      if (!isPublic(use)
          || (home != null && use.network().equals(home.network()))
          || excepted(rule, trigger, use)
          || !s.reported.mark(rule.id() + "|offnet|" + use.network())) {
        continue;
      }
      List<String> ids = new ArrayList<>();
      if (home != null) {
        ids.add(home.eventId());
      }
      ids.add(use.eventId());
      Map<String, List<String>> observed = new LinkedHashMap<>();
      observed.put("delivered_to", List.of(deliveredTo));
      observed.put(
          "networks",
          home == null ? List.of(use.network()) : List.of(home.network(), use.network()));
      observed.put(
          "sources",
          home == null
              ? List.of(use.describeSource())
              : List.of(home.describeSource(), use.describeSource()));
      observed.put("tools", List.of(use.tool()));
      String summary =
          "Token "
              + tokenId
              + " of "
              + trigger.identityId()
              + ", delivered to "
              + deliveredTo
              + ", was used from "
              + use.describeSource()
              + (home != null
                  ? ", not the network it was first used from there (" + home.network() + ")."
                  : ", a public network its rule does not list for delivered credentials.");
      out.add(
          finding(
              rule,
              trigger,
              tokenId,
              "offnet|" + use.network(),
              home != null ? earlier(home.time(), use.time()) : use.time(),
              use.time(),
              summary,
              ids,
              observed,
              ids.size(),
              trigger.eventTime()));
    }
  }

  /** Where the platform delivered the credential of a use, or null (an auth event, or unknown). */
  private static String deliveredTo(ObservedEvent event) {
    if (!event.isUse() || event.use().getAttributes() == null) {
      return null;
    }
    return event.use().getAttributes().get(CREDENTIAL_CONTEXT);
  }

  /** A use from a known network outside private space: the side of the internet it came from. */
  private static boolean isPublic(TokenUse use) {
    return use.network() != null && !NetworkKey.PRIVATE.equals(use.network());
  }

  static boolean excepted(Rule rule, ObservedEvent trigger, TokenUse use) {
    return rule.exceptions().covers(trigger.identityId(), use.tool(), use.ip());
  }

  private Duration retention(RulePack pack) {
    Duration window = EnabledRules.longest(pack, "window", lookback, RuleKind.TOKEN_NETWORK_SPREAD);
    return window.compareTo(lookback) > 0 ? window : lookback;
  }

  /** How long past its end a token is remembered; just the lookback when no rule asks for more. */
  private Duration expiredTokenTtl(RulePack pack) {
    return EnabledRules.longest(
        pack, "expired_token_ttl", lookback, RuleKind.TOKEN_REVOKED_OR_EXPIRED_USE);
  }

  private static Duration tokenTtl(RulePack pack) {
    return EnabledRules.longest(
        pack,
        "token_ttl",
        RuleKind.TOKEN_CONTEXT_MISMATCH,
        RuleKind.TOKEN_NETWORK_SPREAD,
        RuleKind.TOKEN_OFF_DELIVERY_NETWORK);
  }

  static Finding finding(
      Rule rule,
      ObservedEvent trigger,
      String tokenId,
      String evidence,
      Instant start,
      Instant end,
      String summary,
      List<String> ids,
      Map<String, List<String>> observed,
      long count,
      Instant triggeredAt) {
    return new Finding(
        rule.id(),
        trigger.identityId(),
        trigger.identityType(),
        tokenId,
        tokenId + "|" + evidence,
        start,
        end,
        summary,
        ids.size() > MAX_EVIDENCE ? ids.subList(0, MAX_EVIDENCE) : ids,
        observed,
        count,
        triggeredAt);
  }

  static List<String> ids(List<TokenUse> uses) {
    return uses.stream().map(TokenUse::eventId).limit(MAX_EVIDENCE).toList();
  }

  static List<String> distinct(List<String> values) {
    Set<String> set = new LinkedHashSet<>();
    values.forEach(v -> addIfPresent(set, v));
    return List.copyOf(set);
  }

  private static void addIfPresent(java.util.Collection<String> into, String value) {
    if (value != null) {
      into.add(value);
    }
  }
}
