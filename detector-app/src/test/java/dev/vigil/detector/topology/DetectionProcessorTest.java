package dev.vigil.detector.topology;

import static dev.vigil.detector.fixtures.Events.at;
import static dev.vigil.detector.fixtures.Events.observed;
import static dev.vigil.detector.fixtures.Events.use;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.detector.Finding;
import dev.vigil.detector.ObservedEvent;
import dev.vigil.detector.fixtures.TestPacks;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

class DetectionProcessorTest {

  @Test
  void aProcessorInitializedAgainJudgesEachEventOnce() {
    // Streams initializes a processor again when it revives a corrupted task.
    MockProcessorContext<String, Finding> context = new MockProcessorContext<>();
    KeyValueStore<String, byte[]> inner =
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore("states"), Serdes.String(), Serdes.ByteArray())
            .withLoggingDisabled()
            .build();
    inner.init(context.getStateStoreContext(), inner);
    DetectorStateStore states = new DetectorStateStore(inner, 16);
    CountingDetector counting = new CountingDetector();
    DetectionProcessor processor =
        MockDetection.processor(
            context,
            states,
            new DetectorSettings(
                TestPacks.standard(),
                false,
                Duration.ZERO,
                Clock.systemUTC(),
                List.of(counting),
                (text, origin) -> TestPacks.standard()));

    processor.init(context);
    processor.init(context);
    ObservedEvent event = observed(use("u-1", at(0), "svc-a", "tok-1", "github"));
    processor.process(new Record<>("svc-a", event, 0L));
    states.flushCache();

    assertThat(ByteBuffer.wrap(inner.get(StateKeys.key(counting.name(), "svc-a"))).getInt())
        .isEqualTo(1);
  }
}
