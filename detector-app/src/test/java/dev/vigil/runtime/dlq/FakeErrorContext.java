package dev.vigil.runtime.dlq;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.processor.TaskId;

/** What Kafka Streams hands an exception handler about the record that failed. */
record FakeErrorContext(
    String topic,
    int partition,
    long offset,
    Headers headers,
    byte[] sourceRawKey,
    byte[] sourceRawValue)
    implements ErrorHandlerContext {

  @Override
  public String processorNodeId() {
    return "KSTREAM-SOURCE-0000000000";
  }

  @Override
  public TaskId taskId() {
    return new TaskId(0, partition);
  }

  @Override
  public long timestamp() {
    return 1_790_000_000_000L;
  }
}
