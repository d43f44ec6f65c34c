package dev.vigil.adapters.enrich;

import dev.vigil.events.AuthEvent;
import dev.vigil.events.Source;
import dev.vigil.events.TokenUseEvent;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Fills {@code source.asn} and {@code source.country} of contract events from a {@link
 * NetworkEnricher} where the vendor left them empty, and records the AS organisation as the {@code
 * source_as_org} attribute. Values the vendor recorded win. An address that is not an IP literal is
 * kept as the vendor wrote it and not looked up: it is never a reason to drop an event.
 */
public final class EventEnrichment {

  /**
   * Attribute holding the AS organisation name, which the contract's {@code Source} has no field
   * for.
   */
  public static final String AS_ORG_ATTRIBUTE = "source_as_org";

  private final NetworkEnricher enricher;

  public EventEnrichment(NetworkEnricher enricher) {
    this.enricher = enricher;
  }

  /** The event with its source's network filled in; the same instance when nothing was added. */
  public SpecificRecord enrich(SpecificRecord event) {
    if (event instanceof TokenUseEvent use) {
      NetworkInfo info = lookup(use.getSource());
      if (info != null) {
        TokenUseEvent copy = copy(use, new TokenUseEvent());
        copy.setSource(filled(use.getSource(), info));
        copy.setAttributes(withOrg(use.getAttributes(), info));
        return copy;
      }
    } else if (event instanceof AuthEvent auth) {
      NetworkInfo info = lookup(auth.getSource());
      if (info != null) {
        AuthEvent copy = copy(auth, new AuthEvent());
        copy.setSource(filled(auth.getSource(), info));
        copy.setAttributes(withOrg(auth.getAttributes(), info));
        return copy;
      }
    }
    return event;
  }

  /** What to add, or null when the event needs or gets nothing. */
  private NetworkInfo lookup(Source source) {
    if (source == null || source.getIp() == null) {
      return null;
    }
    if (source.getAsn() != null && source.getCountry() != null) {
      return null;
    }
    InetAddress address = IpLiterals.parse(source.getIp());
    if (address == null) {
      return null;
    }
    NetworkInfo info = enricher.lookup(address);
    return info == null || info.isEmpty() ? null : info;
  }

  private static Source filled(Source source, NetworkInfo info) {
    Source copy = copy(source, new Source());
    if (copy.getAsn() == null) {
      copy.setAsn(info.asn());
    }
    if (copy.getCountry() == null) {
      copy.setCountry(info.country());
    }
    return copy;
  }

  /**
   * A shallow copy, field by field. Avro's own deep copy ({@code newBuilder(record)}) resolves the
   * contract classes by name, which Avro's class allow-list refuses unless the application has
   * trusted them; a copy of the top-level fields is all that is needed, since only replaced fields
   * change.
   */
  private static <T extends SpecificRecordBase> T copy(T from, T to) {
    for (int i = 0; i < from.getSchema().getFields().size(); i++) {
      to.put(i, from.get(i));
    }
    return to;
  }

  private static Map<String, String> withOrg(Map<String, String> attributes, NetworkInfo info) {
    if (info.asOrganization() == null || attributes.containsKey(AS_ORG_ATTRIBUTE)) {
      return attributes;
    }
    Map<String, String> copy = new LinkedHashMap<>(attributes);
    copy.put(AS_ORG_ATTRIBUTE, info.asOrganization());
    return copy;
  }
}
