package dev.vigil.tools.simulate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Reads the simulator's catalogues ({@code tools.yaml}, {@code networks.yaml}, {@code estate.yaml})
 * from beside this class. Their keys are snake_case; an unknown key fails, so a typo cannot
 * silently leave a default in place.
 */
final class SimulatorData {

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

  private SimulatorData() {}

  static <T> T read(String resource, Class<T> type) {
    try (InputStream in = SimulatorData.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing simulator resource " + resource);
      }
      return YAML.readValue(in, type);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read simulator resource " + resource, e);
    }
  }
}
