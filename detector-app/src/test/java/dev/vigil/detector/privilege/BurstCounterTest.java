package dev.vigil.detector.privilege;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BurstCounterTest {

  private static final long W = Duration.ofMinutes(5).toMillis();
  private static final long HORIZON = Duration.ofDays(45).toMillis();

  private final BurstCounter counter = new BurstCounter(W);
  private int sequence;

  private boolean record(long bucket, String privilege, int times) {
    boolean current = true;
    for (int i = 0; i < times; i++) {
      current &= counter.record(bucket * W + 1_000L * i, "e-" + sequence++, privilege, W, HORIZON);
    }
    return current;
  }

  @Test
  void aBucketJoinsTheRateOnlyOnceItHasLeftTheSlidingWindow() {
    record(10, "kms:Decrypt", 4);
    record(11, "kms:Decrypt", 30);

    assertThat(counter.typical()).as("bucket 10 is still under the window ending in 11").isZero();
    assertThat(counter.estimate(11 * W)).isEqualTo(30.0 + 4.0);

    record(12, "kms:Decrypt", 1);
    assertThat(counter.typical()).as("bucket 10 has left, 11 has not").isEqualTo(4.0);

    record(20, "kms:Decrypt", 1);
    assertThat(counter.typical())
        .as("11 and 12 left, 20 is open")
        .isCloseTo((4.0 + 30.0 + 1.0) / 3, offset(0.01));
  }

  @Test
  void eachPermissionLearnsItsCountPerBucketItWasUsedIn() {
    for (long bucket = 0; bucket < 40; bucket += 2) {
      record(bucket, "kms:Decrypt", 18);
      record(bucket, "lambda:UpdateFunctionCode", 2);
    }
    record(100, "kms:Decrypt", 1);

    assertThat(counter.typical()).isCloseTo(20.0, offset(0.01));
    assertThat(counter.rate("kms:Decrypt").typical()).isCloseTo(18.0, offset(0.01));
    assertThat(counter.rate("lambda:UpdateFunctionCode").typical()).isCloseTo(2.0, offset(0.01));
    assertThat(counter.rate("lambda:UpdateFunctionCode").sum).isCloseTo(40f, offset(0.1f));

    record(101, "lambda:UpdateFunctionCode", 25);
    assertThat(counter.estimate(101 * W + 30_000L, "lambda:UpdateFunctionCode")).isEqualTo(25.0);
    assertThat(counter.privilegesInBucket()).containsExactly("lambda:UpdateFunctionCode");
  }

  @Test
  void aLateActionInThePreviousBucketIsCountedForItsPermissionToo() {
    record(5, "secrets:write", 2);
    record(6, "secrets:write", 1);

    assertThat(counter.record(5 * W + 200_000L, "late", "secrets:write", W, HORIZON)).isFalse();
    record(9, "secrets:write", 1);

    assertThat(counter.rate("secrets:write").typical()).isCloseTo((3.0 + 1.0) / 2, offset(0.01));
  }

  @Test
  void ratesAreCappedAndAnIdleLightOneMakesRoomForANewPermission() {
    for (int p = 0; p < BurstCounter.MAX_PRIVILEGE_RATES; p++) {
      record(2L * p, "admin:" + p, p == 0 ? 1 : 5);
    }
    record(100, "admin:new", 1);

    assertThat(counter.rates).hasSize(BurstCounter.MAX_PRIVILEGE_RATES);
    assertThat(counter.rates).doesNotContainKey("admin:0").containsKey("admin:new");
  }

  @Test
  void aPermissionIdleForAboutAHorizonIsForgotten() {
    record(0, "admin:once", 1);
    record(2, "admin:daily", 1);
    long later = (HORIZON + 3 * W) / W;
    record(later, "admin:daily", 1);
    record(later + 2, "admin:daily", 1);

    assertThat(counter.rates).containsOnlyKeys("admin:daily");
  }

  @Test
  void resetForgetsTheRatesToo() {
    record(0, "admin:x", 3);
    record(2, "admin:x", 3);

    counter.reset();

    assertThat(counter.rates).isEmpty();
    assertThat(counter.typical()).isZero();
  }
}
