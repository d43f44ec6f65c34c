package dev.vigil.runtime.dlq;

/** Counts records sent to the dead-letter topic, by the topic they were read from. */
@FunctionalInterface
public interface DeadLetterMetrics {

  void deadLettered(String sourceTopic);

  DeadLetterMetrics NONE = sourceTopic -> {};
}
