package dev.vigil.cli;

import java.util.Locale;

/**
 * Logging chosen on the command line, applied before the first logger exists: logback reads its
 * configuration once, when the first class asks for a logger, and picocli creates every command
 * (and so loads their loggers) before it parses anything. So {@code main} reads these two options
 * from the raw arguments first; the options themselves are declared on {@link VigilCli} so that
 * help lists them and parsing accepts them on any command.
 */
final class LogSettings {

  static final String FORMAT_PROPERTY = "vigil.log.format";
  static final String KAFKA_LEVEL_PROPERTY = "vigil.kafka.log.level";
  static final String KAFKA_NOISE_LEVEL_PROPERTY = "vigil.kafka.noise.level";

  private LogSettings() {}

  /** Sets the logback properties the arguments ask for; leaves the defaults otherwise. */
  static void apply(String[] args) {
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--")) {
        return;
      }
      if (arg.equals("--verbose")) {
        System.setProperty(KAFKA_LEVEL_PROPERTY, "INFO");
        System.setProperty(KAFKA_NOISE_LEVEL_PROPERTY, "INFO");
      } else if (arg.startsWith("--log-format=")) {
        format(arg.substring("--log-format=".length()));
      } else if (arg.equals("--log-format") && i + 1 < args.length) {
        format(args[i + 1]);
      }
    }
  }

  private static void format(String value) {
    String format = value.toLowerCase(Locale.ROOT);
    if (format.equals("json") || format.equals("text")) {
      System.setProperty(FORMAT_PROPERTY, format);
    }
  }
}
