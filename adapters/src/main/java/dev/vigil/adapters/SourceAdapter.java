package dev.vigil.adapters;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Maps one record of one vendor's log to Vigil contract events. Implementations are pure: no I/O,
 * no clock, no state between calls, so the same record always gives the same result and any number
 * of threads may share one instance.
 *
 * <p>{@link #map} accepts the vendor's own record and the usual shipper envelopes around it (a
 * Fluent Bit or Vector line whose {@code log}/{@code message} field holds the record as a string,
 * an EventBridge {@code detail}, an Azure diagnostic {@code properties.log}, a CloudWatch Logs
 * event's {@code message}); fields a shipper adds beside the record are ignored. It never throws
 * for bad input: a record it cannot use is {@link AdapterResult#unmappable unmappable}.
 */
public interface SourceAdapter {

  /** The registry name of this source, e.g. {@code cloudtrail}; see {@link SourceAdapters}. */
  String source();

  /** The Kafka topic raw records of this source are shipped to: {@code raw.<source>}. */
  default String rawTopic() {
    return "raw." + source();
  }

  /** Maps one record; never null, never throws. */
  AdapterResult map(JsonNode record);
}
