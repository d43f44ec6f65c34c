package dev.vigil.serde.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.events.AuthEvent;
import dev.vigil.events.testing.SampleEvents;
import dev.vigil.serde.ConfluentAvroSerde;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Retry, failover, headers and caching of the REST client, against an in-process HTTP stub. */
class RestSchemaRegistryClientStubTest {

  private static final String SCHEMA_ANSWER = schemaAnswer();

  private final RegistryStub stub = newStub();

  @AfterEach
  void stop() {
    stub.close();
  }

  private RestSchemaRegistryClient client(String urls, Object... extra) {
    Map<String, Object> config = new HashMap<>();
    config.put("schema.registry.url", urls);
    config.put("max.retries", 3);
    config.put("retries.wait.ms", 5);
    config.put("retries.max.wait.ms", 20);
    for (int i = 0; i < extra.length; i += 2) {
      config.put((String) extra[i], extra[i + 1]);
    }
    return new RestSchemaRegistryClient(RegistryClientConfig.from(config));
  }

  @Test
  void retriesServerErrorsUntilTheRegistryAnswers() {
    stub.then(503, "{\"error_code\":50003,\"message\":\"backend down\"}")
        .then(500, "boom")
        .then(200, "{\"id\":12}");

    assertThat(client(stub.url()).register("auth-value", AuthEvent.getClassSchema())).isEqualTo(12);
    assertThat(stub.requests()).hasSize(3);
  }

  @Test
  void givesUpAfterMaxRetriesWithTheLastAnswer() {
    stub.otherwise(request -> RegistryStub.Answer.of(502, "bad gateway"));

    assertThatThrownBy(() -> client(stub.url(), "max.retries", 2).schemaById(1))
        .isInstanceOf(RegistryUnavailableException.class)
        .hasMessageContaining("fetch schema id 1")
        .hasMessageContaining("3 attempt(s)")
        .hasMessageContaining("HTTP 502: bad gateway");
    assertThat(stub.requests()).hasSize(3);
  }

  @Test
  void neverRetriesAClientError() {
    stub.otherwise(
        request ->
            RegistryStub.Answer.of(
                404, "{\"error_code\":40403,\"message\":\"Schema 5 not found.\"}"));

    assertThatThrownBy(() -> client(stub.url()).schemaById(5))
        .isInstanceOf(SchemaNotFoundException.class)
        .hasMessageContaining("HTTP 404, error_code 40403: Schema 5 not found.")
        .satisfies(e -> assertThat(((SchemaRegistryException) e).errorCode()).isEqualTo(40403));
    assertThat(stub.requests()).hasSize(1);
  }

  @Test
  void unprocessableSchemaIsNotRetriedEither() {
    stub.otherwise(
        request ->
            RegistryStub.Answer.of(422, "{\"error_code\":42201,\"message\":\"Invalid schema\"}"));

    assertThatThrownBy(() -> client(stub.url()).register("x-value", AuthEvent.getClassSchema()))
        .isInstanceOf(InvalidSchemaException.class)
        .hasMessageContaining("42201");
    assertThat(stub.requests()).hasSize(1);
  }

  @Test
  void retriesATimeout() {
    stub.then(new RegistryStub.Answer(200, "{\"id\":3}", 1_500)).then(200, "{\"id\":4}");

    int id =
        client(stub.url(), "http.read.timeout.ms", 300)
            .register("auth-value", AuthEvent.getClassSchema());

    assertThat(id).isEqualTo(4);
    assertThat(stub.requests()).hasSize(2);
  }

  @Test
  void failsOverToTheNextUrlAndStaysThere() throws IOException {
    int deadPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      deadPort = socket.getLocalPort();
    }
    stub.otherwise(request -> RegistryStub.Answer.of(200, SCHEMA_ANSWER));
    RestSchemaRegistryClient client =
        client("http://127.0.0.1:" + deadPort + "," + stub.url(), "max.retries", 0);

    assertThat(client.schemaById(1)).isEqualTo(AuthEvent.getClassSchema());
    assertThat(client.schemaById(2)).isEqualTo(AuthEvent.getClassSchema());
    assertThat(stub.requests())
        .extracting(RegistryStub.Request::path)
        .containsExactly("/schemas/ids/1", "/schemas/ids/2");
  }

  @Test
  void failsOverFromAServerErrorToo() throws IOException {
    try (RegistryStub healthy = newStub()) {
      stub.otherwise(request -> RegistryStub.Answer.of(503, "unavailable"));
      healthy.otherwise(request -> RegistryStub.Answer.of(200, "{\"id\":9}"));

      int id =
          client(stub.url() + "," + healthy.url(), "max.retries", 0)
              .register("s", AuthEvent.getClassSchema());

      assertThat(id).isEqualTo(9);
      assertThat(stub.requests()).hasSize(1);
      assertThat(healthy.requests()).hasSize(1);
    }
  }

  @Test
  void sendsConfluentContentTypeBasicAuthAndEncodedSubject() throws IOException {
    stub.then(200, "{\"id\":1}");

    client(
            stub.url() + "/apis/ccompat/v7/",
            "basic.auth.credentials.source",
            "USER_INFO",
            "basic.auth.user.info",
            "vigil:s3cret")
        .register("tenant a/auth-value", AuthEvent.getClassSchema());

    RegistryStub.Request request = stub.requests().get(0);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path())
        .isEqualTo("/apis/ccompat/v7/subjects/tenant%20a%2Fauth-value/versions");
    assertThat(request.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
    assertThat(request.authorization())
        .isEqualTo(
            "Basic "
                + Base64.getEncoder()
                    .encodeToString("vigil:s3cret".getBytes(StandardCharsets.UTF_8)));
    assertThat(new ObjectMapper().readTree(request.body()).get("schema").asText())
        .isEqualTo(AuthEvent.getClassSchema().toString());
  }

  @Test
  void afterWarmUpTheSerdeMakesNoHttpCall() {
    stub.otherwise(
        request -> {
          if (request.method().equals("POST")
              && request.path().equals("/subjects/auth-value/versions")) {
            return RegistryStub.Answer.of(200, "{\"id\":21}");
          }
          if (request.path().equals("/schemas/ids/21")) {
            return RegistryStub.Answer.of(200, SCHEMA_ANSWER);
          }
          return RegistryStub.Answer.of(
              404, "{\"error_code\":40401,\"message\":\"unexpected " + request.path() + "\"}");
        });
    Map<String, Object> config = Map.of("schema.registry.url", stub.url());
    try (Serde<AuthEvent> producerSide =
            ConfluentAvroSerde.specific(AuthEvent.class, config, false);
        Serde<AuthEvent> consumerSide =
            ConfluentAvroSerde.specific(AuthEvent.class, config, false)) {
      AuthEvent event = SampleEvents.authEvent();
      consumerSide
          .deserializer()
          .deserialize("auth", producerSide.serializer().serialize("auth", event));
      assertThat(stub.requests()).hasSize(2);

      for (int i = 0; i < 500; i++) {
        byte[] bytes = producerSide.serializer().serialize("auth", event);
        assertThat(consumerSide.deserializer().deserialize("auth", bytes)).isEqualTo(event);
      }

      assertThat(stub.requests()).hasSize(2);
    }
  }

  @Test
  void cachesBothWaysAndTheLatestVersion() {
    stub.otherwise(
        request -> {
          if (request.path().endsWith("/versions/latest")) {
            return RegistryStub.Answer.of(200, latestAnswer());
          }
          if (request.path().equals("/subjects/auth-value")) {
            return RegistryStub.Answer.of(200, latestAnswer());
          }
          return RegistryStub.Answer.of(
              404, "{\"error_code\":40403,\"message\":\"unexpected " + request.path() + "\"}");
        });
    CachingSchemaRegistryClient client = new CachingSchemaRegistryClient(client(stub.url()));

    RegisteredSchema found = client.lookup("auth-value", AuthEvent.getClassSchema());
    assertThat(found.id()).isEqualTo(33);
    assertThat(found.version()).isEqualTo(2);
    // Lookup taught the client both directions: no call for the id, nor for registering the same
    // schema.
    assertThat(client.schemaById(33)).isEqualTo(AuthEvent.getClassSchema());
    assertThat(client.register("auth-value", AuthEvent.getClassSchema())).isEqualTo(33);
    assertThat(client.latest("auth-value").id()).isEqualTo(33);
    assertThat(client.latest("auth-value").id()).isEqualTo(33);

    assertThat(stub.requests())
        .extracting(RegistryStub.Request::path)
        .containsExactly("/subjects/auth-value", "/subjects/auth-value/versions/latest");
  }

  private static String latestAnswer() {
    ObjectNode answer = new ObjectMapper().createObjectNode();
    answer.put("subject", "auth-value");
    answer.put("version", 2);
    answer.put("id", 33);
    answer.put("schema", AuthEvent.getClassSchema().toString());
    return answer.toString();
  }

  private static String schemaAnswer() {
    ObjectNode answer = new ObjectMapper().createObjectNode();
    answer.put("schema", AuthEvent.getClassSchema().toString());
    return answer.toString();
  }

  private static RegistryStub newStub() {
    try {
      return new RegistryStub();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the registry stub", e);
    }
  }
}
