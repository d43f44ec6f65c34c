package dev.vigil.detector.topology;

import dev.vigil.detector.Finding;
import dev.vigil.detector.state.StateInput;
import dev.vigil.detector.state.StateOutput;
import dev.vigil.events.IdentityType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** The internal form of a {@link Finding} on the findings-by-identity repartition topic. */
public final class FindingSerde implements Serde<Finding> {

  private static final int VERSION = 1;

  @Override
  public Serializer<Finding> serializer() {
    return (topic, f) -> f == null ? null : encode(f);
  }

  @Override
  public Deserializer<Finding> deserializer() {
    return (topic, data) -> data == null ? null : decode(data);
  }

  static byte[] encode(Finding f) {
    StateOutput out = new StateOutput().writeByte(VERSION);
    out.writeString(f.ruleId()).writeString(f.identityId()).writeString(f.identityType().name());
    out.writeString(f.tokenId()).writeString(f.evidenceKey());
    out.writeInstant(f.windowStart()).writeInstant(f.windowEnd()).writeString(f.summary());
    out.writeInt(f.eventIds().size());
    f.eventIds().forEach(out::writeString);
    out.writeInt(f.observed().size());
    f.observed()
        .forEach(
            (k, values) -> {
              out.writeString(k).writeInt(values.size());
              values.forEach(out::writeString);
            });
    out.writeLong(f.eventCount()).writeInstant(f.triggeredAt());
    return out.toByteArray();
  }

  static Finding decode(byte[] data) {
    StateInput in = new StateInput("finding", data);
    in.readVersion(VERSION);
    String ruleId = in.readString();
    String identityId = in.readString();
    IdentityType identityType = IdentityType.valueOf(in.readString());
    String tokenId = in.readString();
    String evidenceKey = in.readString();
    var windowStart = in.readInstant();
    var windowEnd = in.readInstant();
    String summary = in.readString();
    List<String> ids = new ArrayList<>();
    for (int i = in.readInt(); i > 0; i--) {
      ids.add(in.readString());
    }
    Map<String, List<String>> observed = new LinkedHashMap<>();
    for (int i = in.readInt(); i > 0; i--) {
      String key = in.readString();
      List<String> values = new ArrayList<>();
      for (int j = in.readInt(); j > 0; j--) {
        values.add(in.readString());
      }
      observed.put(key, values);
    }
    return new Finding(
        ruleId, identityId, identityType, tokenId, evidenceKey, windowStart, windowEnd, summary,
        ids, observed, in.readLong(), in.readInstant());
  }
}
