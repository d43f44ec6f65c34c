package dev.vigil.tools.soak;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.cli.VigilCli;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildDetectorTest {

  @TempDir Path dir;

  @Test
  void aKillIsASigkillNotATerm() throws Exception {
    // A process that ignores SIGTERM: only SIGKILL ends it at once.
    ChildDetector child =
        new ChildDetector(
            "t", List.of("sh", "-c", "trap '' TERM; sleep 120"), dir.resolve("child.log"));
    child.start();
    assertThat(child.alive()).isTrue();

    assertThat(child.kill()).isEqualTo(ChildDetector.SIGKILL_EXIT);
    assertThat(child.alive()).isFalse();
    assertThat(child.starts()).isEqualTo(1);
  }

  @Test
  void theChildRunsThisVigilsCliWithThisJavaAndClassPath() {
    List<String> cmd = ChildDetector.javaCommand(List.of("-Xmx64m"), List.of("--http-port", "0"));

    assertThat(ChildDetector.MAIN_CLASS).isEqualTo(VigilCli.class.getName());
    assertThat(cmd.get(0)).endsWith("java");
    assertThat(cmd)
        .containsSequence("-cp", System.getProperty("java.class.path"))
        .containsSequence(VigilCli.class.getName(), "run", "--http-port", "0")
        .contains("-Xmx64m");
  }
}
