package dev.vigil.serde.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.events.AuthEvent;
import dev.vigil.events.TokenUseEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The mock:// registry answers as a real one does. */
class MockSchemaRegistryTest {

  private final String scope = "mock-" + UUID.randomUUID();
  private final MockSchemaRegistry registry = MockSchemaRegistry.forScope(scope);

  @AfterEach
  void drop() {
    MockSchemaRegistry.dropScope(scope);
  }

  @Test
  void equalSchemasShareOneGlobalIdAcrossSubjects() {
    int auth = registry.register("a-value", AuthEvent.getClassSchema());
    int again = registry.register("b-value", AuthEvent.getClassSchema());
    int evolved = registry.register("a-value", withOptionalField(AuthEvent.getClassSchema()));

    assertThat(again).isEqualTo(auth);
    assertThat(evolved).isNotEqualTo(auth);
    assertThat(registry.latest("a-value").version()).isEqualTo(2);
    assertThat(registry.latest("b-value").version()).isEqualTo(1);
    assertThat(registry.lookup("a-value", AuthEvent.getClassSchema()).version()).isEqualTo(1);
    assertThat(registry.schemaById(auth)).isEqualTo(AuthEvent.getClassSchema());
  }

  @Test
  void theSameScopeIsTheSameRegistryUntilDropped() {
    registry.register("a-value", AuthEvent.getClassSchema());

    assertThat(MockSchemaRegistry.forScope(scope)).isSameAs(registry);
    MockSchemaRegistry.dropScope(scope);
    assertThatThrownBy(() -> MockSchemaRegistry.forScope(scope).latest("a-value"))
        .isInstanceOf(SubjectNotFoundException.class);
  }

  @Test
  void enforcesBackwardCompatibilityOnRegister() {
    registry.register("t-value", AuthEvent.getClassSchema());

    assertThat(registry.isCompatible("t-value", TokenUseEvent.getClassSchema())).isFalse();
    assertThatThrownBy(() -> registry.register("t-value", TokenUseEvent.getClassSchema()))
        .isInstanceOf(IncompatibleSchemaException.class)
        .hasMessageContaining("subject 't-value'")
        .satisfies(e -> assertThat(((SchemaRegistryException) e).httpStatus()).isEqualTo(409));
    assertThat(registry.isCompatible("new-subject", TokenUseEvent.getClassSchema())).isTrue();
  }

  @Test
  void answersWithTheRegistrysErrorCodes() {
    assertThatThrownBy(() -> registry.latest("nothing-value"))
        .isInstanceOf(SubjectNotFoundException.class)
        .satisfies(e -> assertThat(((SchemaRegistryException) e).errorCode()).isEqualTo(40401));
    assertThatThrownBy(() -> registry.schemaById(404))
        .isInstanceOf(SchemaNotFoundException.class)
        .hasMessageContaining("schema 404 not found in mock://" + scope);
    registry.register("a-value", AuthEvent.getClassSchema());
    assertThatThrownBy(() -> registry.lookup("a-value", TokenUseEvent.getClassSchema()))
        .isInstanceOf(SchemaNotFoundException.class)
        .satisfies(e -> assertThat(((SchemaRegistryException) e).errorCode()).isEqualTo(40403));
  }

  @Test
  void anIdChosenForASchemaCannotBeTakenByAnother() {
    registry.registerWithId("a-value", AuthEvent.getClassSchema(), 77);

    assertThat(registry.register("a-value", AuthEvent.getClassSchema())).isEqualTo(77);
    assertThat(registry.register("b-value", withOptionalField(AuthEvent.getClassSchema())))
        .isEqualTo(78);
    assertThatThrownBy(() -> registry.registerWithId("c-value", TokenUseEvent.getClassSchema(), 77))
        .isInstanceOf(IncompatibleSchemaException.class)
        .hasMessageContaining("schema id 77 is already taken by dev.vigil.events.AuthEvent");
  }

  private static Schema withOptionalField(Schema base) {
    List<Schema.Field> fields = new ArrayList<>();
    base.getFields().forEach(field -> fields.add(new Schema.Field(field, field.schema())));
    fields.add(new Schema.Field("note", Schema.create(Schema.Type.STRING), "A note.", ""));
    return Schema.createRecord(base.getName(), base.getDoc(), base.getNamespace(), false, fields);
  }
}
