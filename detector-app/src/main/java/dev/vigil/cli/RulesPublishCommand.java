package dev.vigil.cli;

import dev.vigil.rules.pack.PackValidator;
import dev.vigil.rules.pack.ValidationReport;
import dev.vigil.runtime.ExitCode;
import dev.vigil.runtime.app.SeedRules;
import dev.vigil.runtime.config.ConfigOptions;
import dev.vigil.runtime.config.VigilConfig;
import dev.vigil.runtime.topics.TopicAdmin;
import dev.vigil.runtime.topics.TopicSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
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
      "Connection settings as for 'vigil run' (--config, KAFKA_*, VIGIL_*, options)."
    },
    footer = {
      "%nExit codes: 0 published; 2 bad configuration; 3 cluster unreachable or rules topic"
          + " missing; 4 the pack is invalid (nothing published).",
      "%nExample:",
      "  vigil rules publish my-pack.yaml --bootstrap-servers kafka-1:9092"
    })
public final class RulesPublishCommand implements Callable<Integer> {

  @Parameters(paramLabel = "PACK.yaml", description = "The rule pack file.")
  Path file;

  @Mixin ConfigOptions options;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!Files.isRegularFile(file)) {
      err.println("vigil rules publish: no such file: " + file);
      return ExitCode.INVALID_INPUT;
    }
    ValidationReport report = PackValidator.validate(file);
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
      SeedRules.publish(config.clientConfig(), topic, Files.readString(file));
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
