package dev.vigil.detector.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.detector.StateCodec;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A slice reads the store only for keys it may hold ({@link StoredKeys}): never answering "none"
 * for a key whose state was written, whoever wrote it and whenever.
 */
class StoredKeysTest {

  private static final StateCodec<Long> LONGS =
      new StateCodec<>() {
        @Override
        public byte[] encode(Long state) {
          return ByteBuffer.allocate(8).putLong(state).array();
        }

        @Override
        public Long decode(byte[] bytes) {
          return ByteBuffer.wrap(bytes).getLong();
        }
      };

  private KeyValueStore<String, byte[]> committed;
  private final AtomicInteger storeReads = new AtomicInteger();

  @BeforeEach
  void openStore() {
    committed = CommittedStores.inMemory("states");
  }

  /** The committed store, counting the point reads made through it. */
  @SuppressWarnings("unchecked")
  private KeyValueStore<String, byte[]> counted() {
    return (KeyValueStore<String, byte[]>)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {KeyValueStore.class},
            (proxy, method, args) -> {
              if (method.getName().equals("get")) {
                storeReads.incrementAndGet();
              }
              return method.invoke(committed, args);
            });
  }

  @Test
  void aKeyNeverWrittenIsNotLookedUpAndAKeyWrittenBeforeTheSliceOpenedIsFound() {
    committed.put("x:restored", LONGS.encode(7L)); // as restoration from the changelog leaves it
    DetectorStateStore store = new DetectorStateStore(counted(), 16);
    DetectorStateStore.Slice<Long> slice = store.slice("x:", LONGS);

    for (int i = 0; i < 1_000; i++) {
      assertThat(slice.get("new-" + i)).isNull();
    }
    assertThat(storeReads.get()).as("reads of 1,000 keys never stored").isLessThan(40);

    assertThat(slice.get("restored")).isEqualTo(7L);
    assertThat(slice.contains("restored")).isTrue();
  }

  @Test
  void filtersGrowWithTheKeysAndKeepFalsePositivesRare() {
    StoredKeys keys = new StoredKeys(0);
    for (int i = 0; i < 100_000; i++) {
      keys.add("k" + i);
    }
    for (int i = 0; i < 100_000; i++) {
      assertThat(keys.mayHold("k" + i)).isTrue();
    }
    long falsePositives =
        java.util.stream.IntStream.range(0, 100_000)
            .filter(i -> keys.mayHold("absent" + i))
            .count();
    // filters of 4,096, 8,192 ... 65,536 keys, each at 1 %
    assertThat(falsePositives).isLessThan(6_000);
  }

  /**
   * Random gets, puts, commits, evictions, sweeps, reopenings and writes behind the slice's back
   * (as a restore does between a close and a reopen), against a plain map of what the store and the
   * slice together hold.
   */
  @Test
  void neverAnswersNoneForAKeyWithAState() {
    Random random = new Random(3);
    for (int run = 0; run < 20; run++) {
      openStore();
      DetectorStateStore store = new DetectorStateStore(committed, 1 + random.nextInt(50));
      DetectorStateStore.Slice<Long> slice = store.slice("x:", LONGS);
      Map<String, Long> expected = new HashMap<>();
      for (int step = 0; step < 3_000; step++) {
        String key = "k" + random.nextInt(400);
        switch (random.nextInt(10)) {
          case 0, 1, 2 -> {
            long value = random.nextLong();
            slice.put(key, value);
            expected.put(key, value);
          }
          case 3 -> store.flushCache();
          case 4 -> {
            if (random.nextInt(20) == 0) {
              long bound = random.nextLong();
              slice.sweep(
                  v ->
                      v < bound
                          ? DetectorStateStore.Verdict.DELETE
                          : DetectorStateStore.Verdict.KEEP);
              expected.values().removeIf(v -> v < bound);
            }
          }
          case 5 -> {
            if (random.nextInt(20) == 0) {
              // a restore: the store changes while the slice is closed, then it is reopened
              store.flushCache();
              store.clearCache();
              long value = random.nextLong();
              committed.put("x:" + key, LONGS.encode(value));
              expected.put(key, value);
            }
          }
          default -> {
            assertThat(slice.get(key))
                .as("run %d step %d %s", run, step, key)
                .isEqualTo(expected.get(key));
            assertThat(slice.contains(key)).isEqualTo(expected.containsKey(key));
          }
        }
      }
      store.flushCache();
      for (String key : List.copyOf(expected.keySet())) {
        assertThat(LONGS.decode(committed.get("x:" + key))).isEqualTo(expected.get(key));
      }
    }
  }
}
