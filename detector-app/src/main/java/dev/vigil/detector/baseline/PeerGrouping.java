package dev.vigil.detector.baseline;

import dev.vigil.detector.ObservedEvent;
import dev.vigil.events.IdentityType;
import dev.vigil.rules.Rule;
import dev.vigil.rules.RuleKind;
import dev.vigil.rules.RulePack;
import dev.vigil.rules.RuleParams;
import dev.vigil.rules.pack.ParamCatalogue;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * How a rule groups identities into peers: always by {@code identity_type}, and, where the event
 * carries them and the rule asks for them, by trust domain, namespace, owner and name prefix. The
 * key is plain text, so a group's baseline can be stored under it (or a topic keyed by it).
 *
 * <ul>
 *   <li><b>trust domain</b>: the authority of a SPIFFE ID ({@code spiffe://prod.corp/...}), from
 *       the identity itself or, failing that, from the attested {@code source.workload_id};
 *   <li><b>namespace</b>: the {@code ns} segment of a SPIFFE ID ({@code /ns/payments/}), the
 *       namespace of a Kubernetes service account ({@code system:serviceaccount:ns:name}), or an
 *       emitter's {@code namespace} / {@code k8s.namespace} attribute;
 *   <li><b>owner</b>: an emitter's {@code owner} or {@code team} attribute;
 *   <li><b>name prefix</b>: the identity's name without its instance suffix, i.e. without the last
 *       {@code -part} of its last dashed name segment: {@code agent:support-bot-7} → {@code
 *       agent:support-bot}, {@code svc-billing-b@corp.iam} → {@code svc-billing@corp.iam}, {@code
 *       spiffe://prod/ns/data/sa/metrics-5} → {@code spiffe://prod/ns/data/sa/metrics}. A name with
 *       no dash is its own prefix.
 * </ul>
 *
 * Attributes are read from the event at hand, so they group only when the emitter sends them on
 * every event of the identity; an attribute missing from one event puts that event's identity in a
 * wider group, never a narrower one.
 */
public record PeerGrouping(
    boolean byNamespace, boolean byTrustDomain, boolean byOwner, boolean byNamePrefix) {

  /** The grouping a rule's {@code peer_group_by_*} parameters ask for. */
  public static PeerGrouping of(RuleParams params) {
    return of(params::flag);
  }

  /**
   * The grouping of the pack's first rule of {@code kind}, enabled rules first (a switched-off rule
   * still says how its baselines are grouped); the catalogue's defaults when the pack has none.
   */
  public static PeerGrouping of(RulePack pack, RuleKind kind) {
    List<Rule> enabled = pack.enabled(kind);
    if (!enabled.isEmpty()) {
      return of(enabled.get(0).params());
    }
    return pack.rules().stream()
        .filter(r -> r.kind() == kind)
        .findFirst()
        .map(r -> of(r.params()))
        .orElseGet(() -> of(flag -> ParamCatalogue.defaultFlag(kind, flag)));
  }

  private static PeerGrouping of(Predicate<String> flag) {
    return new PeerGrouping(
        flag.test("peer_group_by_namespace"),
        flag.test("peer_group_by_trust_domain"),
        flag.test("peer_group_by_owner"),
        flag.test("peer_group_by_name_prefix"));
  }

  /**
   * The peer group of the event's identity, e.g. {@code AI_AGENT|name=agent:support-bot}; null for
   * an identity of unknown type, which has no peers: an emitter that cannot tell a person from a
   * role or a workload gives no ground for likeness, and one group of every such identity would
   * call whatever one of them does first "something none of its peers do" (35 unrelated CloudTrail
   * users replayed together raised 20 such alerts). Left alone until mature, as before peer groups.
   */
  public String keyOf(ObservedEvent event) {
    String id = event.identityId();
    IdentityType type = event.identityType();
    if (type == null || type == IdentityType.UNKNOWN) {
      return null;
    }
    StringBuilder key = new StringBuilder(type.name());
    if (byTrustDomain) {
      String domain = trustDomain(id);
      if (domain == null) {
        domain = trustDomain(event.source().getWorkloadId());
      }
      append(key, "td", domain);
    }
    if (byNamespace) {
      String namespace = namespace(id);
      append(
          key,
          "ns",
          namespace != null ? namespace : attribute(event, "namespace", "k8s.namespace"));
    }
    if (byOwner) {
      append(key, "owner", attribute(event, "owner", "team"));
    }
    if (byNamePrefix) {
      append(key, "name", namePrefix(id));
    }
    return key.toString();
  }

  /** The SPIFFE trust domain of {@code id}, lower-cased, or null. */
  static String trustDomain(String id) {
    if (id == null || !id.regionMatches(true, 0, "spiffe://", 0, 9)) {
      return null;
    }
    int end = id.indexOf('/', 9);
    String domain = end < 0 ? id.substring(9) : id.substring(9, end);
    return domain.isEmpty() ? null : domain.toLowerCase(Locale.ROOT);
  }

  /** The namespace a SPIFFE ID or Kubernetes service account names, or null. */
  static String namespace(String id) {
    if (id == null) {
      return null;
    }
    int ns = id.indexOf("/ns/");
    if (ns >= 0 && trustDomain(id) != null) {
      int from = ns + 4;
      int end = id.indexOf('/', from);
      String namespace = end < 0 ? id.substring(from) : id.substring(from, end);
      return namespace.isEmpty() ? null : namespace;
    }
    if (id.startsWith("system:serviceaccount:")) {
      String rest = id.substring("system:serviceaccount:".length());
      int colon = rest.indexOf(':');
      return colon > 0 ? rest.substring(0, colon) : null;
    }
    return null;
  }

  /** {@code id} without its instance suffix; see the class comment. */
  static String namePrefix(String id) {
    if (id == null || id.isEmpty()) {
      return id;
    }
    int at = id.lastIndexOf('@');
    String local = at > 0 ? id.substring(0, at) : id;
    String domain = at > 0 ? id.substring(at) : "";
    // The last dashed segment (segments split by '/' and ':'), its last "-part" dropped.
    int end = local.length();
    while (end > 0) {
      int start = Math.max(local.lastIndexOf('/', end - 1), local.lastIndexOf(':', end - 1)) + 1;
      int dash = local.lastIndexOf('-', end - 1);
      if (dash >= start && dash > 0 && dash < end - 1) {
        return local.substring(0, dash) + local.substring(end) + domain;
      }
      end = start - 1;
    }
    return id;
  }

  private static String attribute(ObservedEvent event, String... names) {
    Map<String, String> attributes =
        event.isAuth() ? event.auth().getAttributes() : event.use().getAttributes();
    if (attributes == null) {
      return null;
    }
    for (String name : names) {
      String value = attributes.get(name);
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    return null;
  }

  private static void append(StringBuilder key, String part, String value) {
    if (value != null) {
      key.append('|').append(part).append('=').append(value);
    }
  }
}
