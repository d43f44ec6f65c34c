package dev.vigil.adapters.common;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.adapters.AdapterResult;
import dev.vigil.adapters.Reasons;
import dev.vigil.adapters.SourceAdapter;

/**
 * What every adapter does the same way: find the vendor record inside shipper envelopes, map it,
 * and turn every failure into an unmappable result instead of an exception, so one odd record can
 * never stop a stream.
 */
public abstract class VendorAdapter implements SourceAdapter {

  @Override
  public final AdapterResult map(JsonNode record) {
    if (record == null || !(record.isObject() || record.isTextual())) {
      return AdapterResult.unmappable(Reasons.NOT_AN_OBJECT);
    }
    JsonNode vendorRecord = Envelopes.unwrap(record, this::isVendorRecord);
    if (vendorRecord == null) {
      return AdapterResult.unmappable(
          record.isObject() ? Reasons.UNRECOGNISED_SHAPE : Reasons.NOT_AN_OBJECT);
    }
    try {
      return mapRecord(vendorRecord);
    } catch (MappingException e) {
      return AdapterResult.unmappable(e.reason());
    } catch (RuntimeException e) {
      return AdapterResult.unmappable(Reasons.adapterError(e));
    }
  }

  /**
   * Whether {@code node} is this vendor's record (not an envelope around it). Cheap: a few fields.
   */
  protected abstract boolean isVendorRecord(JsonNode node);

  /** Maps a record {@link #isVendorRecord} accepted; may throw {@link MappingException}. */
  protected abstract AdapterResult mapRecord(JsonNode record);
}
