package dev.vigil.detector.ocsf;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.events.Alert;
import dev.vigil.events.IdentityType;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An {@link Alert} as an OCSF <b>Detection Finding</b> ({@code class_uid} 2004, category Findings,
 * {@code category_uid} 2) of OCSF {@value #OCSF_VERSION}: a pure mapping, no I/O, the same alert
 * always giving the same finding.
 *
 * <ul>
 *   <li>{@code finding_info}: {@code uid} the alert id, {@code title}, {@code desc} the summary,
 *       {@code analytic} the rule (type Rule), {@code first_seen_time}/{@code last_seen_time} the
 *       evidence window, {@code created_time} when the detector emitted it, {@code types} the
 *       detection, {@code attacks} from the rule's {@code attack.*} tags, {@code
 *       related_events_count} the evidence count.
 *   <li>{@code severity_id} from the alert's severity (Low 2, Medium 3, High 4, Critical 5); {@code
 *       status_id} 1 (New); {@code activity_id} 1 (Create); {@code type_uid} 200401; {@code time}
 *       the detection time; {@code start_time}/{@code end_time} the evidence window.
 *   <li>{@code actor.user}: the identity, {@code type_id} 4 (Service) for every non-human identity,
 *       1 (User) for a person, 0 (Unknown) otherwise. A Detection Finding has a top-level {@code
 *       actor} through the {@code host} profile, so {@code metadata.profiles} names it.
 *   <li>{@code evidences}: one per source address the alert observed ({@code src_endpoint.ip}), or
 *       one naming the identity when it observed none.
 *   <li>{@code unmapped}: what OCSF has no home for: the detection, identity type, token
 *       fingerprint and its known expiry, requested response, {@code retrospective} (only when
 *       true: history read during the warm-up), evidence event ids, every tag and the {@code
 *       observed} map as the alert has them.
 * </ul>
 *
 * <p>Only what the alert says is written: nothing is looked up, nothing is invented. {@link
 * #toJsonBytes} is the form for files and for a Kafka {@code Serializer<Alert>}.
 */
public final class OcsfDetectionFinding {

  /** The OCSF release the findings follow, written to {@code metadata.version}. */
  public static final String OCSF_VERSION = "1.9.0";

  public static final int CATEGORY_UID = 2;
  public static final String CATEGORY_NAME = "Findings";
  public static final int CLASS_UID = 2004;
  public static final String CLASS_NAME = "Detection Finding";
  public static final int ACTIVITY_CREATE = 1;
  public static final long TYPE_UID = CLASS_UID * 100L + ACTIVITY_CREATE;
  public static final int STATUS_NEW = 1;

  public static final String PRODUCT_NAME = "Vigil";
  public static final String VENDOR_NAME = "Vigil";

  private static final Pattern ATTACK_TAG =
      Pattern.compile("attack\\.(t(\\d{4})(?:\\.(\\d{3}))?|ta(\\d{4}))", Pattern.CASE_INSENSITIVE);
  private static final Pattern IPV4 =
      Pattern.compile(
          "(?:(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  /** ATT&CK names for the identifiers Vigil's rule packs use; others are written by id alone. */
  private static final Map<String, String> ATTACK_NAMES =
      Map.ofEntries(
          Map.entry("T1021", "Remote Services"),
          Map.entry("T1078", "Valid Accounts"),
          Map.entry("T1078.004", "Cloud Accounts"),
          Map.entry("T1098", "Account Manipulation"),
          Map.entry("T1526", "Cloud Service Discovery"),
          Map.entry("T1528", "Steal Application Access Token"),
          Map.entry("T1550", "Use Alternate Authentication Material"),
          Map.entry("T1550.001", "Application Access Token"),
          Map.entry("TA0001", "Initial Access"),
          Map.entry("TA0002", "Execution"),
          Map.entry("TA0003", "Persistence"),
          Map.entry("TA0004", "Privilege Escalation"),
          Map.entry("TA0005", "Defense Evasion"),
          Map.entry("TA0006", "Credential Access"),
          Map.entry("TA0007", "Discovery"),
          Map.entry("TA0008", "Lateral Movement"),
          Map.entry("TA0009", "Collection"),
          Map.entry("TA0010", "Exfiltration"),
          Map.entry("TA0011", "Command and Control"),
          Map.entry("TA0040", "Impact"));

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final String productVersion;

  /** Findings naming this build's version of Vigil as the product version. */
  public OcsfDetectionFinding() {
    this(defaultProductVersion());
  }

  public OcsfDetectionFinding(String productVersion) {
    if (productVersion == null || productVersion.isBlank()) {
      throw new IllegalArgumentException("the product version is empty");
    }
    this.productVersion = productVersion;
  }

  /** The finding as a JSON object; a new object each call. */
  public ObjectNode toFinding(Alert alert) {
    Objects.requireNonNull(alert, "alert");
    long detectedAt = alert.getDetectedAt().toEpochMilli();
    long windowStart = alert.getWindowStart().toEpochMilli();
    long windowEnd = alert.getWindowEnd().toEpochMilli();

    ObjectNode finding = MAPPER.createObjectNode();
    finding.put("activity_id", ACTIVITY_CREATE);
    finding.put("activity_name", "Create");
    finding.put("category_uid", CATEGORY_UID);
    finding.put("category_name", CATEGORY_NAME);
    finding.put("class_uid", CLASS_UID);
    finding.put("class_name", CLASS_NAME);
    finding.put("type_uid", TYPE_UID);
    finding.put("type_name", CLASS_NAME + ": Create");
    int severityId = severityId(alert);
    finding.put("severity_id", severityId);
    finding.put("severity", severityCaption(severityId));
    finding.put("status_id", STATUS_NEW);
    finding.put("status", "New");
    finding.put("time", detectedAt);
    finding.put("start_time", windowStart);
    finding.put("end_time", windowEnd);
    finding.put("message", alert.getSummary());
    finding.put("is_alert", true);
    finding.set("metadata", metadata(alert));
    finding.set("finding_info", findingInfo(alert, detectedAt, windowStart, windowEnd));
    finding.set("actor", actor(alert));
    finding.set("evidences", evidences(alert));
    finding.set("unmapped", unmapped(alert));
    return finding;
  }

  /** The finding as compact UTF-8 JSON, for a file line or a Kafka record value. */
  public byte[] toJsonBytes(Alert alert) {
    try {
      return MAPPER.writeValueAsBytes(toFinding(alert));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot write the OCSF finding of " + alert.getAlertId(), e);
    }
  }

  /** {@link #toJsonBytes} as a string: one line of an OCSF JSON-lines file. */
  public String toJsonLine(Alert alert) {
    return new String(toJsonBytes(alert), StandardCharsets.UTF_8);
  }

  private ObjectNode metadata(Alert alert) {
    ObjectNode metadata = MAPPER.createObjectNode();
    metadata.put("version", OCSF_VERSION);
    // The host profile is what gives a finding its top-level actor.
    metadata.putArray("profiles").add("host");
    ObjectNode product = metadata.putObject("product");
    product.put("name", PRODUCT_NAME);
    product.put("vendor_name", VENDOR_NAME);
    product.put("version", productVersion);
    // The finding's own id: the alert id is deterministic, so a re-sent finding keeps it.
    metadata.put("uid", alert.getAlertId());
    return metadata;
  }

  private static ObjectNode findingInfo(
      Alert alert, long detectedAt, long windowStart, long windowEnd) {
    ObjectNode info = MAPPER.createObjectNode();
    info.put("uid", alert.getAlertId());
    info.put("title", detectionTitle(alert.getDetection().name()) + " by " + alert.getIdentityId());
    info.put("desc", alert.getSummary());
    ObjectNode analytic = info.putObject("analytic");
    analytic.put("uid", alert.getRuleId());
    analytic.put("name", alert.getRuleId());
    analytic.put("type_id", 1);
    analytic.put("type", "Rule");
    info.put("created_time", detectedAt);
    info.put("first_seen_time", windowStart);
    info.put("last_seen_time", windowEnd);
    info.putArray("types").add(alert.getDetection().name());
    ArrayNode attacks = attacks(alert.getTags());
    if (!attacks.isEmpty()) {
      info.set("attacks", attacks);
    }
    info.put("related_events_count", alert.getEventCount());
    return info;
  }

  /**
   * One {@code attack} per ATT&CK technique tag ({@code technique}, plus {@code sub_technique} for
   * {@code attack.tNNNN.NNN}) and one per tactic tag ({@code tactic}). Rule tags do not say which
   * tactic a technique served, so techniques and tactics are not paired.
   */
  static ArrayNode attacks(List<String> tags) {
    ArrayNode attacks = MAPPER.createArrayNode();
    Set<String> seen = new LinkedHashSet<>();
    for (String tag : tags) {
      Matcher m = ATTACK_TAG.matcher(tag.trim());
      if (!m.matches() || !seen.add(m.group(1).toUpperCase(Locale.ROOT))) {
        continue;
      }
      ObjectNode attack = MAPPER.createObjectNode();
      if (m.group(4) != null) {
        attack.set("tactic", named("TA" + m.group(4)));
      } else {
        String technique = "T" + m.group(2);
        attack.set("technique", named(technique));
        if (m.group(3) != null) {
          attack.set("sub_technique", named(technique + "." + m.group(3)));
        }
      }
      attacks.add(attack);
    }
    return attacks;
  }

  private static ObjectNode named(String uid) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("uid", uid);
    String name = ATTACK_NAMES.get(uid);
    if (name != null) {
      node.put("name", name);
    }
    return node;
  }

  private static ObjectNode actor(Alert alert) {
    ObjectNode actor = MAPPER.createObjectNode();
    actor.set("user", user(alert));
    return actor;
  }

  /** The identity as an OCSF {@code user}: a security principal, human or not. */
  private static ObjectNode user(Alert alert) {
    ObjectNode user = MAPPER.createObjectNode();
    user.put("uid", alert.getIdentityId());
    user.put("name", alert.getIdentityId());
    int typeId = userTypeId(alert.getIdentityType());
    user.put("type_id", typeId);
    user.put("type", typeId == 4 ? "Service" : typeId == 1 ? "User" : "Unknown");
    return user;
  }

  static int userTypeId(IdentityType type) {
    if (type == null) {
      return 0;
    }
    return switch (type) {
      case HUMAN -> 1;
      case SERVICE_ACCOUNT, WORKLOAD, AI_AGENT, CI_PIPELINE, API_CLIENT -> 4;
      default -> 0;
    };
  }

  private static ArrayNode evidences(Alert alert) {
    ArrayNode evidences = MAPPER.createArrayNode();
    for (String ip : sourceIps(alert.getObserved())) {
      ObjectNode evidence = evidences.addObject();
      evidence.putObject("src_endpoint").put("ip", ip);
    }
    if (evidences.isEmpty()) {
      evidences.addObject().set("actor", actor(alert));
    }
    return evidences;
  }

  /**
   * The IP addresses among {@code observed.sources}, in order, once each. A source is written by
   * the detectors as the address first, then what is known of it ({@code "185.2.2.2 (asn:9009,
   * RO)"}, {@code "10.0.0.7 AS64500 US"}); a first word that is not an IP literal (e.g. {@code
   * unknown-ip}) is left to {@code unmapped.observed}.
   */
  static List<String> sourceIps(Map<String, List<String>> observed) {
    List<String> sources = observed == null ? null : observed.get("sources");
    if (sources == null) {
      return List.of();
    }
    Set<String> ips = new LinkedHashSet<>();
    for (String source : sources) {
      if (source == null || source.isBlank()) {
        continue;
      }
      String first = source.trim().split("\\s+", 2)[0];
      if (IPV4.matcher(first).matches() || isIpv6(first)) {
        ips.add(first);
      }
    }
    return new ArrayList<>(ips);
  }

  private static boolean isIpv6(String text) {
    if (!IPV6.matcher(text).matches() || text.length() > 45) {
      return false;
    }
    try {
      // A literal with a colon is parsed, never resolved.
      return java.net.InetAddress.getByName(text) instanceof java.net.Inet6Address;
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  private static ObjectNode unmapped(Alert alert) {
    ObjectNode unmapped = MAPPER.createObjectNode();
    unmapped.put("detection", alert.getDetection().name());
    unmapped.put("rule_id", alert.getRuleId());
    unmapped.put("identity_type", alert.getIdentityType().name());
    if (alert.getTokenId() != null) {
      unmapped.put("token_id", alert.getTokenId());
    }
    if (alert.getTokenExpiresAt() != null) {
      unmapped.put("token_expires_at", alert.getTokenExpiresAt().toString());
    }
    unmapped.put("response_action", alert.getAction().name());
    if (alert.getRetrospective()) {
      // Only when true: a live alert's finding stays byte for byte what it was before warm-up.
      unmapped.put("retrospective", true);
    }
    unmapped.put("event_count", alert.getEventCount());
    ArrayNode eventIds = unmapped.putArray("event_ids");
    alert.getEventIds().forEach(eventIds::add);
    ArrayNode tags = unmapped.putArray("tags");
    alert.getTags().forEach(tags::add);
    ObjectNode observed = unmapped.putObject("observed");
    new TreeMap<>(alert.getObserved())
        .forEach(
            (key, values) -> {
              ArrayNode list = observed.putArray(key);
              values.forEach(list::add);
            });
    return unmapped;
  }

  static int severityId(Alert alert) {
    return switch (alert.getSeverity()) {
      case LOW -> 2;
      case MEDIUM -> 3;
      case HIGH -> 4;
      case CRITICAL -> 5;
    };
  }

  private static String severityCaption(int severityId) {
    return switch (severityId) {
      case 2 -> "Low";
      case 3 -> "Medium";
      case 4 -> "High";
      case 5 -> "Critical";
      default -> "Unknown";
    };
  }

  private static String detectionTitle(String detection) {
    return switch (detection) {
      case "TOKEN_REPLAY" -> "Token replay";
      case "ACCESS_OUTLIVES_INTENT" -> "Access outlives intent";
      case "SUDDEN_PRIVILEGE_USE" -> "Sudden privilege use";
      case "LATERAL_MOVEMENT" -> "Lateral movement";
      default -> detection;
    };
  }

  private static String defaultProductVersion() {
    String version = OcsfDetectionFinding.class.getPackage().getImplementationVersion();
    return version == null || version.isBlank() ? "0.1.0" : version;
  }
}
