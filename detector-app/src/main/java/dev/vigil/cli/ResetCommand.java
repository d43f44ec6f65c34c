package dev.vigil.cli;

import dev.vigil.runtime.ExitCode;
import dev.vigil.runtime.config.ConfigOptions;
import dev.vigil.runtime.config.VigilConfig;
import dev.vigil.runtime.topics.TopicAdmin;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.tools.StreamsResetter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vigil reset}: start the detector over from the earliest retained events. Kafka's own
 * StreamsResetter moves the application's input offsets back and deletes its internal topics
 * (changelog and repartition); this command then deletes the instance's local state directory,
 * which the resetter leaves alone and which would otherwise be restored on top of the reset.
 */
@Command(
    name = "reset",
    mixinStandardHelpOptions = true,
    description = {
      "Reset the detector to reprocess its input from the earliest retained event: input offsets"
          + " back to the start, internal topics (state changelog, repartition) deleted, and this"
          + " machine's local state for the application removed.",
      "Stop every instance first. Run it once per cluster, then remove the local state on every"
          + " machine that ran an instance (run it there too, or delete the directory it names).",
      "Alerts and revocation commands already written stay; replayed events produce the same ids,"
          + " so consumers that deduplicate on them see no repeats."
    },
    footer = {
      "%nExit codes: 0 reset (or, with --dry-run, nothing changed); 1 the reset failed (Kafka's"
          + " message says why, e.g. instances still running); 2 bad configuration; 3 cluster"
          + " unreachable.",
      "%nExamples:",
      "  vigil reset --config vigil.yaml --dry-run",
      "  vigil reset --config vigil.yaml"
    })
public final class ResetCommand implements Callable<Integer> {

  @Mixin ConfigOptions options;

  @Option(
      names = "--dry-run",
      description = "Show what would be reset and removed; change nothing.")
  boolean dryRun;

  @Option(
      names = "--force",
      description =
          "Remove members still in the application's consumer group (only when you are sure no"
              + " instance runs: a live instance would then write state over the reset).")
  boolean force;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    VigilConfig config = options.load();
    // The check that the cluster answers, with Vigil's one-line message when it does not.
    TopicAdmin.connect(config.clientConfig()).close();

    int resetterExit = runResetter(config, out, err);
    if (resetterExit != 0) {
      err.println(
          "vigil reset: Kafka's StreamsResetter failed (exit "
              + resetterExit
              + "); local state left in place");
      return ExitCode.FAILED;
    }
    Path local = localState(config);
    if (!Files.exists(local)) {
      out.println("Local state: " + local + " does not exist here; nothing to remove.");
    } else if (dryRun) {
      out.println("Local state: would remove " + local);
    } else {
      deleteTree(local);
      out.println("Local state: removed " + local);
    }
    out.println(
        dryRun
            ? "Dry run: nothing was changed."
            : "Reset done. The next start of "
                + config.applicationId()
                + " judges the retained input from the start.");
    return ExitCode.OK;
  }

  private int runResetter(VigilConfig config, PrintWriter out, PrintWriter err) {
    List<String> args = new ArrayList<>();
    args.add("--application-id");
    args.add(config.applicationId());
    args.add("--bootstrap-server");
    args.add(config.bootstrapServers());
    args.add("--input-topics");
    args.add(config.topics().authEvents() + "," + config.topics().tokenEvents());
    if (dryRun) {
      args.add("--dry-run");
    }
    if (force) {
      args.add("--force");
    }
    // The resetter reads TLS and SASL settings only from a properties file. It holds secrets, so
    // it is readable by this user alone and removed as soon as the resetter is done.
    Path commandConfig = null;
    try {
      commandConfig =
          Files.createTempFile(
              "vigil-reset-",
              ".properties",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Properties client = new Properties();
      config.clientConfig().forEach((key, value) -> client.setProperty(key, value.toString()));
      try (Writer writer = Files.newBufferedWriter(commandConfig)) {
        client.store(writer, null);
      }
      args.add("--command-config");
      args.add(commandConfig.toString());
      out.println("Kafka's StreamsResetter for application " + config.applicationId() + ":");
      out.flush();
      return new StreamsResetter().execute(args.toArray(String[]::new), new Properties());
    } catch (IOException e) {
      err.println("vigil reset: " + e.getMessage());
      return 1;
    } finally {
      if (commandConfig != null) {
        try {
          Files.deleteIfExists(commandConfig);
        } catch (IOException e) {
          err.println("vigil reset: could not remove " + commandConfig + ": " + e.getMessage());
        }
      }
    }
  }

  /** Where Kafka Streams keeps this application's stores on this machine. */
  static Path localState(VigilConfig config) {
    String stateDir =
        config
            .get(StreamsConfig.STATE_DIR_CONFIG)
            .orElse(
                StreamsConfig.configDef()
                    .defaultValues()
                    .get(StreamsConfig.STATE_DIR_CONFIG)
                    .toString());
    return Path.of(stateDir, config.applicationId());
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not remove " + root, e);
    }
  }
}
