package dev.vigil.detector.replay;

import dev.vigil.detector.Finding;
import dev.vigil.detector.FindingWording;
import dev.vigil.detector.ObservedEvent;
import dev.vigil.detector.rulestore.EnabledRules;
import dev.vigil.events.IdentityType;
import dev.vigil.events.Source;
import dev.vigil.rules.Rule;
import dev.vigil.rules.RuleKind;
import dev.vigil.rules.RulePack;
import dev.vigil.rules.match.NetworkKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * TOKEN_REPLAY across identities, {@code token_shared_client}: one client acting as two principals.
 * A credential the platform delivered into a workload (its use carries {@value
 * TokenReplayDetector#CREDENTIAL_CONTEXT}) used by the same client - the same public source address
 * and the same full user agent - as a different identity whose credential nobody delivered (a
 * long-term key, a person), within {@code window} of each other in event time, either order: the
 * delivered credential is in that other principal's hands, taken off its workload (SSM SendCommand
 * on an instance, then the instance's role credentials from the operator's machine).
 *
 * <p>Why each condition. Only a delivered credential paired with a non-delivered one held by a
 * principal that is not itself a workload (not typed {@code WORKLOAD}, not attested): instance
 * roles of a fleet behind one NAT gateway, and the services beside them, share address and SDK, and
 * must not convict each other. The exact user agent: unrelated clients behind a shared NAT rarely
 * send the same string within minutes. Public addresses only: private space is shared by design and
 * says nothing. No user agent, no sighting.
 *
 * <p>Pure logic in two halves, because the evidence spans identities while state is kept per
 * identity: {@link #sightingOf} runs in the identity's task and says whether an event is worth
 * sending on, keyed by address; {@link #onSighting} runs in the address's task over that address's
 * {@link ClientSightings} and turns a matching pair into a finding about the delivered credential,
 * which the topology takes back to that credential's identity.
 */
public final class SharedClientCheck {

  private static final RuleKind KIND = RuleKind.TOKEN_SHARED_CLIENT;

  private SharedClientCheck() {}

  /**
   * Who used which client in {@code event} (address, identity, credential and the full user agent),
   * or null when no sighting can come of it under {@code rules} (the pack's enabled rules of the
   * kind): not a credential use, no address or no user agent, or a caller that can be on neither
   * side ({@link #canTakeSide}). A cheap first look: it parses nothing, so the caller can skip
   * repeats before {@link #sightingOf}.
   */
  public static String clientKey(ObservedEvent event, List<Rule> rules) {
    if (!event.isUse()) {
      return null;
    }
    Source source = event.use().getSource();
    if (source == null
        || source.getIp() == null
        || source.getUserAgent() == null
        || source.getUserAgent().isBlank()
        || !canTakeSide(event, deliveredTo(event), rules)) {
      return null;
    }
    return source.getIp()
        + '\n'
        + event.identityId()
        + '\n'
        + event.tokenId()
        + '\n'
        + source.getUserAgent();
  }

  /**
   * A delivered credential is always on its side. Any other caller is on the other side only if its
   * identity type is one an enabled rule lists in {@code other_side_types}: by default people and
   * principals of no known type (CloudTrail's IAM users, whose keys may be a person's or a
   * script's). Machine identities typed by their emitter (service accounts, CI jobs, agents, API
   * clients) are left out: a CI runner on an instance legitimately calls with its own key and the
   * instance's role through one address and SDK, and leaving them out spares every sighting of the
   * estate's busiest callers (the sightings of a simulated estate fall by about nine in ten).
   */
  private static boolean canTakeSide(ObservedEvent event, String deliveredTo, List<Rule> rules) {
    if (deliveredTo != null) {
      return true;
    }
    for (Rule rule : rules) {
      if (rule.params().patterns("other_side_types").anyMatches(event.identityTypeName())) {
        return true;
      }
    }
    return false;
  }

  private static String deliveredTo(ObservedEvent event) {
    Map<String, String> attributes = event.use().getAttributes();
    return attributes == null ? null : attributes.get(TokenReplayDetector.CREDENTIAL_CONTEXT);
  }

  /**
   * The sighting of {@code event}, or null when it cannot matter: not a credential use, no user
   * agent, no public address literal, excepted by every enabled rule of the kind, or a credential
   * nobody delivered used by a workload ({@link #isWorkload}) or by an identity of a type no rule
   * lists in {@code other_side_types}.
   */
  public static ClientSighting sightingOf(ObservedEvent event, RulePack pack) {
    List<Rule> rules = pack.enabled(KIND);
    if (rules.isEmpty() || !event.isUse()) {
      return null;
    }
    Source source = event.use().getSource();
    if (source == null || source.getUserAgent() == null || source.getUserAgent().isBlank()) {
      return null;
    }
    String ip = source.getIp();
    String network = NetworkKey.ofIp(ip);
    if (network == null || NetworkKey.PRIVATE.equals(network)) {
      return null;
    }
    String tool = event.use().getTool();
    boolean counts = false;
    for (Rule rule : rules) {
      counts |= !rule.exceptions().covers(event.identityId(), tool, ip);
    }
    if (!counts) {
      return null;
    }
    String deliveredTo = deliveredTo(event);
    if (deliveredTo == null && (isWorkload(event, source) || !canTakeSide(event, null, rules))) {
      return null;
    }
    return new ClientSighting(
        ip,
        ClientSighting.clientOf(source.getUserAgent()),
        event.identityId(),
        event.identityType(),
        event.tokenId(),
        deliveredTo,
        tool,
        event.eventId(),
        event.eventTime());
  }

  /**
   * Whether the caller of a use whose credential nobody delivered is a workload all the same: typed
   * {@code WORKLOAD} by its source, or attested ({@code workload_id} or {@code binding}). It is
   * then on the workload side, like a delivered credential, and pairs with nothing: a service
   * behind the NAT gateway of an instance fleet, with the same SDK, must not convict the fleet's
   * instance roles. Only a principal that is not a workload, and of a type listed in {@code
   * other_side_types} ({@link #canTakeSide}), can be the other side.
   */
  private static boolean isWorkload(ObservedEvent event, Source source) {
    return event.identityType() == IdentityType.WORKLOAD
        || source.getWorkloadId() != null
        || source.getBinding() != null;
  }

  /**
   * How long an address's sightings are kept after its newest: the longest window of the enabled
   * rules, plus {@code lateness}, how much older than the newest a sighting may still arrive (the
   * topology's grace), so a late partner still finds the sighting it pairs with.
   */
  public static Duration retention(RulePack pack, Duration lateness) {
    return EnabledRules.longest(pack, "window", KIND).plus(lateness);
  }

  /**
   * Adds {@code sighting} to its address's {@code state} and reports each new pair it completes: a
   * finding per enabled rule and per (delivered credential, other identity, client), once. The
   * partner taken as evidence is the closest in event time. Arrival order does not matter: the pair
   * is judged on event times, by whichever of the two arrives second.
   */
  public static List<Finding> onSighting(
      ClientSightings state, ClientSighting sighting, RulePack pack, Duration lateness) {
    List<Rule> rules = pack.enabled(KIND);
    if (rules.isEmpty() || !state.add(sighting, capPerSide(rules))) {
      return List.of();
    }
    state.forgetBefore(state.newest().minus(retention(pack, lateness)));
    if (!state.sideOf(sighting).contains(sighting)) {
      return List.of(); // older than every sighting the cap keeps: it pairs with nothing
    }
    List<Finding> findings = new ArrayList<>();
    for (Rule rule : rules) {
      if (excepted(rule, sighting)) {
        continue;
      }
      Map<String, ClientSighting> partners = partners(state, sighting, rule);
      for (Map.Entry<String, ClientSighting> pair : partners.entrySet()) {
        ClientSighting partner = pair.getValue();
        ClientSighting delivered = sighting.delivered() ? sighting : partner;
        ClientSighting other = sighting.delivered() ? partner : sighting;
        Instant later = latest(delivered, other);
        if (state.markReported(pair.getKey(), later, 2 * capPerSide(rules))) {
          findings.add(finding(rule, delivered, other));
        }
      }
    }
    return findings;
  }

  /** Whether an address's state has aged out entirely at {@code streamTime}. */
  public static boolean isExpired(
      ClientSightings state, Instant streamTime, RulePack pack, Duration lateness) {
    return state.newest() == null
        || state.newest().isBefore(streamTime.minus(retention(pack, lateness)));
  }

  /**
   * The partners of {@code sighting} under {@code rule}, by the rule's reported key: from the other
   * side, the same client, another identity, within the window; the closest in time for each key.
   */
  private static Map<String, ClientSighting> partners(
      ClientSightings state, ClientSighting sighting, Rule rule) {
    Duration window = rule.params().duration("window");
    Map<String, ClientSighting> closest = new LinkedHashMap<>();
    for (ClientSighting other : state.oppositeOf(sighting)) {
      if (!other.client().equals(sighting.client())
          || other.identityId().equals(sighting.identityId())
          || excepted(rule, other)) {
        continue;
      }
      Duration gap = gap(sighting, other);
      if (gap.compareTo(window) > 0) {
        continue;
      }
      ClientSighting delivered = sighting.delivered() ? sighting : other;
      ClientSighting notDelivered = sighting.delivered() ? other : sighting;
      String key = rule.id() + "|" + evidenceKey(delivered, notDelivered);
      ClientSighting best = closest.get(key);
      if (best == null || gap.compareTo(gap(sighting, best)) < 0) {
        closest.put(key, other);
      }
    }
    return closest;
  }

  /**
   * What identifies the evidence, and so the alert id: the delivered credential, the principal
   * whose client used it, and that client (address and user agent). Which events of the two
   * principals met first does not enter it, so any arrival order gives the same id.
   */
  static String evidenceKey(ClientSighting delivered, ClientSighting other) {
    return delivered.tokenId()
        + "|shared|"
        + other.identityId()
        + "|"
        + delivered.address()
        + "|"
        + delivered.client();
  }

  private static Finding finding(Rule rule, ClientSighting delivered, ClientSighting other) {
    ClientSighting first =
        other.eventTime().isBefore(delivered.eventTime())
                || (other.eventTime().equals(delivered.eventTime())
                    && other.eventId().compareTo(delivered.eventId()) < 0)
            ? other
            : delivered;
    ClientSighting second = first == delivered ? other : delivered;
    Map<String, List<String>> observed = new LinkedHashMap<>();
    observed.put("delivered_to", List.of(delivered.deliveredTo()));
    observed.put("identities", List.of(other.identityId()));
    observed.put("sources", List.of(delivered.address()));
    observed.put("user_agents", List.of(delivered.client()));
    observed.put("tools", distinct(first.tool(), second.tool()));
    String summary =
        "Token "
            + delivered.tokenId()
            + " of "
            + delivered.identityId()
            + ", delivered to "
            + delivered.deliveredTo()
            + ", was used from "
            + delivered.address()
            + " by the same client (user agent \""
            + delivered.client()
            + "\") as "
            + other.identityId()
            + ", whose credential was not delivered to a workload, "
            + FindingWording.span(gap(delivered, other))
            + " apart: the delivered credential is in that principal's hands.";
    return new Finding(
        rule.id(),
        delivered.identityId(),
        delivered.identityType(),
        delivered.tokenId(),
        evidenceKey(delivered, other),
        first.eventTime(),
        second.eventTime(),
        summary,
        List.of(first.eventId(), second.eventId()),
        observed,
        2,
        second.eventTime());
  }

  private static boolean excepted(Rule rule, ClientSighting s) {
    return rule.exceptions().covers(s.identityId(), s.tool(), s.address());
  }

  private static int capPerSide(List<Rule> rules) {
    int cap = 1;
    for (Rule rule : rules) {
      cap = Math.max(cap, rule.params().integer("max_sightings_per_address"));
    }
    return cap;
  }

  private static Duration gap(ClientSighting a, ClientSighting b) {
    return Duration.between(a.eventTime(), b.eventTime()).abs();
  }

  private static Instant latest(ClientSighting a, ClientSighting b) {
    return a.eventTime().isAfter(b.eventTime()) ? a.eventTime() : b.eventTime();
  }

  private static List<String> distinct(String... values) {
    Set<String> set = new LinkedHashSet<>();
    for (String v : values) {
      if (v != null) {
        set.add(v);
      }
    }
    return List.copyOf(set);
  }
}
