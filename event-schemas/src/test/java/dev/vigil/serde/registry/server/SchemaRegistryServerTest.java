package dev.vigil.serde.registry.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.events.AuthEvent;
import dev.vigil.events.testing.SampleEvents;
import dev.vigil.serde.ConfluentAvroSerde;
import dev.vigil.serde.registry.MockSchemaRegistry;
import dev.vigil.serde.registry.RegistryClientConfig;
import dev.vigil.serde.registry.RestSchemaRegistryClient;
import dev.vigil.serde.registry.SubjectNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Confluent REST API of the in-memory registry, over real HTTP with the JDK client. */
class SchemaRegistryServerTest {

  private static final String V1 =
      "{\"type\":\"record\",\"name\":\"Thing\",\"namespace\":\"t\",\"fields\":["
          + "{\"name\":\"a\",\"type\":\"string\"}]}";

  /** V1 plus a field with a default: BACKWARD compatible. */
  private static final String V2 =
      "{\"type\":\"record\",\"name\":\"Thing\",\"namespace\":\"t\",\"fields\":["
          + "{\"name\":\"a\",\"type\":\"string\"},"
          + "{\"name\":\"b\",\"type\":\"int\",\"default\":0}]}";

  /** V1 plus a field without a default: cannot read V1 data, not BACKWARD compatible. */
  private static final String V3 =
      "{\"type\":\"record\",\"name\":\"Thing\",\"namespace\":\"t\",\"fields\":["
          + "{\"name\":\"a\",\"type\":\"string\"},"
          + "{\"name\":\"c\",\"type\":\"long\"}]}";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String scope = "server-test-" + UUID.randomUUID();
  private final HttpClient http = HttpClient.newHttpClient();
  private SchemaRegistryServer server;

  @BeforeEach
  void start() {
    server = SchemaRegistryServer.start(0, MockSchemaRegistry.forScope(scope));
  }

  @AfterEach
  void stop() {
    server.close();
    MockSchemaRegistry.dropScope(scope);
  }

  @Test
  void registersWithOneIdPerSchemaAndListsSubjectsAndVersions() throws Exception {
    Reply first = post("/subjects/things-value/versions", schemaBody(V1));
    Reply again = post("/subjects/things-value/versions", schemaBody(pretty(V1)));
    Reply elsewhere = post("/subjects/other-value/versions", schemaBody(V1));
    Reply evolved = post("/subjects/things-value/versions", schemaBody(V2));

    assertThat(first.status).isEqualTo(200);
    assertThat(first.contentType).isEqualTo("application/vnd.schemaregistry.v1+json");
    int id = first.json.get("id").asInt();
    assertThat(first.json.size()).as(first.body).isEqualTo(1);
    assertThat(again.json.get("id").asInt()).isEqualTo(id);
    assertThat(elsewhere.json.get("id").asInt()).isEqualTo(id);
    assertThat(evolved.json.get("id").asInt()).isNotEqualTo(id);

    assertThat(get("/subjects").body).isEqualTo("[\"other-value\",\"things-value\"]");
    assertThat(get("/subjects/things-value/versions").body).isEqualTo("[1,2]");
    JsonNode latest = get("/subjects/things-value/versions/latest").json;
    assertThat(latest.get("subject").asText()).isEqualTo("things-value");
    assertThat(latest.get("version").asInt()).isEqualTo(2);
    assertThat(latest.get("id").asInt()).isEqualTo(evolved.json.get("id").asInt());
    assertThat(new Schema.Parser().parse(latest.get("schema").asText()))
        .isEqualTo(new Schema.Parser().parse(V2));
    JsonNode one = get("/subjects/things-value/versions/1").json;
    assertThat(one.get("version").asInt()).isEqualTo(1);
    assertThat(one.get("id").asInt()).isEqualTo(id);
    assertThat(JSON.readTree(get("/subjects/things-value/versions/1/schema").body))
        .isEqualTo(JSON.readTree(V1));
  }

  @Test
  void servesSchemasByIdAndLooksThemUp() throws Exception {
    int id = post("/subjects/things-value/versions", schemaBody(V1)).json.get("id").asInt();

    Reply byId = get("/schemas/ids/" + id + "?fetchMaxId=false&subject=things-value");
    assertThat(byId.status).isEqualTo(200);
    assertThat(byId.json.fieldNames()).toIterable().containsExactly("schema");
    assertThat(JSON.readTree(byId.json.get("schema").asText())).isEqualTo(JSON.readTree(V1));
    assertThat(JSON.readTree(get("/schemas/ids/" + id + "/schema").body))
        .isEqualTo(JSON.readTree(V1));
    assertThat(get("/schemas/ids/" + id + "/subjects").body).isEqualTo("[\"things-value\"]");
    assertThat(get("/schemas/ids/" + id + "/versions").body)
        .isEqualTo("[{\"subject\":\"things-value\",\"version\":1}]");
    assertThat(get("/schemas/types").body).isEqualTo("[\"AVRO\"]");

    Reply found = post("/subjects/things-value", schemaBody(V1));
    assertThat(found.status).isEqualTo(200);
    assertThat(found.json.get("id").asInt()).isEqualTo(id);
    assertThat(found.json.get("version").asInt()).isEqualTo(1);
    assertThat(found.json.get("subject").asText()).isEqualTo("things-value");

    assertError(get("/schemas/ids/999"), 404, 40403);
    assertError(post("/subjects/things-value", schemaBody(V2)), 404, 40403);
    assertError(post("/subjects/nothing-value", schemaBody(V1)), 404, 40401);
  }

  @Test
  void enforcesTheStoredCompatibilityLevel() throws Exception {
    post("/subjects/things-value/versions", schemaBody(V1));

    assertThat(get("/config").body).isEqualTo("{\"compatibilityLevel\":\"BACKWARD\"}");
    Reply refused = post("/subjects/things-value/versions", schemaBody(V3));
    assertError(refused, 409, 409);
    assertThat(refused.json.get("message").asText())
        .contains("incompatible with an earlier schema for subject \"things-value\"")
        .contains("READER_FIELD_MISSING_DEFAULT_VALUE");
    assertThat(post("/compatibility/subjects/things-value/versions/latest", schemaBody(V3)).body)
        .isEqualTo("{\"is_compatible\":false}");
    assertThat(
            post(
                    "/compatibility/subjects/things-value/versions/latest?verbose=true",
                    schemaBody(V3))
                .json
                .get("messages"))
        .isNotEmpty();
    assertThat(post("/compatibility/subjects/things-value/versions/1", schemaBody(V2)).body)
        .isEqualTo("{\"is_compatible\":true}");
    assertError(
        post("/compatibility/subjects/nothing-value/versions/latest", schemaBody(V2)), 404, 40401);

    assertError(get("/config/things-value"), 404, 40408);
    assertThat(get("/config/things-value?defaultToGlobal=true").body)
        .isEqualTo("{\"compatibilityLevel\":\"BACKWARD\"}");
    assertThat(put("/config/things-value", "{\"compatibility\":\"none\"}").body)
        .isEqualTo("{\"compatibility\":\"NONE\"}");
    assertThat(get("/config/things-value").body).isEqualTo("{\"compatibilityLevel\":\"NONE\"}");
    assertThat(post("/subjects/things-value/versions", schemaBody(V3)).status).isEqualTo(200);
    assertThat(get("/subjects/things-value/versions").body).isEqualTo("[1,2]");

    assertThat(put("/config", "{\"compatibility\":\"FULL_TRANSITIVE\"}").status).isEqualTo(200);
    assertThat(get("/config").body).isEqualTo("{\"compatibilityLevel\":\"FULL_TRANSITIVE\"}");
    assertError(put("/config", "{\"compatibility\":\"SIDEWAYS\"}"), 422, 42203);
    assertThat(delete("/config/things-value").body).isEqualTo("{\"compatibilityLevel\":\"NONE\"}");
    assertError(get("/config/things-value"), 404, 40408);
  }

  @Test
  void answersBadRequestsWithConfluentsErrorCodes() throws Exception {
    post("/subjects/things-value/versions", schemaBody(V1));

    assertError(post("/subjects/things-value/versions", "{\"schema\":\"{not avro\"}"), 422, 42201);
    assertError(post("/subjects/things-value/versions", "{}"), 422, 42201);
    assertError(
        post("/subjects/things-value/versions", "{\"schemaType\":\"PROTOBUF\",\"schema\":\"x\"}"),
        422,
        42201);
    assertError(post("/subjects/things-value/versions", "not json"), 400, 400);
    assertError(get("/subjects/things-value/versions/7"), 404, 40402);
    assertError(get("/subjects/things-value/versions/zero"), 422, 42202);
    assertError(get("/subjects/nothing-value/versions"), 404, 40401);
    assertError(get("/subjects/nothing-value/versions/latest"), 404, 40401);
    assertError(get("/nowhere"), 404, 404);
    assertError(delete("/subjects"), 405, 405);
  }

  @Test
  void subjectsArePercentDecodedPathSegments() throws Exception {
    post("/subjects/a%2Fb+c%20d/versions", schemaBody(V1));

    assertThat(get("/subjects").json.get(0).asText()).isEqualTo("a/b+c d");
    assertThat(server.registry().subjects()).containsExactly("a/b+c d");
  }

  @Test
  void vigilsSerdeAndRestClientTalkToIt() {
    Map<String, Object> config = Map.of("schema.registry.url", server.url());
    AuthEvent event = SampleEvents.authEvent();
    byte[] bytes;
    try (Serde<AuthEvent> serde = ConfluentAvroSerde.specific(AuthEvent.class, config, false)) {
      bytes = serde.serializer().serialize("identity.auth-events", event);
      assertThat(serde.deserializer().deserialize("identity.auth-events", bytes)).isEqualTo(event);
    }
    // The bytes name an id the in-process mock:// view of the same registry also knows.
    try (Serde<AuthEvent> serde =
        ConfluentAvroSerde.specific(
            AuthEvent.class, Map.of("schema.registry.url", "mock://" + scope), false)) {
      assertThat(serde.deserializer().deserialize("identity.auth-events", bytes)).isEqualTo(event);
    }

    try (RestSchemaRegistryClient client =
        new RestSchemaRegistryClient(RegistryClientConfig.from(config))) {
      assertThat(client.latest("identity.auth-events-value").schema())
          .isEqualTo(AuthEvent.getClassSchema());
      assertThat(client.lookup("identity.auth-events-value", AuthEvent.getClassSchema()).version())
          .isEqualTo(1);
      assertThat(client.isCompatible("identity.auth-events-value", AuthEvent.getClassSchema()))
          .isTrue();
      assertThat(client.isCompatible("no-such-value", AuthEvent.getClassSchema())).isTrue();
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.latest("no-such-value"))
          .isInstanceOf(SubjectNotFoundException.class)
          .hasMessageContaining("Subject 'no-such-value' not found.");
    }
  }

  @Test
  void aTakenPortIsNamedWhenStarting() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> SchemaRegistryServer.start(server.port(), MockSchemaRegistry.forScope(scope)))
        .hasMessageContaining("127.0.0.1:" + server.port())
        .hasMessageContaining("in use");
  }

  // --- HTTP ---

  private record Reply(int status, String contentType, String body, JsonNode json) {}

  private Reply get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  private Reply post(String path, String body) throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", SchemaRegistryServer.CONTENT_TYPE)
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  private Reply put(String path, String body) throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(body)));
  }

  private Reply delete(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(uri(path)).DELETE());
  }

  private Reply send(HttpRequest.Builder request) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    JsonNode json;
    try {
      json = JSON.readTree(response.body());
    } catch (IOException e) {
      json = null;
    }
    return new Reply(
        response.statusCode(),
        response.headers().firstValue("Content-Type").orElse(null),
        response.body(),
        json);
  }

  private URI uri(String path) {
    return URI.create(server.url() + path);
  }

  private static void assertError(Reply reply, int status, int code) {
    assertThat(reply.status).as(reply.body).isEqualTo(status);
    assertThat(reply.contentType).isEqualTo("application/vnd.schemaregistry.v1+json");
    assertThat(reply.json.get("error_code").asInt()).as(reply.body).isEqualTo(code);
    assertThat(reply.json.get("message").asText()).isNotBlank();
  }

  private static String schemaBody(String schema) {
    return JSON.createObjectNode().put("schema", schema).toString();
  }

  /** The same schema with other whitespace: still the same schema. */
  private static String pretty(String schema) {
    return schema.replace(",", ", ").replace(":", ": ");
  }
}
