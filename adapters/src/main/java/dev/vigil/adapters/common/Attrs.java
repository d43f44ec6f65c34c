package dev.vigil.adapters.common;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds an event's {@code attributes}: only non-blank values, each scrubbed of secret shapes and
 * capped in length, so one verbose vendor field cannot bloat every event downstream.
 */
public final class Attrs {

  static final int MAX_VALUE_LENGTH = 512;

  private final Map<String, String> values = new LinkedHashMap<>();

  public static Attrs create() {
    return new Attrs();
  }

  public Attrs put(String key, String value) {
    if (value != null && !value.isBlank()) {
      String scrubbed = SecretShapes.scrub(value);
      values.put(
          key,
          scrubbed.length() > MAX_VALUE_LENGTH
              ? scrubbed.substring(0, MAX_VALUE_LENGTH)
              : scrubbed);
    }
    return this;
  }

  public Attrs put(String key, Object value) {
    return value == null ? this : put(key, value.toString());
  }

  /** Sets {@code key} to {@code "true"} when {@code flag} holds; absent otherwise. */
  public Attrs flag(String key, boolean flag) {
    return flag ? put(key, "true") : this;
  }

  public Map<String, String> build() {
    return values;
  }
}
