package dev.vigil.detector.topology;

import dev.vigil.detector.ObservedEvent;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Turns an event the intake refused (late, or dated too far ahead) back into the bytes it arrived
 * as (its topic's serde) and labels it with the reason, for the dead-letter topic: refused events
 * are never silently dropped. The dead letter is stamped with the wall clock it was refused at when
 * there is one, so the topic's retention counts from then and not from an event time years ago.
 */
final class LateEventProcessor implements FixedKeyProcessor<String, Admitted, byte[]> {

  private final Topics topics;
  private final Duration grace;
  private final EventTimeBounds bounds;
  private FixedKeyProcessorContext<String, byte[]> context;

  LateEventProcessor(Topics topics, Duration grace, EventTimeBounds bounds) {
    this.topics = topics;
    this.grace = grace;
    this.bounds = bounds;
  }

  @Override
  public void init(FixedKeyProcessorContext<String, byte[]> context) {
    this.context = context;
  }

  @Override
  public void process(FixedKeyRecord<String, Admitted> record) {
    Admitted admitted = record.value();
    ObservedEvent event = admitted.event();
    String topic = event.isAuth() ? topics.authEvents().name() : topics.tokenEvents().name();
    byte[] bytes =
        event.isAuth()
            ? topics.authEvents().serialize(event.auth())
            : topics.tokenEvents().serialize(event.use());
    FixedKeyRecord<String, byte[]> out = record.withValue(bytes);
    if (admitted.wallClockMs() >= 0) {
      out = out.withTimestamp(admitted.wallClockMs());
    }
    Optional<RecordMetadata> source = context.recordMetadata();
    String sourceTopic = source.map(RecordMetadata::topic).orElse(topic);
    Integer partition = source.map(RecordMetadata::partition).orElse(null);
    Long offset = source.map(RecordMetadata::offset).orElse(null);
    if (admitted.future()) {
      DeadLetters.markFuture(
          out.headers(),
          sourceTopic,
          partition,
          offset,
          event.eventTime(),
          admitted.wallClockMs(),
          bounds.maxAhead());
    } else {
      DeadLetters.markLate(
          out.headers(),
          sourceTopic,
          partition,
          offset,
          event.eventTime(),
          admitted.streamTimeMs(),
          grace);
    }
    context.forward(out);
  }
}
