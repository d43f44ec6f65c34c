package dev.vigil.serde.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.events.AuthEvent;
import dev.vigil.events.TokenUseEvent;
import dev.vigil.events.testing.SampleEvents;
import dev.vigil.serde.ConfluentAvroSerde;
import dev.vigil.serde.registry.MockSchemaRegistry;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;

/**
 * The Confluent wire-format deserializer on bytes no producer should send: random bytes, valid
 * payloads with bytes flipped, cut, inserted or repeated, schema ids the registry does not have,
 * and payloads written with a registered schema that does not match the reader's. Each is an {@code
 * AuthEvent} that can be written again, or a {@link SerializationException} (what Kafka Streams
 * hands to the deserialization handler, which dead-letters it); never another exception, never an
 * allocation sized by a damaged length.
 */
class WireFormatFuzzTest {

  private static final String SCOPE = "fuzz-" + UUID.randomUUID();
  private static final Map<String, Object> CONFIG =
      Map.of("schema.registry.url", "mock://" + SCOPE);
  private static final Serde<AuthEvent> AUTH =
      ConfluentAvroSerde.specific(AuthEvent.class, CONFIG, false);
  private static final Serde<TokenUseEvent> TOKEN_USE =
      ConfluentAvroSerde.specific(TokenUseEvent.class, CONFIG, false);
  private static final Serde<GenericRecord> GENERIC = ConfluentAvroSerde.generic(CONFIG, false);

  private static final byte[] VALID = AUTH.serializer().serialize("auth", SampleEvents.authEvent());

  /** A registered schema that is not an AuthEvent: a token-use event's payload. */
  private static final byte[] OTHER_SCHEMA =
      TOKEN_USE.serializer().serialize("token", SampleEvents.tokenUseEvent());

  /** A registered record schema sharing nothing with AuthEvent. */
  private static final byte[] UNRELATED = unrelated();

  @AfterContainer
  static void dropRegistry() {
    MockSchemaRegistry.dropScope(SCOPE);
  }

  @Property(tries = 400)
  void randomBytesAreReadOrRefused(@ForAll @Size(max = 64) byte[] bytes) {
    check(bytes);
  }

  @Property(tries = 400)
  void randomBytesAfterAValidHeaderAreReadOrRefused(@ForAll @Size(max = 200) byte[] tail) {
    byte[] payload = Arrays.copyOf(VALID, 5 + tail.length);
    System.arraycopy(tail, 0, payload, 5, tail.length);
    check(payload);
  }

  @Property(tries = 600)
  void mutatedPayloadsAreReadOrRefused(
      @ForAll @IntRange(min = 0, max = 2) int base,
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long seed) {
    byte[] original = base == 0 ? VALID : base == 1 ? OTHER_SCHEMA : UNRELATED;
    Random random = new Random(seed);
    byte[] payload = original.clone();
    int mutations = 1 + random.nextInt(3);
    for (int i = 0; i < mutations; i++) {
      payload = mutate(payload, random);
    }
    check(payload);
  }

  @Property(tries = 200)
  void schemaIdsTheRegistryDoesNotHaveAreRefused(@ForAll int id) {
    byte[] payload = VALID.clone();
    ByteBuffer.wrap(payload, 1, 4).putInt(id);
    check(payload);
  }

  static void check(byte[] payload) {
    Deserializer<AuthEvent> deserializer = AUTH.deserializer();
    AuthEvent event;
    try {
      event = deserializer.deserialize("auth", payload);
    } catch (SerializationException refused) {
      assertThat(refused.getMessage()).contains("topic 'auth'");
      return;
    } catch (RuntimeException | Error e) {
      throw new AssertionError(
          "deserializing " + Arrays.toString(payload) + " threw " + e.getClass().getName(), e);
    }
    assertThat(event).isNotNull();
    // Whatever was read can be written again, as the topology will write it.
    assertThat(AUTH.serializer().serialize("auth", event)).isNotEmpty();
  }

  private static byte[] mutate(byte[] payload, Random random) {
    if (payload.length == 0) {
      return new byte[] {(byte) random.nextInt()};
    }
    int at = random.nextInt(payload.length);
    switch (random.nextInt(6)) {
      case 0 -> {
        byte[] copy = payload.clone();
        copy[at] ^= (byte) (1 << random.nextInt(8));
        return copy;
      }
      case 1 -> {
        byte[] copy = payload.clone();
        copy[at] = (byte) random.nextInt();
        return copy;
      }
      case 2 -> {
        return Arrays.copyOf(payload, at);
      }
      case 3 -> {
        // A zig-zag varint of a huge length or count where a length is read.
        byte[] huge = {(byte) 0xfe, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0x0f};
        return splice(payload, at, huge);
      }
      case 4 -> {
        byte[] extra = new byte[1 + random.nextInt(8)];
        random.nextBytes(extra);
        return splice(payload, at, extra);
      }
      default -> {
        int length = Math.min(payload.length - at, 1 + random.nextInt(16));
        return splice(payload, at, Arrays.copyOfRange(payload, at, at + length));
      }
    }
  }

  private static byte[] splice(byte[] payload, int at, byte[] inserted) {
    byte[] out = new byte[payload.length + inserted.length];
    System.arraycopy(payload, 0, out, 0, at);
    System.arraycopy(inserted, 0, out, at, inserted.length);
    System.arraycopy(payload, at, out, at + inserted.length, payload.length - at);
    return out;
  }

  private static byte[] unrelated() {
    Schema schema =
        new Schema.Parser()
            .parse(
                "{\"type\":\"record\",\"name\":\"Unrelated\",\"namespace\":\"fuzz\",\"fields\":["
                    + "{\"name\":\"counts\",\"type\":{\"type\":\"array\",\"items\":\"long\"}},"
                    + "{\"name\":\"labels\",\"type\":{\"type\":\"map\",\"values\":\"string\"}}]}");
    GenericRecord record = new GenericData.Record(schema);
    record.put("counts", java.util.List.of(1L, 2L, 3L));
    record.put("labels", Map.of("a", "b"));
    return GENERIC.serializer().serialize("unrelated", record);
  }
}
