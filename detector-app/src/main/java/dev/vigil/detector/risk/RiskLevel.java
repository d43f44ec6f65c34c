package dev.vigil.detector.risk;

import dev.vigil.events.Severity;
import java.util.Locale;

/**
 * An identity's risk level, lowest first; written in lower case ({@code none} … {@code critical}).
 */
public enum RiskLevel {
  NONE,
  LOW,
  MEDIUM,
  HIGH,
  CRITICAL;

  /** The level an alert of {@code severity} alone gives. */
  public static RiskLevel of(Severity severity) {
    return switch (severity) {
      case LOW -> LOW;
      case MEDIUM -> MEDIUM;
      case HIGH -> HIGH;
      case CRITICAL -> CRITICAL;
    };
  }

  /** One level higher, at most {@link #CRITICAL}; none stays none. */
  public RiskLevel escalated() {
    return this == NONE || this == CRITICAL ? this : values()[ordinal() + 1];
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
