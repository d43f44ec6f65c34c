package dev.vigil.serde.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.events.AuthEvent;
import dev.vigil.events.TokenUseEvent;
import dev.vigil.serde.registry.testing.ApicurioRegistry;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The REST client against a real Confluent-API registry (Apicurio Registry, BACKWARD
 * compatibility).
 */
class RestSchemaRegistryClientApicurioTest {

  private static final String CURRENCY_WITH_DEFAULT =
      "{\"name\":\"currency\",\"type\":\"string\",\"default\":\"EUR\"}";
  private static final String CURRENCY_WITHOUT_DEFAULT =
      "{\"name\":\"currency\",\"type\":\"string\"}";

  private static RestSchemaRegistryClient client;

  private final String subject = "apicurio-" + UUID.randomUUID() + "-value";

  @BeforeAll
  static void connect() {
    client =
        new RestSchemaRegistryClient(
            RegistryClientConfig.from(
                Map.of(
                    "schema.registry.url",
                    ApicurioRegistry.shared().confluentApiUrl(),
                    "max.retries",
                    0)));
  }

  @Test
  void registerLookupFetchByIdAndLatest() {
    int id = client.register(subject, AuthEvent.getClassSchema());

    assertThat(client.register(subject, AuthEvent.getClassSchema())).isEqualTo(id);
    assertThat(client.lookup(subject, AuthEvent.getClassSchema()))
        .isEqualTo(new RegisteredSchema(subject, 1, id, AuthEvent.getClassSchema()));
    assertThat(client.schemaById(id)).isEqualTo(AuthEvent.getClassSchema());
    assertThat(client.latest(subject))
        .isEqualTo(new RegisteredSchema(subject, 1, id, AuthEvent.getClassSchema()));
  }

  @Test
  void aCompatibleNewVersionBecomesTheLatest() {
    Schema v1 = payment();
    Schema v2 = payment(CURRENCY_WITH_DEFAULT);
    int first = client.register(subject, v1);

    assertThat(client.isCompatible(subject, v2)).isTrue();
    int second = client.register(subject, v2);

    assertThat(second).isNotEqualTo(first);
    assertThat(client.latest(subject).version()).isEqualTo(2);
    assertThat(client.latest(subject).schema()).isEqualTo(v2);
  }

  @Test
  void compatibilityCheckRejectsAFieldWithoutDefault() {
    Schema v1 = payment();
    Schema breaking = payment(CURRENCY_WITHOUT_DEFAULT);
    client.register(subject, v1);

    assertThat(client.isCompatible(subject, breaking)).isFalse();
  }

  @Test
  void compatibilityCheckOnANewSubjectAllowsAnything() {
    assertThat(client.isCompatible(subject, TokenUseEvent.getClassSchema())).isTrue();
  }

  @Test
  void subjectNotFound40401() {
    assertThatThrownBy(() -> client.latest(subject))
        .isInstanceOf(SubjectNotFoundException.class)
        .hasMessageContaining(subject)
        .hasMessageContaining("40401")
        .satisfies(e -> assertThat(((SchemaRegistryException) e).httpStatus()).isEqualTo(404));
    assertThatThrownBy(() -> client.lookup(subject, AuthEvent.getClassSchema()))
        .isInstanceOf(SubjectNotFoundException.class);
  }

  @Test
  void schemaNotFound40403() {
    client.register(subject, AuthEvent.getClassSchema());

    assertThatThrownBy(() -> client.schemaById(Integer.MAX_VALUE))
        .isInstanceOf(SchemaNotFoundException.class)
        .hasMessageContaining("fetch schema id " + Integer.MAX_VALUE)
        .hasMessageContaining("40403");
    assertThatThrownBy(() -> client.lookup(subject, TokenUseEvent.getClassSchema()))
        .isInstanceOf(SchemaNotFoundException.class)
        .hasMessageContaining("40403");
  }

  @Test
  void incompatibleRegistration409() {
    client.register(subject, payment());

    assertThatThrownBy(() -> client.register(subject, payment(CURRENCY_WITHOUT_DEFAULT)))
        .isInstanceOf(IncompatibleSchemaException.class)
        .hasMessageContaining("HTTP 409")
        .hasMessageContaining(subject);
  }

  @Test
  void invalidSchema42201() {
    // Avro's parser accepts only valid schemas, so this one is built by hand: a record with an
    // illegal default (a string for an int field), which the registry refuses to take.
    Schema invalid =
        new Schema.Parser()
            .setValidateDefaults(false)
            .parse(
                "{\"type\":\"record\",\"name\":\"Bad\",\"fields\":[{\"name\":\"n\",\"type\":\"int\",\"default\":\"x\"}]}");

    assertThatThrownBy(() -> client.register(subject, invalid))
        .isInstanceOf(InvalidSchemaException.class)
        .hasMessageContaining("42201");
  }

  private static Schema payment(String... extraFields) {
    StringBuilder fields = new StringBuilder("{\"name\":\"amount\",\"type\":\"long\"}");
    for (String field : extraFields) {
      fields.append(',').append(field);
    }
    return new Schema.Parser()
        .parse(
            "{\"type\":\"record\",\"name\":\"Payment\",\"namespace\":\"apicurio.test\",\"fields\":["
                + fields
                + "]}");
  }
}
