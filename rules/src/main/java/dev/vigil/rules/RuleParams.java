package dev.vigil.rules;

import dev.vigil.rules.match.GlobList;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * A rule's parameters after validation: every parameter its kind declares is present (the loader
 * fills in catalogue defaults) and has the declared type, so detections read them without checks.
 */
public record RuleParams(Map<String, Object> values) {

  public RuleParams {
    values = Map.copyOf(values);
  }

  public Duration duration(String name) {
    return (Duration) get(name);
  }

  public int integer(String name) {
    return ((Number) get(name)).intValue();
  }

  public double decimal(String name) {
    return ((Number) get(name)).doubleValue();
  }

  public boolean flag(String name) {
    return (Boolean) get(name);
  }

  /** A pattern list; a plain list (hand-built params, as in tests) is compiled here. */
  @SuppressWarnings("unchecked")
  public GlobList patterns(String name) {
    Object value = get(name);
    return value instanceof GlobList compiled ? compiled : GlobList.of((List<String>) value);
  }

  private Object get(String name) {
    Object value = values.get(name);
    if (value == null) {
      throw new NoSuchElementException("rule parameter '" + name + "' is not set");
    }
    return value;
  }
}
