package dev.vigil.rules.pack;

import dev.vigil.events.ResponseAction;
import dev.vigil.events.Severity;
import dev.vigil.rules.RiskPolicy;
import dev.vigil.rules.Rule;
import dev.vigil.rules.RuleExceptions;
import dev.vigil.rules.RuleKind;
import dev.vigil.rules.RulePack;
import dev.vigil.rules.RuleParams;
import dev.vigil.rules.match.Cidr;
import dev.vigil.rules.match.Glob;
import dev.vigil.rules.pack.YamlNode.Entry;
import dev.vigil.rules.pack.YamlNode.Mapping;
import dev.vigil.rules.pack.YamlNode.Scalar;
import dev.vigil.rules.pack.YamlNode.Sequence;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a {@link YamlNode} tree into a {@link RulePack}, checking everything and recording every
 * problem with its location. Reads on after a problem so that one run reports them all; returns a
 * pack only when there were none.
 */
final class PackReader {

  static final List<String> PACK_KEYS =
      List.of("pack", "version", "privileged", "response", "risk", "rules");
  static final List<String> RESPONSE_KEYS = List.of("max_revocations_per_minute");
  static final List<String> RISK_KEYS = List.of("decay", "escalate_at_detections");
  static final List<String> RULE_KEYS =
      List.of(
          "id",
          "kind",
          "description",
          "severity",
          "action",
          "enabled",
          "suppress_for",
          "params",
          "exceptions",
          "tags");
  static final List<String> EXCEPTION_KEYS = List.of("identities", "tools", "networks");

  /** Global revocation cap when a pack has no {@code response} section. */
  static final int DEFAULT_MAX_REVOCATIONS_PER_MINUTE = 20;

  /**
   * The largest cap a pack may set. The cap is the brake that keeps a bad rule (or a flood of
   * forged events) from revoking the estate; past a thousand commands a minute, more than any team
   * can follow or undo, it no longer brakes anything.
   */
  static final int MAX_REVOCATIONS_PER_MINUTE_LIMIT = 1000;

  /** Cooldown when a rule has no {@code suppress_for}. */
  static final Duration DEFAULT_SUPPRESSION = Duration.ofMinutes(30);

  /** Ids appear in metric labels and alert ids, so they are kept to a plain, bounded alphabet. */
  private static final Pattern RULE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  /** Sigma-style namespaced tags: attack.t1550.001, owasp.asi03, owasp.nhi7. */
  private static final Pattern TAG = Pattern.compile("[a-z][a-z0-9_-]*(\\.[a-z0-9][a-z0-9_-]*)+");

  private final Problems problems;

  PackReader(Problems problems) {
    this.problems = problems;
  }

  /** The pack, or null when any problem was found (the problems say which). */
  RulePack read(YamlNode root) {
    Mapping pack = mapping(root, "", "the pack");
    if (pack == null) {
      return null;
    }
    keys(pack, "", PACK_KEYS, List.of("pack", "version", "rules"));
    String name = string(pack, "pack", "pack", true);
    String version = versionText(pack);
    List<String> privileged = patterns(pack.get("privileged"), "privileged");
    int maxRevocations = response(pack.get("response"));
    RiskPolicy risk = risk(pack.get("risk"));
    List<Rule> rules = rules(pack.get("rules"));
    if (!problems.isEmpty()) {
      return null;
    }
    return new RulePack(name, version, privileged, maxRevocations, risk, rules);
  }

  private String versionText(Mapping pack) {
    YamlNode node = pack.get("version");
    if (node == null || isNull(node)) {
      return null;
    }
    if (node instanceof Scalar s
        && !s.isNull()
        && !(s.value() instanceof Boolean)
        && !s.text().isBlank()) {
      return s.text();
    }
    problems.add(node.mark(), "version", "expected a version like 2026.1, got " + node.describe());
    return null;
  }

  private int response(YamlNode node) {
    if (node == null || isNull(node)) {
      return DEFAULT_MAX_REVOCATIONS_PER_MINUTE;
    }
    Mapping m = mapping(node, "response", "the response section");
    if (m == null) {
      return DEFAULT_MAX_REVOCATIONS_PER_MINUTE;
    }
    keys(m, "response", RESPONSE_KEYS, List.of());
    YamlNode cap = m.get("max_revocations_per_minute");
    if (cap == null) {
      return DEFAULT_MAX_REVOCATIONS_PER_MINUTE;
    }
    String field = "response.max_revocations_per_minute";
    try {
      int value = (Integer) ParamType.INTEGER.read(cap);
      if (value < 0) {
        problems.add(
            cap.mark(),
            field,
            "must be at least 0 (0 turns every revocation into an alert), got " + value);
      } else if (value > MAX_REVOCATIONS_PER_MINUTE_LIMIT) {
        problems.add(
            cap.mark(),
            field,
            "must be at most "
                + MAX_REVOCATIONS_PER_MINUTE_LIMIT
                + " (the cap is the brake on mass revocation), got "
                + value);
      }
      return value;
    } catch (IllegalArgumentException e) {
      problems.add(cap.mark(), field, e.getMessage());
      return DEFAULT_MAX_REVOCATIONS_PER_MINUTE;
    }
  }

  /**
   * The {@code risk} section: {@code decay} per severity (each one missing keeps its default) and
   * {@code escalate_at_detections}. Decays stay within {@link RiskPolicy#MIN_DECAY} and {@link
   * RiskPolicy#MAX_DECAY} and never shrink as severity grows: a critical alert that stopped
   * counting before a low one would lower the level as the evidence got worse.
   */
  private RiskPolicy risk(YamlNode node) {
    if (node == null || isNull(node)) {
      return RiskPolicy.DEFAULTS;
    }
    Mapping m = mapping(node, "risk", "the risk section");
    if (m == null) {
      return RiskPolicy.DEFAULTS;
    }
    keys(m, "risk", RISK_KEYS, List.of());
    Map<Severity, Duration> decay = new EnumMap<>(RiskPolicy.DEFAULTS.decay());
    YamlNode decayNode = m.get("decay");
    if (decayNode != null && !isNull(decayNode)) {
      Mapping d = mapping(decayNode, "risk.decay", "the decay per severity");
      if (d != null) {
        List<String> severities =
            Arrays.stream(Severity.values()).map(s -> s.name().toLowerCase(Locale.ROOT)).toList();
        keys(d, "risk.decay", severities, List.of());
        for (Severity severity : Severity.values()) {
          String key = severity.name().toLowerCase(Locale.ROOT);
          Duration value = typed(d, key, "risk.decay", ParamType.DURATION);
          if (value == null) {
            continue;
          }
          if (value.compareTo(RiskPolicy.MIN_DECAY) < 0
              || value.compareTo(RiskPolicy.MAX_DECAY) > 0) {
            problems.add(
                d.get(key).mark(),
                "risk.decay." + key,
                "must be between "
                    + DurationText.format(RiskPolicy.MIN_DECAY)
                    + " and "
                    + DurationText.format(RiskPolicy.MAX_DECAY)
                    + ", got "
                    + DurationText.format(value));
          }
          decay.put(severity, value);
        }
        Severity[] order = Severity.values();
        for (int i = 1; i < order.length; i++) {
          if (decay.get(order[i]).compareTo(decay.get(order[i - 1])) < 0) {
            String key = order[i].name().toLowerCase(Locale.ROOT);
            problems.add(
                decayNode.mark(),
                "risk.decay." + key,
                "must be at least the decay of "
                    + order[i - 1].name().toLowerCase(Locale.ROOT)
                    + " ("
                    + DurationText.format(decay.get(order[i - 1]))
                    + "): a more severe alert may not stop counting sooner");
          }
        }
      }
    }
    int escalate = RiskPolicy.DEFAULTS.escalateAtDetections();
    Integer configured = typed(m, "escalate_at_detections", "risk", ParamType.INTEGER);
    if (configured != null) {
      if (configured != 0 && (configured < 2 || configured > RiskPolicy.MAX_ESCALATE_AT)) {
        problems.add(
            m.get("escalate_at_detections").mark(),
            "risk.escalate_at_detections",
            "must be 0 (never escalate) or between 2 and "
                + RiskPolicy.MAX_ESCALATE_AT
                + ", got "
                + configured);
      }
      escalate = configured;
    }
    return new RiskPolicy(decay, escalate);
  }

  private List<Rule> rules(YamlNode node) {
    if (node == null || isNull(node)) {
      return List.of();
    }
    if (!(node instanceof Sequence seq)) {
      problems.add(node.mark(), "rules", "expected a list of rules, got " + node.describe());
      return List.of();
    }
    if (seq.items().isEmpty()) {
      problems.add(
          node.mark(),
          "rules",
          "a pack needs at least one rule (disable rules with enabled: false)");
    }
    List<Rule> rules = new ArrayList<>();
    Map<String, Integer> firstLineOfId = new HashMap<>();
    for (int i = 0; i < seq.items().size(); i++) {
      String path = "rules[" + i + "]";
      YamlNode item = seq.items().get(i);
      Mapping m = mapping(item, path, "a rule");
      if (m == null) {
        continue;
      }
      Rule rule = rule(m, path, firstLineOfId);
      if (rule != null) {
        rules.add(rule);
      }
    }
    return rules;
  }

  private Rule rule(Mapping m, String path, Map<String, Integer> firstLineOfId) {
    int before = problems.count();

    String id = string(m, "id", path + ".id", true);
    if (id != null) {
      YamlNode idNode = m.get("id");
      if (!RULE_ID.matcher(id).matches()) {
        problems.add(
            idNode.mark(),
            path + ".id",
            "an id is 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit; got \""
                + id
                + "\"");
      } else if (firstLineOfId.containsKey(id)) {
        problems.add(
            idNode.mark(),
            path + ".id",
            "duplicate rule id '" + id + "'; it is first used at line " + firstLineOfId.get(id));
      } else {
        firstLineOfId.put(id, idNode.mark().line());
      }
    }
    RuleKind kind = choice(m, "kind", path, RuleKind.class, true, RuleKind::yamlName);
    keys(m, path, RULE_KEYS, List.of("id", "kind", "severity"), kind);
    String description = string(m, "description", path + ".description", false);
    Severity severity =
        choice(m, "severity", path, Severity.class, true, s -> s.name().toLowerCase(Locale.ROOT));
    ResponseAction action =
        choice(
            m, "action", path, ResponseAction.class, false, a -> a.name().toLowerCase(Locale.ROOT));
    Boolean enabled = typed(m, "enabled", path, ParamType.BOOLEAN);
    Duration suppression = typed(m, "suppress_for", path, ParamType.DURATION);
    if (suppression != null && suppression.isNegative()) {
      problems.add(m.get("suppress_for").mark(), path + ".suppress_for", "must not be negative");
    }
    RuleParams params = kind == null ? null : params(m.get("params"), path + ".params", kind);
    RuleExceptions exceptions = exceptions(m.get("exceptions"), path + ".exceptions");
    List<String> tags = tags(m.get("tags"), path + ".tags");

    if (problems.count() > before) {
      return null;
    }
    return new Rule(
        id,
        kind,
        description,
        severity,
        action == null ? ResponseAction.NONE : action,
        enabled == null || enabled,
        suppression == null ? DEFAULT_SUPPRESSION : suppression,
        params,
        exceptions,
        tags);
  }

  private RuleParams params(YamlNode node, String path, RuleKind kind) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (ParamSpec spec : ParamCatalogue.of(kind)) {
      values.put(spec.name(), spec.defaultValue());
    }
    if (node == null || isNull(node)) {
      return new RuleParams(values);
    }
    Mapping m = mapping(node, path, "the params section");
    if (m == null) {
      return null;
    }
    int before = problems.count();
    List<String> names = ParamCatalogue.of(kind).stream().map(ParamSpec::name).toList();
    for (Entry e : m.entries().values()) {
      String field = path + "." + e.key();
      ParamSpec spec = ParamCatalogue.find(kind, e.key()).orElse(null);
      if (spec == null) {
        problems.add(
            e.keyMark(),
            field,
            "unknown parameter for kind "
                + kind.yamlName()
                + Suggestions.didYouMean(e.key(), names)
                + "; it takes "
                + String.join(", ", names));
        continue;
      }
      try {
        Object value = spec.type().read(e.value());
        String range = spec.rangeProblem(value);
        if (range != null) {
          problems.add(e.value().mark(), field, range);
        } else {
          values.put(e.key(), value);
        }
      } catch (IllegalArgumentException ex) {
        problems.add(e.value().mark(), field, ex.getMessage());
      }
    }
    if (problems.count() > before) {
      return null;
    }
    RuleParams params = new RuleParams(values);
    for (ParamCatalogue.Constraint c : ParamCatalogue.constraints(kind)) {
      if (!c.holds().test(params)) {
        Entry at = m.entries().get(c.param());
        problems.add(
            at == null ? m.mark() : at.value().mark(), path + "." + c.param(), c.message());
      }
    }
    return problems.count() > before ? null : params;
  }

  private RuleExceptions exceptions(YamlNode node, String path) {
    if (node == null || isNull(node)) {
      return RuleExceptions.NONE;
    }
    Mapping m = mapping(node, path, "the exceptions section");
    if (m == null) {
      return null;
    }
    int before = problems.count();
    keys(m, path, EXCEPTION_KEYS, List.of());
    List<String> identities = patterns(m.get("identities"), path + ".identities");
    List<String> tools = patterns(m.get("tools"), path + ".tools");
    List<String> networks = new ArrayList<>();
    List<Scalar> items = strings(m.get("networks"), path + ".networks");
    for (int i = 0; i < items.size(); i++) {
      Scalar s = items.get(i);
      if (s == null) {
        continue;
      }
      try {
        Cidr.parse((String) s.value());
        networks.add((String) s.value());
      } catch (IllegalArgumentException e) {
        problems.add(s.mark(), path + ".networks[" + i + "]", "invalid CIDR: " + e.getMessage());
      }
    }
    return problems.count() == before ? new RuleExceptions(identities, tools, networks) : null;
  }

  private List<String> tags(YamlNode node, String path) {
    List<String> tags = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    List<Scalar> items = strings(node, path);
    for (int i = 0; i < items.size(); i++) {
      Scalar s = items.get(i);
      if (s == null) {
        continue;
      }
      String tag = (String) s.value();
      String field = path + "[" + i + "]";
      if (!TAG.matcher(tag).matches()) {
        problems.add(
            s.mark(),
            field,
            "a tag is a lowercase dotted id like attack.t1550.001 or owasp.asi03, got \""
                + tag
                + "\"");
      } else if (!seen.add(tag)) {
        problems.add(s.mark(), field, "duplicate tag '" + tag + "'");
      } else {
        tags.add(tag);
      }
    }
    return tags;
  }

  /** A list of glob patterns: every item a usable pattern. */
  private List<String> patterns(YamlNode node, String path) {
    List<String> out = new ArrayList<>();
    List<Scalar> items = strings(node, path);
    for (int i = 0; i < items.size(); i++) {
      Scalar s = items.get(i);
      if (s == null) {
        continue;
      }
      String problem = Glob.problem((String) s.value());
      if (problem != null) {
        problems.add(s.mark(), path + "[" + i + "]", "invalid pattern: " + problem);
      } else {
        out.add((String) s.value());
      }
    }
    return out;
  }

  /**
   * The items of a list of strings; an item that is not a string is reported and comes back null,
   * so indexes still match the source. A missing or null list is empty.
   */
  private List<Scalar> strings(YamlNode node, String path) {
    if (node == null || isNull(node)) {
      return List.of();
    }
    if (!(node instanceof Sequence seq)) {
      problems.add(node.mark(), path, "expected a list of strings, got " + node.describe());
      return List.of();
    }
    List<Scalar> out = new ArrayList<>();
    for (int i = 0; i < seq.items().size(); i++) {
      YamlNode item = seq.items().get(i);
      if (item instanceof Scalar s && s.value() instanceof String) {
        out.add(s);
      } else {
        problems.add(
            item.mark(), path + "[" + i + "]", "expected a string, got " + item.describe());
        out.add(null);
      }
    }
    return out;
  }

  private <E extends Enum<E>> E choice(
      Mapping m,
      String key,
      String path,
      Class<E> type,
      boolean required,
      java.util.function.Function<E, String> yamlName) {
    String field = path + "." + key;
    String text = string(m, key, field, required);
    if (text == null) {
      return null;
    }
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equalsIgnoreCase(text.strip())) {
        return constant;
      }
    }
    List<String> names = Arrays.stream(type.getEnumConstants()).map(yamlName).toList();
    problems.add(
        m.get(key).mark(),
        field,
        "unknown "
            + key
            + " \""
            + text
            + "\""
            + Suggestions.didYouMean(text, names)
            + "; expected one of "
            + String.join(", ", names));
    return null;
  }

  @SuppressWarnings("unchecked")
  private <T> T typed(Mapping m, String key, String path, ParamType type) {
    YamlNode node = m.get(key);
    if (node == null) {
      return null;
    }
    try {
      return (T) type.read(node);
    } catch (IllegalArgumentException e) {
      problems.add(
          node.mark(),
          path + "." + key,
          e.getMessage() + (isNull(node) ? "; remove the key to use the default" : ""));
      return null;
    }
  }

  /** A string value; missing required keys are reported by {@link #keys}. */
  private String string(Mapping m, String key, String field, boolean required) {
    YamlNode node = m.get(key);
    if (node == null) {
      return null;
    }
    if (node instanceof Scalar s && s.value() instanceof String text) {
      if (required && text.isBlank()) {
        problems.add(node.mark(), field, "must not be empty");
        return null;
      }
      return text;
    }
    if (isNull(node)) {
      return null;
    }
    problems.add(node.mark(), field, "expected a string, got " + node.describe());
    return null;
  }

  private Mapping mapping(YamlNode node, String path, String what) {
    if (node instanceof Mapping m) {
      return m;
    }
    problems.add(
        node.mark(), path, "expected " + what + " as a mapping of keys, got " + node.describe());
    return null;
  }

  /** Reports unknown keys (with a suggestion) and missing required ones. */
  private void keys(Mapping m, String path, List<String> allowed, List<String> required) {
    keys(m, path, allowed, required, null);
  }

  /** As above; for a rule, a parameter of its kind written at rule level is pointed to params. */
  private void keys(
      Mapping m, String path, List<String> allowed, List<String> required, RuleKind kind) {
    for (Entry e : m.entries().values()) {
      if (allowed.contains(e.key())) {
        continue;
      }
      if (kind != null && ParamCatalogue.find(kind, e.key()).isPresent()) {
        problems.add(
            e.keyMark(),
            join(path, e.key()),
            "'" + e.key() + "' is a parameter of " + kind.yamlName() + "; put it under params");
      } else {
        problems.add(
            e.keyMark(),
            join(path, e.key()),
            "unknown key"
                + Suggestions.didYouMean(e.key(), allowed)
                + "; allowed here: "
                + String.join(", ", allowed));
      }
    }
    for (String key : required) {
      YamlNode value = m.get(key);
      if (value == null) {
        problems.add(m.mark(), join(path, key), "missing required key '" + key + "'");
      } else if (isNull(value)) {
        problems.add(
            m.entries().get(key).keyMark(),
            join(path, key),
            "required key '" + key + "' has no value");
      }
    }
  }

  private static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private static boolean isNull(YamlNode node) {
    return node instanceof Scalar s && s.isNull();
  }
}
