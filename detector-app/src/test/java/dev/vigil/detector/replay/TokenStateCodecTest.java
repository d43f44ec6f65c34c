package dev.vigil.detector.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.detector.state.StateOutput;
import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TokenStateCodecTest {

  private final TokenStateCodec codec = new TokenStateCodec();

  private static TokenUse use(Instant time, String id, String ip, String workload) {
    return new TokenUse(time, id, true, "github", ip, workload, "jkt-1", "asn:15169", "US");
  }

  @Property(tries = 200)
  void everyFieldRoundTrips(
      @ForAll @LongRange(min = 0, max = 4_000_000_000_000L) long lastMillis,
      @ForAll @IntRange(min = 0, max = 40) int uses,
      @ForAll boolean expiry,
      @ForAll boolean revoked,
      @ForAll boolean bound,
      @ForAll boolean reported,
      @ForAll @IntRange(min = 0, max = TokenState.MAX_REQUESTS) int requests) {
    Instant last = Instant.ofEpochMilli(lastMillis);
    TokenState s = new TokenState();
    s.lastSeen = last;
    if (expiry) {
      s.expiresAt = last.plusMillis(900_123);
    }
    if (revoked) {
      s.revokedAt = last.minusMillis(5_001);
      s.revokedEventId = "r-1";
    }
    if (bound) {
      s.bindings.add(new TokenState.Binding(last.minusSeconds(600), "i-1", "spiffe://a", null));
    }
    for (int i = 0; i < uses; i++) {
      s.uses.add(
          use(
              last.minusMillis(1_000L * (uses - i)),
              "u-" + i,
              "10.0.0." + i,
              i % 3 == 0 ? null : "spiffe://a"));
    }
    s.firstAttested = uses > 1 ? s.uses.get(1) : null;
    s.firstPublic = uses > 2 ? s.uses.get(2) : null;
    if (uses > 3) {
      s.firstLocated =
          new TokenUse(
              last.minusMillis(3_600_000),
              "u-home",
              true,
              "github",
              "34.1.2.3",
              null,
              null,
              "asn:15169",
              "DE");
      s.firstLocatedClient = uses % 2 == 0 ? "okhttp/4.12.0".hashCode() : null;
    }
    if (reported) {
      s.reported.mark("rule|expired");
    }
    for (int i = 0; i < requests; i++) {
      TokenUse from =
          new TokenUse(
              last.minusMillis(700_000L - i),
              "i-" + i,
              true,
              null,
              "34.1.1." + i,
              null,
              null,
              "asn:15169",
              i % 2 == 0 ? "US" : null);
      s.requests.add(new TokenState.Request(from, i == 1 ? null : "sts.amazonaws.com"));
    }

    TokenState back = codec.decode(codec.encode(s));

    assertThat(back.lastSeen).isEqualTo(s.lastSeen);
    assertThat(back.expiresAt).isEqualTo(s.expiresAt);
    assertThat(back.revokedAt).isEqualTo(s.revokedAt);
    assertThat(back.revokedEventId).isEqualTo(s.revokedEventId);
    assertThat(back.bindings).isEqualTo(s.bindings);
    assertThat(back.firstAttested).isEqualTo(s.firstAttested);
    assertThat(back.firstPublic).isEqualTo(s.firstPublic);
    assertThat(back.firstLocated).isEqualTo(s.firstLocated);
    assertThat(back.firstLocatedClient).isEqualTo(s.firstLocatedClient);
    assertThat(back.uses).isEqualTo(s.uses);
    assertThat(back.requests).isEqualTo(s.requests);
    assertThat(codec.encode(back)).isEqualTo(codec.encode(s));
    assertThat(back.reported.mark("rule|expired")).isEqualTo(!reported);
  }

  @Test
  void anEmptyStateRoundTrips() {
    TokenState back = codec.decode(codec.encode(new TokenState()));
    assertThat(back.lastSeen).isNull();
    assertThat(back.uses).isEmpty();
  }

  @Test
  void aSpentTokenIsAFewBytes() {
    TokenState s = new TokenState();
    s.lastSeen = Instant.parse("2026-11-28T09:00:00Z");
    s.expiresAt = s.lastSeen.minusSeconds(3600);
    // version, flags, the last use as an absolute time (6), the expiry as an offset from it (4)
    assertThat(codec.encode(s)).hasSize(12);
  }

  @ParameterizedTest(name = "version {0}")
  @ValueSource(ints = {4, 5})
  void versionFourAndFiveBytesAreStillRead(int version) {
    Instant t = Instant.parse("2026-11-28T09:00:00Z");
    // flags as a varint: last seen, expiry; version 4 was written before issuance requests were
    // kept, version 5 before the first located use was
    StateOutput out =
        new StateOutput().writeByte(version).writeVarUnsigned(0x03).writeTime(t, Instant.EPOCH);
    out.writeTime(t.minusSeconds(60), t);

    TokenState s = codec.decode(out.toByteArray());

    assertThat(s.lastSeen).isEqualTo(t);
    assertThat(s.expiresAt).isEqualTo(t.minusSeconds(60));
    assertThat(s.requests).isEmpty();
    assertThat(s.firstLocated).isNull();
    assertThat(s.firstLocatedClient).isNull();
  }

  @Test
  void versionThreeBytesAreStillRead() {
    Instant t = Instant.parse("2026-11-28T09:00:00Z");
    // flags as one byte: last seen, expiry, texts, reported keys (0x80, a varint's continuation
    // bit)
    StateOutput out = new StateOutput().writeByte(3).writeByte(0x93).writeTime(t, Instant.EPOCH);
    out.writeTime(t.minusSeconds(60), t);
    out.writeVarUnsigned(1).writeText("rule|expired");
    out.writeVarUnsigned(1).writeVarUnsigned(1);

    TokenState s = codec.decode(out.toByteArray());

    assertThat(s.lastSeen).isEqualTo(t);
    assertThat(s.expiresAt).isEqualTo(t.minusSeconds(60));
    assertThat(s.firstPublic).isNull();
    assertThat(s.reported.mark("rule|expired")).isFalse();
  }

  @Test
  void versionTwoBytesAreStillRead() {
    Instant t = Instant.parse("2026-11-28T09:00:00Z");
    // flags: last seen, expiry, revocation; every count written, even when zero
    StateOutput out = new StateOutput().writeByte(2).writeByte(0x07).writeTime(t, Instant.EPOCH);
    out.writeTime(t.minusSeconds(60), t).writeTime(t.minusSeconds(120), t);
    out.writeVarUnsigned(1).writeText("r-1");
    out.writeVarUnsigned(1);
    out.writeVarUnsigned(0);
    out.writeVarUnsigned(0);
    out.writeVarUnsigned(0);

    TokenState s = codec.decode(out.toByteArray());

    assertThat(s.lastSeen).isEqualTo(t);
    assertThat(s.expiresAt).isEqualTo(t.minusSeconds(60));
    assertThat(s.revokedAt).isEqualTo(t.minusSeconds(120));
    assertThat(s.revokedEventId).isEqualTo("r-1");
    assertThat(s.bindings).isEmpty();
    assertThat(s.uses).isEmpty();
    assertThat(codec.decode(codec.encode(s)).revokedEventId).isEqualTo("r-1");
  }

  @Test
  void versionOneBytesAreStillRead() {
    Instant t = Instant.parse("2026-11-28T09:00:00Z");
    StateOutput out =
        new StateOutput().writeByte(1).writeString("spiffe://holder").writeString("WORKLOAD");
    out.writeInt(1).writeInstant(t).writeString("i-1").writeString("spiffe://a").writeString(null);
    out.writeInstant(t.plusSeconds(900))
        .writeInstant(null)
        .writeString(null)
        .writeInstant(t.plusSeconds(10));
    out.writeBoolean(true);
    writeVersion1Use(out, t.plusSeconds(10));
    out.writeInt(1);
    writeVersion1Use(out, t.plusSeconds(10));
    out.writeInt(1).writeString("rule|ctx|x");

    TokenState s = codec.decode(out.toByteArray());

    assertThat(s.bindings).containsExactly(new TokenState.Binding(t, "i-1", "spiffe://a", null));
    assertThat(s.expiresAt).isEqualTo(t.plusSeconds(900));
    assertThat(s.lastSeen).isEqualTo(t.plusSeconds(10));
    assertThat(s.uses).containsExactly(s.firstAttested);
    assertThat(s.uses.get(0).eventId()).isEqualTo("u-1");
    assertThat(s.reported.mark("rule|ctx|x")).isFalse();
  }

  @Test
  void bytesThatAreNotATokenStateAreRefused() {
    assertThatThrownBy(() -> codec.decode(new byte[] {2, (byte) 0x40}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("token replay state has unknown flags");
    byte[] valid = codec.encode(new TokenState());
    byte[] trailing = java.util.Arrays.copyOf(valid, valid.length + 1);
    assertThatThrownBy(() -> codec.decode(trailing)).hasMessageContaining("bytes past its end");
  }

  private static void writeVersion1Use(StateOutput out, Instant time) {
    out.writeInstant(time)
        .writeString("u-1")
        .writeBoolean(true)
        .writeString("github")
        .writeString("10.0.0.5");
    out.writeString("spiffe://a").writeString(null).writeString(null).writeString(null);
  }
}
