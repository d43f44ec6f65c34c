package dev.vigil.cli;

import dev.vigil.rules.pack.DurationText;
import dev.vigil.runtime.ExitCode;
import dev.vigil.runtime.broker.EmbeddedKafka;
import dev.vigil.runtime.lifecycle.GracefulShutdown;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vigil broker}: a throw-away single-node Kafka on this machine, for trying producers, the
 * simulator or {@code vigil run} against without installing Kafka.
 */
@Command(
    name = "broker",
    mixinStandardHelpOptions = true,
    description = {
      "Start a single-node Kafka broker (KRaft) in this process on a free port of 127.0.0.1 and"
          + " print its bootstrap address. Its data lives in a temporary directory that is deleted"
          + " on exit.",
      "Runs until Ctrl-C or SIGTERM, or for --duration."
    })
public final class BrokerCommand implements Callable<Integer> {

  @Option(
      names = "--duration",
      paramLabel = "DURATION",
      description = "Stop after this long (e.g. 60s, 10m); default: until Ctrl-C.")
  String duration;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    Duration runFor;
    try {
      runFor = duration == null ? null : DurationText.require(duration);
    } catch (IllegalArgumentException e) {
      spec.commandLine()
          .getErr()
          .println(
              "vigil broker: --duration '"
                  + duration
                  + "' is not a duration (e.g. 60s, 10m, PT1H)");
      return ExitCode.INVALID_INPUT;
    }
    GracefulShutdown shutdown = GracefulShutdown.install();
    EmbeddedKafka kafka = EmbeddedKafka.start();
    shutdown.register("embedded Kafka", kafka);
    out.printf(
        "Kafka ready at %s in %d ms (data in %s)%n",
        kafka.bootstrapServers(), kafka.startupTime().toMillis(), kafka.directory());
    out.println(
        "Point clients at it with --bootstrap-servers "
            + kafka.bootstrapServers()
            + " or KAFKA_BOOTSTRAP_SERVERS="
            + kafka.bootstrapServers()
            + "; Ctrl-C stops it.");
    out.flush();
    shutdown.awaitStopRequest(runFor);
    shutdown.closeAll();
    out.println("Kafka stopped.");
    return 0;
  }
}
