package dev.vigil.adapters.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.adapters.AdapterResult;
import dev.vigil.adapters.common.SecretShapes;
import dev.vigil.events.json.EventJson;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * Asserts that no output event carries a secret, by looking at every field as the contract writes
 * it.
 */
public final class NoSecrets {

  private NoSecrets() {}

  public static void assertNoSecretsIn(List<AdapterResult> results, String... secrets) {
    assertNoSecretsInEvents(Fixtures.events(results), secrets);
  }

  public static void assertNoSecretsInEvents(List<SpecificRecord> events, String... secrets) {
    assertThat(events).isNotEmpty();
    for (SpecificRecord event : events) {
      String json = EventJson.write(event);
      for (String secret : secrets) {
        assertThat(json).as("event must not carry a secret").doesNotContain(secret);
      }
      assertThat(SecretShapes.containsSecret(json))
          .as("no secret-shaped value in %s", json)
          .isFalse();
    }
  }
}
