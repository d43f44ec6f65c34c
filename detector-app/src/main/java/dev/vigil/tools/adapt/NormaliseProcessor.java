package dev.vigil.tools.adapt;

import dev.vigil.adapters.AdapterResult;
import dev.vigil.adapters.SourceAdapter;
import dev.vigil.adapters.VendorFileReader;
import dev.vigil.adapters.VendorRecord;
import dev.vigil.adapters.common.SecretShapes;
import dev.vigil.detector.topology.DeadLetterHeaders;
import dev.vigil.events.AuthEvent;
import dev.vigil.events.TokenUseEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * One raw vendor record (or a shipper's batch of them) in, contract events out, keyed by identity
 * so the detector judges each where it lands. A record the adapter cannot map goes to the
 * dead-letter topic with its reason and its place in the raw topic; its text goes with it scrubbed
 * of anything shaped like a secret. A record the source does not need is counted and dropped.
 */
final class NormaliseProcessor implements Processor<byte[], byte[], String, Object> {

  static final String AUTH_SINK = "auth-events-sink";
  static final String TOKEN_SINK = "token-events-sink";
  static final String DEAD_LETTER_SINK = "adapter-dead-letters-sink";

  private final SourceAdapter adapter;
  private final AdapterMetrics metrics;
  private ProcessorContext<String, Object> context;

  NormaliseProcessor(SourceAdapter adapter, AdapterMetrics metrics) {
    this.adapter = adapter;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    this.context = context;
  }

  @Override
  public void process(Record<byte[], byte[]> raw) {
    if (raw.value() == null) {
      return;
    }
    try (VendorFileReader reader = VendorFileReader.open(raw.value())) {
      while (reader.hasNext()) {
        VendorRecord record = reader.next();
        if (!record.readable()) {
          deadLetter(raw, "unreadable-record", record.error());
        } else {
          handle(raw, adapter.map(record.json()));
        }
      }
    } catch (IOException | RuntimeException e) {
      deadLetter(raw, "unreadable-record", e.getClass().getSimpleName());
    }
  }

  private void handle(Record<byte[], byte[]> raw, AdapterResult result) {
    switch (result.status()) {
      case MAPPED -> {
        for (SpecificRecord event : result.events()) {
          if (event instanceof AuthEvent auth) {
            context.forward(
                new Record<String, Object>(auth.getIdentityId(), auth, raw.timestamp()), AUTH_SINK);
          } else if (event instanceof TokenUseEvent use) {
            context.forward(
                new Record<String, Object>(use.getIdentityId(), use, raw.timestamp()), TOKEN_SINK);
          }
        }
        metrics.mapped(adapter.source(), result.events().size());
      }
      case SKIPPED -> metrics.skipped(adapter.source(), result.reason());
      case UNMAPPABLE -> deadLetter(raw, result.reason(), null);
    }
  }

  private void deadLetter(Record<byte[], byte[]> raw, String reason, String detail) {
    metrics.deadLettered(adapter.source(), reason);
    Headers headers = new RecordHeaders();
    put(headers, DeadLetterHeaders.REASON, reason);
    put(
        headers,
        DeadLetterHeaders.MESSAGE,
        adapter.source()
            + " record not mapped: "
            + reason
            + (detail == null ? "" : " (" + detail + ")"));
    RecordMetadata where = context.recordMetadata().orElse(null);
    if (where != null) {
      put(headers, DeadLetterHeaders.TOPIC, where.topic());
      put(headers, DeadLetterHeaders.PARTITION, Integer.toString(where.partition()));
      put(headers, DeadLetterHeaders.OFFSET, Long.toString(where.offset()));
    }
    byte[] scrubbed =
        SecretShapes.scrub(new String(raw.value(), StandardCharsets.UTF_8))
            .getBytes(StandardCharsets.UTF_8);
    String key = raw.key() == null ? null : new String(raw.key(), StandardCharsets.UTF_8);
    context.forward(
        new Record<String, Object>(key, scrubbed, raw.timestamp(), headers), DEAD_LETTER_SINK);
  }

  private static void put(Headers headers, String name, String value) {
    headers.add(name, value.getBytes(StandardCharsets.UTF_8));
  }
}
