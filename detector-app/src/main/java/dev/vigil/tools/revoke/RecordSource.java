package dev.vigil.tools.revoke;

/** Where a command was read from, for logs and dead-letter headers. */
public record RecordSource(String topic, int partition, long offset) {

  @Override
  public String toString() {
    return topic + "-" + partition + "@" + offset;
  }
}
