package dev.vigil.serde;

import org.apache.avro.Conversions;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/** The Avro data models the serde reads and writes with. */
final class AvroModels {

  /**
   * Writes generic records whose logical-type fields hold either the raw value (a {@code long} for
   * timestamp-millis) or the Java type ({@code Instant}): a conversion is only used when the
   * value's class matches it.
   */
  static final GenericData GENERIC_WRITE = genericWithConversions();

  /** Reads generic records the way Confluent's deserializer does: logical types stay raw. */
  static final GenericData GENERIC_READ = GenericData.get();

  private AvroModels() {}

  /**
   * The model generated into the class (its {@code MODEL$}, with the class's logical-type
   * conversions).
   */
  static SpecificData specific(Class<? extends SpecificRecord> type) {
    return SpecificData.getForClass(type);
  }

  private static GenericData genericWithConversions() {
    GenericData data = new GenericData();
    data.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
    data.addLogicalTypeConversion(new TimeConversions.TimestampMicrosConversion());
    data.addLogicalTypeConversion(new TimeConversions.DateConversion());
    data.addLogicalTypeConversion(new Conversions.UUIDConversion());
    data.addLogicalTypeConversion(new Conversions.DecimalConversion());
    return data;
  }
}
