package dev.vigil.detector.topology;

import dev.vigil.detector.ObservedEvent;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Turns a late event back into the bytes it arrived as (its topic's serde) and labels it with the
 * reason, for the dead-letter topic: late events are never silently dropped.
 */
final class LateEventProcessor implements FixedKeyProcessor<String, Admitted, byte[]> {

  private final VigilTopics topics;
  private final TopologySerdes serdes;
  private final Duration grace;
  private FixedKeyProcessorContext<String, byte[]> context;

  LateEventProcessor(VigilTopics topics, TopologySerdes serdes, Duration grace) {
    this.topics = topics;
    this.serdes = serdes;
    this.grace = grace;
  }

  @Override
  public void init(FixedKeyProcessorContext<String, byte[]> context) {
    this.context = context;
  }

  @Override
  public void process(FixedKeyRecord<String, Admitted> record) {
    ObservedEvent event = record.value().event();
    String topic = event.isAuth() ? topics.authEvents() : topics.tokenEvents();
    byte[] bytes =
        event.isAuth()
            ? serdes.auth().serializer().serialize(topic, event.auth())
            : serdes.tokenUse().serializer().serialize(topic, event.use());
    FixedKeyRecord<String, byte[]> out = record.withValue(bytes);
    Optional<RecordMetadata> source = context.recordMetadata();
    DeadLetters.markLate(
        out.headers(),
        source.map(RecordMetadata::topic).orElse(topic),
        source.map(RecordMetadata::partition).orElse(null),
        source.map(RecordMetadata::offset).orElse(null),
        event.eventTime(),
        record.value().streamTimeMs(),
        grace);
    context.forward(out);
  }
}
