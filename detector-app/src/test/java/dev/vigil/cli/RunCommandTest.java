package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.rules.pack.RulePacks;
import dev.vigil.runtime.ExitCode;
import dev.vigil.runtime.lifecycle.GracefulShutdown;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The ways {@code vigil run} refuses to start, each with its exit code and a message naming the
 * cause.
 */
class RunCommandTest {

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void anUnreachableClusterExitsThreeNamingTheAddress() {
    int exit =
        run(
            Map.of(),
            "run",
            "--allow-in-memory-registry",
            "--bootstrap-servers",
            "127.0.0.1:1",
            "--http-port",
            "0");

    assertThat(exit).isEqualTo(ExitCode.CLUSTER_PROBLEM);
    assertThat(err.toString()).contains("vigil run: cannot reach Kafka at 127.0.0.1:1 within 10 s");
  }

  @Test
  void aRefusedRulePackExitsAsRulesValidateDoesNamingFileLineAndField() throws Exception {
    Path pack = dir.resolve("pack.yaml");
    Files.writeString(
        pack, RulePacks.defaultPackText().replaceFirst("severity: high", "severity: hgih"));

    int exit =
        run(
            Map.of(),
            "run",
            "--allow-in-memory-registry",
            "--bootstrap-servers",
            "127.0.0.1:1",
            "--rules",
            pack.toString());

    assertThat(exit)
        .isEqualTo(ExitCode.INVALID_RULES)
        .isEqualTo(run(Map.of(), "rules", "validate", pack.toString()));
    assertThat(err.toString())
        .contains("vigil run: rule pack refused: " + pack + ":")
        .contains("field 'rules[1].severity': unknown severity \"hgih\"")
        .doesNotContain("cannot reach");
  }

  @Test
  void aBadSettingExitsTwoNamingItsOrigin() {
    int exit = run(Map.of("VIGIL_HTTP_PORT", "70000"), "run");

    assertThat(exit).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(err.toString())
        .startsWith(
            "vigil run: vigil.http.port = '70000' (from env VIGIL_HTTP_PORT) is not a port number");
  }

  @Test
  void aBadDurationExitsTwo() {
    assertThat(run(Map.of(), "run", "--duration", "soon")).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(err.toString()).contains("--duration 'soon' is not a duration");
  }

  @Test
  void anInMemoryRegistryIsRefusedUnlessAllowed() {
    int exit = run(Map.of(), "run", "--bootstrap-servers", "127.0.0.1:1");

    assertThat(exit).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(err.toString())
        .contains(
            "the Schema Registry is mock://vigil, an in-memory registry private to this process")
        .doesNotContain("cannot reach Kafka");
  }

  @Test
  void anUnreachableRegistryIsNamedBeforeAnythingStarts() {
    int exit =
        run(
            Map.of(),
            "run",
            "--bootstrap-servers",
            "127.0.0.1:1",
            "--schema-registry-url",
            "http://127.0.0.1:1");

    assertThat(exit).isEqualTo(ExitCode.CLUSTER_PROBLEM);
    assertThat(err.toString())
        .contains("vigil run: Kafka at 127.0.0.1:1, Schema Registry at http://127.0.0.1:1")
        .contains("cannot reach the Schema Registry at http://127.0.0.1:1");
  }

  private int run(Map<String, String> environment, String... args) {
    CommandLine cli = VigilCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    RunCommand run = cli.getSubcommands().get("run").getCommand();
    run.options.environment = () -> environment;
    run.shutdowns = GracefulShutdown::withoutHook;
    return cli.execute(args);
  }
}
