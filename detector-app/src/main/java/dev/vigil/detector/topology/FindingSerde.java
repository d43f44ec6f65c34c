package dev.vigil.detector.topology;

import dev.vigil.detector.Finding;
import dev.vigil.detector.state.StateInput;
import dev.vigil.detector.state.StateOutput;
import dev.vigil.events.IdentityType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A {@link Finding} on an internal topic (findings made across identities on their way back to the
 * identity's task): a version byte, then every field, texts nullable, times in epoch milliseconds.
 * Only Vigil reads it back; the alert built from it is what the contract describes.
 */
final class FindingSerde implements Serde<Finding> {

  private static final int VERSION = 1;

  @Override
  public Serializer<Finding> serializer() {
    return (topic, finding) -> finding == null ? null : write(finding);
  }

  @Override
  public Deserializer<Finding> deserializer() {
    return (topic, data) -> {
      if (data == null) {
        return null;
      }
      try {
        return read(data);
      } catch (RuntimeException e) {
        throw new SerializationException("unreadable finding on " + topic, e);
      }
    };
  }

  static byte[] write(Finding f) {
    StateOutput out =
        new StateOutput()
            .writeByte(VERSION)
            .writeString(f.ruleId())
            .writeString(f.identityId())
            .writeString(f.identityType() == null ? null : f.identityType().name())
            .writeString(f.tokenId())
            .writeString(f.evidenceKey())
            .writeInstant(f.windowStart())
            .writeInstant(f.windowEnd())
            .writeString(f.summary());
    out.writeVarUnsigned(f.eventIds().size());
    f.eventIds().forEach(out::writeString);
    out.writeVarUnsigned(f.observed().size());
    f.observed()
        .forEach(
            (key, values) -> {
              out.writeString(key).writeVarUnsigned(values.size());
              values.forEach(out::writeString);
            });
    return out.writeLong(f.eventCount())
        .writeInstant(f.triggeredAt())
        .writeBoolean(f.retrospective())
        .writeInstant(f.tokenExpiresAt())
        .toByteArray();
  }

  static Finding read(byte[] bytes) {
    StateInput in = new StateInput("finding", bytes);
    in.readVersion(VERSION);
    String ruleId = in.readString();
    String identityId = in.readString();
    String type = in.readString();
    String tokenId = in.readString();
    String evidenceKey = in.readString();
    var windowStart = in.readInstant();
    var windowEnd = in.readInstant();
    String summary = in.readString();
    int ids = in.readCount();
    List<String> eventIds = new ArrayList<>(ids);
    for (int i = 0; i < ids; i++) {
      eventIds.add(in.readString());
    }
    int keys = in.readCount();
    Map<String, List<String>> observed = new LinkedHashMap<>();
    for (int i = 0; i < keys; i++) {
      String key = in.readString();
      int n = in.readCount();
      List<String> values = new ArrayList<>(n);
      for (int j = 0; j < n; j++) {
        values.add(in.readString());
      }
      observed.put(key, values);
    }
    Finding finding =
        new Finding(
            ruleId,
            identityId,
            type == null ? null : IdentityType.valueOf(type),
            tokenId,
            evidenceKey,
            windowStart,
            windowEnd,
            summary,
            eventIds,
            observed,
            in.readLong(),
            in.readInstant(),
            in.readBoolean(),
            in.readInstant());
    in.expectEnd();
    return finding;
  }
}
