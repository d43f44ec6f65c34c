package dev.vigil.tools.adapt;

import dev.vigil.adapters.SourceAdapter;
import dev.vigil.adapters.SourceAdapters;
import dev.vigil.events.json.EventJson;
import dev.vigil.runtime.ExitCode;
import dev.vigil.runtime.config.ConfigOptions;
import dev.vigil.runtime.config.VigilConfig;
import dev.vigil.runtime.lifecycle.GracefulShutdown;
import dev.vigil.runtime.topics.ClusterUnreachableException;
import dev.vigil.runtime.topics.MissingTopicsException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.avro.specific.SpecificRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vigil adapt}: vendor logs into Vigil's contract. From files ({@code --in}) to JSON lines,
 * or, with {@code --from-topics}, as a Kafka Streams app from the raw vendor topics into the
 * detector's input topics.
 */
@Command(
    name = "adapt",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Turn vendor logs into Vigil's contract events: CloudTrail, Kubernetes audit, Vault audit,"
          + " the GitHub audit log, the Okta System Log, Entra sign-ins, MCP gateway logs.",
      "Files: every shape the vendors and log shippers write (JSON arrays, {\"Records\": [...]}"
          + " files, JSON lines, gzip), events out as JSON lines for replay and evaluate.",
      "Topics (--from-topics): a Kafka Streams app, exactly-once, from raw.<source> into the"
          + " detector's input topics keyed by identity; what cannot be mapped goes to the"
          + " dead-letter topic with its reason; metrics per source on /metrics."
    },
    footer = {
      "%nExit codes: 0 done; 1 the streams app failed; 2 bad options or an unreadable file;"
          + " 3 cluster unreachable or topics missing.",
      "%nExamples:",
      "  vigil adapt --source cloudtrail --in trail-1.json.gz trail-2.json --out events.jsonl",
      "  vigil adapt --from-topics --source cloudtrail --source kubernetes --config vigil.yaml"
    })
public final class AdaptCommand implements Callable<Integer> {

  @Option(
      names = "--source",
      required = true,
      paramLabel = "SOURCE",
      description = "Log source (repeatable with --from-topics): ${COMPLETION-CANDIDATES}.",
      completionCandidates = SourceNames.class)
  List<String> sources = new ArrayList<>();

  @Option(
      names = "--in",
      arity = "1..*",
      paramLabel = "FILE",
      description = "Vendor log files to read (file mode).")
  List<Path> inputs = new ArrayList<>();

  @Option(
      names = "--out",
      paramLabel = "FILE.jsonl",
      defaultValue = "-",
      description = "Where the events go, JSON lines; - for standard output (default).")
  String out;

  @Option(
      names = "--dead-letters",
      paramLabel = "FILE",
      description =
          "Also write each record that could not be used as a line: where it was and why (file"
              + " mode; never the record itself, which may hold secrets).")
  Path deadLetters;

  @Option(
      names = "--from-topics",
      description = "Run as a Kafka Streams app from the raw topics (raw.<source>) instead.")
  boolean fromTopics;

  @Option(
      names = "--duration",
      paramLabel = "DURATION",
      description = "With --from-topics: stop after this long (default: until SIGTERM).")
  Duration duration;

  @Mixin AdapterOptions adapterOptions;

  @Mixin ConfigOptions options;

  @Spec CommandSpec spec;

  /** How the shutdown is made; tests use one without a JVM hook. */
  java.util.function.Supplier<GracefulShutdown> shutdowns = GracefulShutdown::install;

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter err = spec.commandLine().getErr();
    List<SourceAdapter> adapters = new ArrayList<>();
    try {
      for (String source : sources) {
        adapters.add(adapterOptions.adapter(source));
      }
    } catch (IllegalArgumentException e) {
      err.println("vigil adapt: " + e.getMessage());
      return ExitCode.INVALID_INPUT;
    }
    if (fromTopics == !inputs.isEmpty()) {
      err.println("vigil adapt: give either --in FILE... or --from-topics");
      return ExitCode.INVALID_INPUT;
    }
    return fromTopics ? streaming(adapters, err) : files(adapters, err);
  }

  private int files(List<SourceAdapter> adapters, PrintWriter err) throws IOException {
    if (adapters.size() != 1) {
      err.println("vigil adapt: files are read as one --source at a time");
      return ExitCode.INVALID_INPUT;
    }
    for (Path file : inputs) {
      if (!Files.isRegularFile(file)) {
        err.println("vigil adapt: --in " + file + ": no such file");
        return ExitCode.INVALID_INPUT;
      }
    }
    VendorFiles.Adapted adapted = VendorFiles.read(adapters.get(0), inputs);
    try (OutputStream sink = open(out)) {
      for (SpecificRecord event : adapted.events()) {
        EventJson.writeLine(event, sink);
      }
    }
    if (deadLetters != null) {
      List<String> lines = new ArrayList<>();
      for (VendorFiles.DeadLetter dead : adapted.deadLetters()) {
        lines.add(dead.location() + "\t" + dead.reason());
      }
      Files.write(deadLetters, lines);
    }
    err.println(adapted.tally().render());
    return ExitCode.OK;
  }

  private int streaming(List<SourceAdapter> adapters, PrintWriter err) throws InterruptedException {
    VigilConfig config = options.load();
    GracefulShutdown shutdown = shutdowns.get();
    try {
      AdapterApp.start(config, shutdown, adapters);
    } catch (ClusterUnreachableException | MissingTopicsException e) {
      shutdown.closeAll();
      err.println("vigil adapt: " + e.getMessage());
      return ExitCode.CLUSTER_PROBLEM;
    }
    String reason = shutdown.awaitStopRequest(duration);
    shutdown.closeAll();
    err.println("vigil adapt: stopped (" + reason + ")");
    return reason.startsWith("Kafka Streams reached") ? ExitCode.FAILED : ExitCode.OK;
  }

  private static OutputStream open(String target) throws IOException {
    if ("-".equals(target)) {
      return new BufferedOutputStream(System.out) {
        @Override
        public void close() throws IOException {
          flush(); // standard output stays open for the summary and the caller
        }
      };
    }
    return new BufferedOutputStream(Files.newOutputStream(Path.of(target)));
  }

  /** The names picocli lists in the help. */
  static final class SourceNames extends ArrayList<String> {
    SourceNames() {
      super(SourceAdapters.names());
    }
  }
}
