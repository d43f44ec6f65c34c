package dev.vigil.tools.simulate.kafka;

import org.apache.avro.specific.SpecificRecord;

/** Where an {@link EventFeed} sends events: Kafka ({@link EventProducer}), or a test's list. */
public interface EventSink {

  /** Sends one AuthEvent or TokenUseEvent. */
  void send(SpecificRecord event);

  /** Waits until everything sent is delivered. */
  void flush();
}
