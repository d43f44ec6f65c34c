package dev.vigil.tools.ssf;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.vigil.events.Alert;
import dev.vigil.events.Detection;
import dev.vigil.events.IdentityType;
import dev.vigil.events.ResponseAction;
import dev.vigil.events.RevocationAction;
import dev.vigil.events.RevocationCommand;
import dev.vigil.events.Severity;
import dev.vigil.runtime.lifecycle.RetryPolicy;
import dev.vigil.runtime.lifecycle.Sleeper;
import dev.vigil.tools.revoke.AppliedCommandStore;
import dev.vigil.tools.revoke.DeadLetterPublisher;
import dev.vigil.tools.revoke.RevocationApplier;
import dev.vigil.tools.revoke.RevocationConsumer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transmitter end to end against a real HTTP receiver (JDK {@code HttpServer}) that behaves as
 * an SSF receiver would: it finds the transmitter's JWKS through {@code
 * /.well-known/ssf-configuration}, verifies every SET's signature with the published key, and
 * checks the SET's claims, event type and subject format. Kafka is a {@code MockConsumer}; the
 * once-only store is the real one, reopened from its directory across a restart.
 */
class SsfTransmitterTest {

  private static final String COMMANDS = "identity.revocations";
  private static final String ALERTS = "identity.alerts";
  private static final TopicPartition C0 = new TopicPartition(COMMANDS, 0);
  private static final TopicPartition A0 = new TopicPartition(ALERTS, 0);
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-28T10:00:00Z"), ZoneOffset.UTC);

  @TempDir Path dir;
  private Receiver receiver;
  private SsfServer server;
  private String issuer;
  private SetSigner signer;
  private final MockProducer<byte[], byte[]> producer =
      new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());

  /** A push receiver: 202 for every SET, unless told to answer 400 with an RFC 8935 error. */
  static final class Receiver implements AutoCloseable {
    final HttpServer http;
    final List<String> sets = Collections.synchronizedList(new ArrayList<>());
    final List<String> contentTypes = Collections.synchronizedList(new ArrayList<>());
    volatile boolean refuse;

    Receiver() throws Exception {
      http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      http.createContext(
          "/events",
          exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
              body = in.readAllBytes();
            }
            contentTypes.add(exchange.getRequestHeaders().getFirst("Content-Type"));
            if (refuse) {
              byte[] error =
                  "{\"err\":\"invalid_audience\",\"description\":\"aud is not this receiver\"}"
                      .getBytes(StandardCharsets.UTF_8);
              exchange.getResponseHeaders().set("Content-Type", "application/json");
              exchange.sendResponseHeaders(400, error.length);
              try (OutputStream out = exchange.getResponseBody()) {
                out.write(error);
              }
              return;
            }
            sets.add(new String(body, StandardCharsets.US_ASCII));
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
          });
      http.start();
    }

    URI uri() {
      return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/events");
    }

    @Override
    public void close() {
      http.stop(0);
    }
  }

  @BeforeEach
  void start() throws Exception {
    receiver = new Receiver();
    Path key = dir.resolve("signing-key.pem");
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair pair = generator.generateKeyPair();
    Files.writeString(
        key,
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(pair.getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n");
    signer = SetSigner.load(key, "vigil-2026-11", CLOCK);
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    issuer = "http://127.0.0.1:" + port;
    server =
        new SsfServer(
            new InetSocketAddress("127.0.0.1", port),
            issuer,
            signer,
            List.of(receiverConfig()),
            List.of(
                SecurityEvents.CREDENTIAL_COMPROMISE,
                SecurityEvents.SESSION_REVOKED,
                SecurityEvents.CREDENTIAL_CHANGE,
                SecurityEvents.RISK_LEVEL_CHANGE,
                SecurityEvents.VERIFICATION),
            new PushDelivery(Duration.ofSeconds(5)));
  }

  @AfterEach
  void stop() {
    server.close();
    receiver.close();
  }

  private SsfReceiver receiverConfig() {
    return new SsfReceiver("siem", receiver.uri(), "https://siem.example/ssf", null);
  }

  /** One transmitter process: a fresh consumer and the store reopened from the state dir. */
  private final class Instance implements AutoCloseable {
    final AppliedCommandStore store =
        AppliedCommandStore.open(dir.resolve("state"), Duration.ofDays(7), Clock.systemUTC());
    final MockConsumer<String, RevocationCommand> commands = new MockConsumer<>("earliest");
    final MockConsumer<String, Alert> alerts = new MockConsumer<>("earliest");
    final RevocationConsumer commandLoop;
    final AlertSetLoop alertLoop;

    Instance() {
      SecurityEvents events = new SecurityEvents(null);
      PushDelivery push = new PushDelivery(Duration.ofSeconds(5));
      DeadLetterPublisher deadLetters =
          new DeadLetterPublisher(producer, "identity.ssf.dlq", Duration.ofSeconds(5));
      RetryPolicy retry = new RetryPolicy(2, Duration.ZERO, Duration.ZERO);
      commandLoop =
          new RevocationConsumer(
              commands,
              COMMANDS,
              new RevocationApplier(
                  List.of(new SsfReceiverSink(receiverConfig(), signer, issuer, events, push)),
                  store,
                  deadLetters,
                  retry,
                  Sleeper.REAL),
              deadLetters);
      commandLoop.subscribe();
      commands.rebalance(List.of(C0));
      commands.updateBeginningOffsets(Map.of(C0, 0L));
      alertLoop =
          new AlertSetLoop(
              alerts,
              ALERTS,
              Severity.HIGH,
              List.of(receiverConfig()),
              signer,
              issuer,
              events,
              push,
              store,
              producer,
              deadLetters,
              retry,
              Sleeper.REAL);
      alertLoop.subscribe();
      alerts.rebalance(List.of(A0));
      alerts.updateBeginningOffsets(Map.of(A0, 0L));
    }

    void command(long offset, RevocationCommand command) {
      commands.addRecord(
          new ConsumerRecord<>(COMMANDS, 0, offset, command.getIdentityId(), command));
    }

    void alert(long offset, Alert alert) {
      alerts.addRecord(new ConsumerRecord<>(ALERTS, 0, offset, alert.getIdentityId(), alert));
    }

    @Override
    public void close() {
      store.close();
    }
  }

  static RevocationCommand command(String id, RevocationAction action, String token) {
    return RevocationCommand.newBuilder()
        .setCommandId(id)
        .setAlertId("alert-" + id)
        .setIdentityId("spiffe://prod/ns/ci/sa/deployer")
        .setTokenId(token)
        .setAction(action)
        .setReason("replay-attested-context-mismatch: token presented from two workloads")
        .setIssuedAt(Instant.parse("2026-11-28T09:15:00.250Z"))
        .setDryRun(false)
        .build();
  }

  static Alert alert(String id, Severity severity) {
    return Alert.newBuilder()
        .setAlertId(id)
        .setRuleId("replay-network-spread")
        .setDetection(Detection.TOKEN_REPLAY)
        .setSeverity(severity)
        .setIdentityId("svc-billing@corp.iam")
        .setIdentityType(IdentityType.SERVICE_ACCOUNT)
        .setTokenId("tok-7b13")
        .setWindowStart(Instant.parse("2026-11-28T09:00:00Z"))
        .setWindowEnd(Instant.parse("2026-11-28T09:05:00Z"))
        .setDetectedAt(Instant.parse("2026-11-28T09:05:01Z"))
        .setSummary("Token tok-7b13 was used from 2 networks in 2 countries.")
        .setEventCount(2L)
        .setAction(ResponseAction.NONE)
        .build();
  }

  /** What a receiver does with a pushed SET: find the key, verify, parse. */
  private JWTClaimsSet verify(String set) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    JsonNode configuration =
        MAPPER.readTree(get(http, issuer + "/.well-known/ssf-configuration").body());
    JWKSet keys = JWKSet.parse(get(http, configuration.get("jwks_uri").asText()).body());
    SignedJWT jwt = SignedJWT.parse(set);
    assertThat(jwt.getHeader().getType().getType()).isEqualTo("secevent+jwt");
    JWK key = keys.getKeyByKeyId(jwt.getHeader().getKeyID());
    assertThat(key).as("a published key with kid %s", jwt.getHeader().getKeyID()).isNotNull();
    assertThat(key.isPrivate()).isFalse();
    JWSVerifier verifier =
        key instanceof RSAKey rsa ? new RSASSAVerifier(rsa) : new ECDSAVerifier((ECKey) key);
    assertThat(jwt.verify(verifier)).as("signature of %s", set).isTrue();
    JWTClaimsSet claims = jwt.getJWTClaimsSet();
    assertThat(claims.getIssuer()).isEqualTo(issuer);
    assertThat(claims.getAudience()).containsExactly("https://siem.example/ssf");
    assertThat(claims.getIssueTime()).isEqualTo(java.util.Date.from(CLOCK.instant()));
    assertThat(claims.getJWTID()).isNotBlank();
    assertThat(claims.getJSONObjectClaim("events")).hasSize(1);
    return claims;
  }

  private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String eventType(JWTClaimsSet claims) throws Exception {
    return claims.getJSONObjectClaim("events").keySet().iterator().next();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> event(JWTClaimsSet claims) throws Exception {
    return (Map<String, Object>) claims.getJSONObjectClaim("events").values().iterator().next();
  }

  @Test
  void eachCommandBecomesOneSignedSetOfTheFittingTypeAndSubjectFormat() throws Exception {
    try (Instance transmitter = new Instance()) {
      transmitter.command(0, command("c-token", RevocationAction.REVOKE_TOKEN, "tok-7f3a"));
      transmitter.command(1, command("c-sessions", RevocationAction.REVOKE_SESSIONS, null));
      transmitter.command(2, command("c-disable", RevocationAction.DISABLE_IDENTITY, null));
      assertThat(transmitter.commandLoop.pollOnce(Duration.ofMillis(10))).isEqualTo(3);
    }

    assertThat(receiver.contentTypes).containsOnly("application/secevent+jwt");
    assertThat(receiver.sets).hasSize(3);
    JWTClaimsSet token = verify(receiver.sets.get(0));
    assertThat(eventType(token)).isEqualTo(SecurityEvents.CREDENTIAL_COMPROMISE);
    assertThat(token.getJWTID()).isEqualTo(SecurityEvents.jti("command", "c-token"));
    assertThat(token.getStringClaim("txn")).isEqualTo("alert-c-token");
    Map<String, Object> tokenSubject = token.getJSONObjectClaim("sub_id");
    assertThat(tokenSubject).containsEntry("format", "complex");
    assertThat(tokenSubject.get("user"))
        .isEqualTo(Map.of("format", "opaque", "id", "spiffe://prod/ns/ci/sa/deployer"));
    assertThat(tokenSubject.get("session")).isEqualTo(Map.of("format", "opaque", "id", "tok-7f3a"));
    assertThat(event(token)).containsEntry("credential_type", "bearer-token");

    JWTClaimsSet sessions = verify(receiver.sets.get(1));
    assertThat(eventType(sessions)).isEqualTo(SecurityEvents.SESSION_REVOKED);
    assertThat(sessions.getJSONObjectClaim("sub_id"))
        .isEqualTo(Map.of("format", "opaque", "id", "spiffe://prod/ns/ci/sa/deployer"));

    JWTClaimsSet disable = verify(receiver.sets.get(2));
    assertThat(eventType(disable)).isEqualTo(SecurityEvents.CREDENTIAL_CHANGE);
    assertThat(event(disable)).containsEntry("change_type", "revoke");
    assertThat(receiver.sets.stream().map(s -> jtiOf(s)).collect(Collectors.toSet())).hasSize(3);
  }

  @Test
  void noSetIsDeliveredTwiceAcrossARestartWithTheSameCommandsReRead() throws Exception {
    try (Instance first = new Instance()) {
      first.command(0, command("c-1", RevocationAction.REVOKE_TOKEN, "tok-1"));
      first.command(1, command("c-2", RevocationAction.REVOKE_SESSIONS, null));
      // The detector re-sends a command after its own restart: same command id.
      first.command(2, command("c-1", RevocationAction.REVOKE_TOKEN, "tok-1"));
      first.alert(0, alert("a-high", Severity.HIGH));
      first.alert(1, alert("a-medium", Severity.MEDIUM));
      first.alert(2, alert("a-critical", Severity.CRITICAL));
      // History the detector read during its warm-up: reported, never a risk-level change.
      Alert history = alert("a-history", Severity.CRITICAL);
      history.setRetrospective(true);
      first.alert(3, history);
      first.commandLoop.pollOnce(Duration.ofMillis(10));
      first.alertLoop.pollOnce(Duration.ofMillis(10));
    }
    assertThat(receiver.sets).hasSize(4);

    // Restarted with the same state dir; the offsets never reached the broker, so everything is
    // read again, plus one new command and one new alert.
    try (Instance second = new Instance()) {
      second.command(0, command("c-1", RevocationAction.REVOKE_TOKEN, "tok-1"));
      second.command(1, command("c-2", RevocationAction.REVOKE_SESSIONS, null));
      second.command(2, command("c-1", RevocationAction.REVOKE_TOKEN, "tok-1"));
      second.command(3, command("c-3", RevocationAction.DISABLE_IDENTITY, null));
      second.alert(0, alert("a-high", Severity.HIGH));
      second.alert(1, alert("a-medium", Severity.MEDIUM));
      second.alert(2, alert("a-critical", Severity.CRITICAL));
      second.alert(3, alert("a-high-2", Severity.HIGH));
      second.commandLoop.pollOnce(Duration.ofMillis(10));
      second.alertLoop.pollOnce(Duration.ofMillis(10));
    }

    List<String> jtis = receiver.sets.stream().map(SsfTransmitterTest::jtiOf).toList();
    assertThat(jtis).doesNotHaveDuplicates().hasSize(6);
    assertThat(jtis)
        .containsExactlyInAnyOrder(
            SecurityEvents.jti("command", "c-1"),
            SecurityEvents.jti("command", "c-2"),
            SecurityEvents.jti("command", "c-3"),
            SecurityEvents.jti("alert", "a-high"),
            SecurityEvents.jti("alert", "a-critical"),
            SecurityEvents.jti("alert", "a-high-2"));
    for (String set : receiver.sets) {
      JWTClaimsSet claims = verify(set);
      if (claims.getJWTID().equals(SecurityEvents.jti("alert", "a-critical"))) {
        assertThat(eventType(claims)).isEqualTo(SecurityEvents.RISK_LEVEL_CHANGE);
        assertThat(event(claims)).containsEntry("current_level", "HIGH");
        assertThat(claims.getJSONObjectClaim("sub_id")).containsEntry("format", "complex");
      }
    }
  }

  @Test
  void aReceiversRfc8935ErrorIsFinalAndDeadLettersTheCommandWithItsErrorCode() throws Exception {
    receiver.refuse = true;
    try (Instance transmitter = new Instance()) {
      transmitter.command(0, command("c-refused", RevocationAction.REVOKE_SESSIONS, null));
      transmitter.commandLoop.pollOnce(Duration.ofMillis(10));
    }

    assertThat(receiver.contentTypes).hasSize(1); // a 400 is not retried
    assertThat(producer.history()).hasSize(1);
    String reason =
        new String(
            producer.history().get(0).headers().lastHeader(DeadLetterPublisher.REASON).value(),
            StandardCharsets.UTF_8);
    assertThat(reason).contains("400").contains("invalid_audience");
  }

  @Test
  void servesTheTransmitterMetadataTheJwksAndTheReadOnlyStreamConfiguration() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    JsonNode metadata =
        MAPPER.readTree(get(http, issuer + "/.well-known/ssf-configuration").body());
    assertThat(metadata.get("issuer").asText()).isEqualTo(issuer);
    assertThat(metadata.get("jwks_uri").asText()).isEqualTo(issuer + "/jwks.json");
    assertThat(metadata.get("delivery_methods_supported").toString())
        .isEqualTo("[\"urn:ietf:rfc:8935\"]");
    assertThat(metadata.get("configuration_endpoint").asText()).isEqualTo(issuer + "/ssf/streams");

    JsonNode jwks = MAPPER.readTree(get(http, issuer + "/jwks.json").body());
    assertThat(jwks.at("/keys/0/kid").asText()).isEqualTo("vigil-2026-11");
    assertThat(jwks.at("/keys/0/kty").asText()).isEqualTo("RSA");
    assertThat(jwks.at("/keys/0").has("d")).isFalse();

    JsonNode streams = MAPPER.readTree(get(http, issuer + "/ssf/streams").body());
    assertThat(streams).hasSize(1);
    assertThat(streams.at("/0/stream_id").asText()).isEqualTo("siem");
    assertThat(streams.at("/0/delivery/method").asText()).isEqualTo("urn:ietf:rfc:8935");
    assertThat(streams.at("/0/delivery/endpoint_url").asText())
        .isEqualTo(receiver.uri().toString());
    assertThat(streams.at("/0/events_delivered").toString())
        .contains(SecurityEvents.SESSION_REVOKED)
        .contains(SecurityEvents.CREDENTIAL_COMPROMISE);
    assertThat(
            http.send(
                    HttpRequest.newBuilder(URI.create(issuer + "/ssf/streams"))
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .statusCode())
        .isEqualTo(405);
  }

  @Test
  void sendsTheVerificationEventOnRequest() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(issuer + "/ssf/verify"))
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"stream_id\":\"siem\",\"state\":\"VGhpcyBpcyBhbiBleGFtcGxl\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(204);
    assertThat(receiver.sets).hasSize(1);
    JWTClaimsSet claims = verify(receiver.sets.get(0));
    assertThat(eventType(claims)).isEqualTo(SecurityEvents.VERIFICATION);
    assertThat(event(claims)).containsEntry("state", "VGhpcyBpcyBhbiBleGFtcGxl");
    assertThat(claims.getJSONObjectClaim("sub_id")).containsEntry("format", "opaque");
  }

  @Test
  void signsWithAnEs256JwkFileAndAnIssSubSubjectWhenTheSubjectIssuerIsKnown() throws Exception {
    ECKey ec = new ECKeyGenerator(Curve.P_256).generate();
    Path file = dir.resolve("ec.jwk");
    Files.writeString(file, ec.toJSONString());
    SetSigner es256 = SetSigner.load(file, null, CLOCK);
    assertThat(es256.algorithm().getName()).isEqualTo("ES256");
    assertThat(es256.keyId()).isEqualTo(ec.computeThumbprint().toString());

    String set =
        es256.sign(
            issuer,
            "https://siem.example/ssf",
            new SecurityEvents("https://spire.prod.example")
                .forCommand(command("c-es", RevocationAction.REVOKE_SESSIONS, null)));
    SignedJWT jwt = SignedJWT.parse(set);
    assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("ES256");
    ECKey published = (ECKey) JWKSet.parse(es256.jwks()).getKeys().get(0);
    assertThat(jwt.verify(new ECDSAVerifier(published))).isTrue();
    assertThat(jwt.getJWTClaimsSet().getJSONObjectClaim("sub_id"))
        .isEqualTo(
            Map.of(
                "format", "iss_sub",
                "iss", "https://spire.prod.example",
                "sub", "spiffe://prod/ns/ci/sa/deployer"));
  }

  @Test
  void refusesAPublicKeyOrAnUnsupportedPemWithAClearMessage() throws Exception {
    Path publicOnly = dir.resolve("public.jwk");
    Files.writeString(
        publicOnly, new ECKeyGenerator(Curve.P_256).generate().toPublicJWK().toJSONString());
    Path pkcs1 = dir.resolve("rsa.pem");
    Files.writeString(
        pkcs1, "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");

    Supplier<SetSigner> loadPublic = () -> SetSigner.load(publicOnly, null, CLOCK);
    Supplier<SetSigner> loadPkcs1 = () -> SetSigner.load(pkcs1, null, CLOCK);
    org.assertj.core.api.Assertions.assertThatThrownBy(loadPublic::get)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("public key");
    org.assertj.core.api.Assertions.assertThatThrownBy(loadPkcs1::get)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("openssl pkcs8");
  }

  private static String jtiOf(String set) {
    try {
      return SignedJWT.parse(set).getJWTClaimsSet().getJWTID();
    } catch (java.text.ParseException e) {
      throw new AssertionError(e);
    }
  }
}
