package dev.vigil.tools.tail;

import dev.vigil.runtime.ExitCode;
import dev.vigil.runtime.config.ConfigOptions;
import dev.vigil.runtime.config.VigilConfig;
import dev.vigil.runtime.config.VigilConfigException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vigil tail alerts|revocations|dlq|risk}: read one of Vigil's topics as a person would. */
@Command(
    name = "tail",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Print the records of one of Vigil's topics as they are committed, one line each: alerts and"
          + " revocation commands as the demo shows them, dead letters as their reason, source"
          + " topic/partition/offset and size (never the payload), risk records as JSON. --json"
          + " prints the JSON-lines form instead (as vigil replay writes alerts and commands).",
      "Reads with isolation.level=read_committed, joins no consumer group and commits nothing."
          + " From now unless --from-beginning; until Ctrl-C, --max or --timeout. Lines go to"
          + " standard output, everything else to standard error.",
      "Topics: alerts = vigil.topic.alerts, revocations = vigil.topic.revocations, dlq ="
          + " vigil.topic.dlq, risk = identity.risk (--topic reads any other name)."
    },
    footer = {
      "%nExamples:",
      "  vigil tail alerts --bootstrap-servers localhost:9092 --schema-registry-url http://localhost:8081",
      "  vigil tail dlq --from-beginning --config vigil.yaml",
      "  vigil tail revocations --json --from-beginning --max 10 --timeout 30s --config vigil.yaml"
    })
public final class TailCommand implements Callable<Integer> {

  @Parameters(
      index = "0",
      paramLabel = "alerts|revocations|dlq|risk",
      description = "What to read.")
  String what;

  @Option(names = "--json", description = "One JSON object per line instead of the readable line.")
  boolean json;

  @Option(
      names = "--from-beginning",
      description = "Start at the oldest record still on the topic (default: from now).")
  boolean fromBeginning;

  @Option(names = "--max", paramLabel = "N", description = "Stop after printing N records.")
  Long max;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      description = "Stop after this long (e.g. 30s, 5m), however many records came.")
  Duration timeout;

  @Option(
      names = "--topic",
      paramLabel = "TOPIC",
      description = "Read this topic instead of the configured one (same format).")
  String topic;

  @Mixin ConfigOptions options;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Optional<TailKind> kind = TailKind.parse(what);
    if (kind.isEmpty()) {
      err.println(
          "vigil tail: '" + what + "' is not something to tail; choose " + TailKind.choices());
      return ExitCode.INVALID_INPUT;
    }
    if (max != null && max < 1) {
      err.println("vigil tail: --max must be at least 1, got " + max);
      return ExitCode.INVALID_INPUT;
    }
    if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
      err.println("vigil tail: --timeout must be positive, got " + timeout);
      return ExitCode.INVALID_INPUT;
    }
    VigilConfig config;
    try {
      config = options.load();
    } catch (VigilConfigException e) {
      err.println("vigil tail: " + e.getMessage());
      return ExitCode.INVALID_INPUT;
    }
    String name = topic != null ? topic : kind.get().topic(config);
    return new TopicTail(
            config,
            new TopicTail.Options(kind.get(), name, json, fromBeginning, max, timeout),
            out,
            err)
        .run();
  }
}
