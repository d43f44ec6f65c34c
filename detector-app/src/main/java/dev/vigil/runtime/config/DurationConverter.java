package dev.vigil.runtime.config;

import dev.vigil.rules.pack.DurationText;
import java.time.Duration;
import picocli.CommandLine;

/** Command-line durations, read by the one grammar of {@link DurationText}. */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

  @Override
  public Duration convert(String value) {
    try {
      return DurationText.require(value);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException(e.getMessage());
    }
  }
}
