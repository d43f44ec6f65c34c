package dev.vigil.cli;

import dev.vigil.rules.pack.PackValidator;
import dev.vigil.rules.pack.ValidationReport;
import dev.vigil.runtime.ExitCode;
import dev.vigil.runtime.app.SeedRules;
import dev.vigil.runtime.config.ConfigOptions;
import dev.vigil.runtime.config.VigilConfig;
import dev.vigil.runtime.topics.TopicAdmin;
import dev.vigil.runtime.topics.TopicSpec;
import dev.vigil.tools.demo.DemoPack;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vigil rules publish}: validates a pack, then writes it as the active pack to the compacted
 * rules topic; every running instance switches to it without a restart.
 */
@Command(
    name = "publish",
    mixinStandardHelpOptions = true,
    description = {
      "Validate a rule pack, then publish it as the active pack on the rules topic (identity.rules) of the"
          + " configured cluster. Running detectors switch to it with their next event, without a restart;"
          + " a pack they cannot load is refused and the previous one stays active.",
      "--demo publishes the pack of 'vigil demo' instead of a file: the default pack with its baselines"
          + " shortened to judge identities after a day of history, for a quick look at a local stack.",
      "Connection settings as for 'vigil run' (--config, KAFKA_*, VIGIL_*, options)."
    },
    footer = {
      "%nExit codes: 0 published; 2 bad configuration; 3 cluster unreachable or rules topic"
          + " missing; 4 the pack is invalid (nothing published).",
      "%nExample:",
      "  vigil rules publish my-pack.yaml --bootstrap-servers kafka-1:9092"
    })
public final class RulesPublishCommand implements Callable<Integer> {

  @Parameters(
      paramLabel = "PACK.yaml",
      arity = "0..1",
      description = "The rule pack file (or --demo).")
  Path file;

  @Option(
      names = "--demo",
      description =
          "Publish the demo's shortened pack (baselines judged after one day; not for production).")
  boolean demo;

  @Mixin ConfigOptions options;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if ((file == null) == !demo) {
      throw new ParameterException(
          spec.commandLine(), "vigil rules publish: give either a PACK.yaml file or --demo");
    }
    if (file != null && !Files.isRegularFile(file)) {
      err.println("vigil rules publish: no such file: " + file);
      return ExitCode.INVALID_INPUT;
    }
    String text = demo ? DemoPack.text() : Files.readString(file);
    ValidationReport report =
        PackValidator.validate(text, demo ? "the demo pack" : file.toString());
    if (!report.valid()) {
      err.print(report.render());
      err.flush();
      return ExitCode.INVALID_RULES;
    }
    VigilConfig config = options.load();
    String topic = config.topics().rules();
    try (TopicAdmin admin = TopicAdmin.connect(config.clientConfig())) {
      List<TopicSpec> rulesTopic =
          TopicSpec.vigilTopics(
                  config.topics(), config.topicPartitions(), config.topicReplicationFactor())
              .stream()
              .filter(t -> t.name().equals(topic))
              .toList();
      admin.ensure(rulesTopic, config.createTopics());
      SeedRules.publish(config.clientConfig(), topic, text);
    }
    out.printf(
        "Published pack %s version %s (%d rules) to %s on %s%n",
        report.pack().name(),
        report.pack().version(),
        report.pack().rules().size(),
        topic,
        config.bootstrapServers());
    return ExitCode.OK;
  }
}
