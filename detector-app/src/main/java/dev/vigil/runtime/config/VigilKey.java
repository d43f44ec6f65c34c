package dev.vigil.runtime.config;

import dev.vigil.detector.topology.VigilTopics;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Vigil's own settings. Each has a dotted key ({@code vigil.http.port}) used in files and on the
 * command line, an environment variable ({@code VIGIL_HTTP_PORT}: the key upper-cased with dots as
 * underscores), and a built-in default ({@code null} when there is none).
 */
public enum VigilKey {
  SCHEMA_REGISTRY_URL(
      "vigil.schema.registry.url",
      "mock://vigil",
      "Schema Registry URL(s), comma-separated; mock://<scope> for an in-memory registry"),
  SCHEMA_REGISTRY_BASIC_AUTH_CREDENTIALS_SOURCE(
      "vigil.schema.registry.basic.auth.credentials.source",
      null,
      "Confluent's basic.auth.credentials.source for the registry (e.g. USER_INFO)"),
  SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO(
      "vigil.schema.registry.basic.auth.user.info",
      null,
      "Confluent's basic.auth.user.info for the registry, user:password"),
  WEBHOOK_SECRET(
      "vigil.webhook.secret",
      null,
      "HMAC-SHA256 key vigil revoke signs webhook deliveries with; best a reference to a file,"
          + " ${dir:/etc/vigil/secrets:webhook-secret}"),
  TOPIC_AUTH_EVENTS(
      "vigil.topic.auth.events", VigilTopics.DEFAULTS.authEvents(), "topic of AuthEvent records"),
  TOPIC_TOKEN_EVENTS(
      "vigil.topic.token.events",
      VigilTopics.DEFAULTS.tokenEvents(),
      "topic of TokenUseEvent records"),
  TOPIC_ALERTS(
      "vigil.topic.alerts", VigilTopics.DEFAULTS.alerts(), "topic Vigil writes Alert records to"),
  TOPIC_REVOCATIONS(
      "vigil.topic.revocations",
      VigilTopics.DEFAULTS.revocations(),
      "topic Vigil writes RevocationCommand records to"),
  TOPIC_RULES(
      "vigil.topic.rules",
      VigilTopics.DEFAULTS.rules(),
      "compacted topic holding the active rule pack"),
  TOPIC_DLQ(
      "vigil.topic.dlq",
      VigilTopics.DEFAULTS.deadLetters(),
      "dead-letter topic for records Vigil cannot read"),
  TOPIC_FINDINGS_OCSF(
      "vigil.topic.findings.ocsf",
      VigilTopics.DEFAULT_OCSF_FINDINGS,
      "topic Vigil writes every alert's OCSF Detection Finding to, as JSON"),
  TOPIC_RISK(
      "vigil.topic.risk",
      VigilTopics.DEFAULT_RISK,
      "compacted topic of identities at risk: a JSON verdict per identity, a tombstone at none"),
  FINDINGS_OCSF_ENABLED(
      "vigil.findings.ocsf.enabled",
      "true",
      "false: write no OCSF findings (and neither create nor require their topic)"),
  OBSERVE_ONLY(
      "vigil.observe.only",
      "false",
      "true: revocation commands are marked dry_run, consumers only log them"),
  RULES(
      "vigil.rules", null, "rule pack YAML file to publish at start (default: the built-in pack)"),
  WARM_UP(
      "vigil.warm.up",
      "earliest",
      "history the detector learns from at its first start, without answering it: earliest (all"
          + " the input topics retain), a duration before go-live (7d; 0s learns none), or none"
          + " (every event judged live, whatever its age). Go-live is recorded per partition at"
          + " the first start and survives restarts"),
  HISTORY_ALERTS(
      "vigil.history.alerts",
      "suppress",
      "findings on warm-up history: suppress (counted in vigil_history_findings_total) or"
          + " retrospective (alerts marked retrospective); never a revocation command"),
  GRACE(
      "vigil.grace",
      "10m",
      "how far behind its partition's newest event an event may arrive and still count (30s, 5m;"
          + " at most 15m)"),
  EVENT_TIME_MAX_SKEW(
      "vigil.event.time.max.skew",
      "5m",
      "how far ahead of this instance's clock an event_time passes as clock skew; events further"
          + " ahead are still judged but counted (vigil_events_future_total). No event moves stream"
          + " time past the clock"),
  EVENT_TIME_MAX_AHEAD(
      "vigil.event.time.max.ahead",
      "1d",
      "events dated further ahead of this instance's clock are dead-lettered (reason"
          + " future-event); at least vigil.event.time.max.skew, at most 365d"),
  HTTP_PORT("vigil.http.port", "9400", "port of /metrics, /health and /ready; 0 picks a free port"),
  HTTP_BIND_ADDRESS(
      "vigil.http.bind.address",
      "0.0.0.0",
      "address /metrics, /health and /ready listen on: 0.0.0.0 every interface (a container's"
          + " probes and scrapes arrive on the pod's address), 127.0.0.1 this host only"),
  HTTP_QUERY_TOKEN(
      "vigil.http.query.token",
      null,
      "bearer token the query endpoints (GET /identities/{id}, GET /risk/{id}) require, the"
          + " same on every instance; unset, they are off. A secret: give it in a file or the"
          + " environment"),
  APPLICATION_SERVER(
      "vigil.application.server",
      null,
      "host:port other instances reach this one's HTTP server at, for identity queries (Kafka"
          + " Streams' application.server); default: the bind address, or this host's address"
          + " when it binds every interface, and the HTTP port"),
  TOPICS_CREATE(
      "vigil.topics.create",
      "true",
      "create missing topics at start (false: only check and name the missing ones)"),
  TOPICS_PARTITIONS("vigil.topics.partitions", "3", "partitions of topics Vigil creates"),
  TOPICS_REPLICATION_FACTOR(
      "vigil.topics.replication.factor",
      "-1",
      "replication factor of topics Vigil creates; -1 takes the broker's default"),
  SHUTDOWN_TIMEOUT(
      "vigil.shutdown.timeout",
      "30s",
      "how long a graceful shutdown waits for Kafka Streams to commit and close");

  private static final Map<String, VigilKey> BY_KEY =
      Arrays.stream(values()).collect(Collectors.toMap(VigilKey::key, Function.identity()));

  private final String key;
  private final String defaultValue;
  private final String description;

  VigilKey(String key, String defaultValue, String description) {
    this.key = key;
    this.defaultValue = defaultValue;
    this.description = description;
  }

  public String key() {
    return key;
  }

  /** The built-in default, or {@code null} when the setting is unset unless configured. */
  public String defaultValue() {
    return defaultValue;
  }

  public String description() {
    return description;
  }

  /** {@code VIGIL_HTTP_PORT} for {@code vigil.http.port}. */
  public String environmentVariable() {
    return key.replace('.', '_').toUpperCase(java.util.Locale.ROOT);
  }

  public static Optional<VigilKey> byKey(String key) {
    return Optional.ofNullable(BY_KEY.get(key));
  }
}
