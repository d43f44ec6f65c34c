package dev.vigil.detector.topology;

import dev.vigil.detector.DetectionMetrics;
import dev.vigil.detector.Finding;
import dev.vigil.detector.fixtures.TestPacks;
import dev.vigil.detector.rulestore.ActiveRules;
import dev.vigil.detector.rulestore.RulesTopic;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * A {@link DetectionProcessor} outside a topology: on a mock context that holds the detector store
 * given and an empty rules store, so the processor runs the standard test pack.
 */
final class MockDetection {

  private MockDetection() {}

  static DetectionProcessor processor(
      MockProcessorContext<String, Finding> context,
      DetectorStateStore states,
      DetectorSettings settings) {
    context.addStateStore(states);
    KeyValueStore<String, String> rules =
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(RulesTopic.STORE), Serdes.String(), Serdes.String())
            .withLoggingDisabled()
            .build();
    rules.init(context.getStateStoreContext(), rules);
    context.addStateStore(rules);
    return new DetectionProcessor(
        settings,
        "states",
        new ActiveRules(
            TestPacks.standard(), (text, origin) -> TestPacks.standard(), DetectionMetrics.NONE),
        DetectionMetrics.NONE);
  }
}
