package dev.vigil.runtime.config;

/**
 * Where a setting's value came from, so that error messages and {@code config show} can say which
 * layer to change: {@code default}, {@code file vigil.yaml}, {@code env KAFKA_BOOTSTRAP_SERVERS},
 * {@code command line}.
 */
public record Origin(Layer layer, String detail) {

  /** The layers in increasing precedence: a later layer overrides an earlier one. */
  public enum Layer {
    DEFAULT,
    FILE,
    ENVIRONMENT,
    COMMAND_LINE
  }

  public static final Origin DEFAULT = new Origin(Layer.DEFAULT, "");
  public static final Origin COMMAND_LINE = new Origin(Layer.COMMAND_LINE, "");

  public static Origin file(String path) {
    return new Origin(Layer.FILE, path);
  }

  public static Origin environment(String variable) {
    return new Origin(Layer.ENVIRONMENT, variable);
  }

  @Override
  public String toString() {
    return switch (layer) {
      case DEFAULT -> "default";
      case FILE -> "file " + detail;
      case ENVIRONMENT -> "env " + detail;
      case COMMAND_LINE -> "command line";
    };
  }
}
