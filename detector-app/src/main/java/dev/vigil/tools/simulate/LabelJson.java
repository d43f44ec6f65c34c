package dev.vigil.tools.simulate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.events.Detection;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The labels file: one JSON object per campaign with {@code campaign_id}, {@code detection}, {@code
 * scenario}, {@code malicious}, {@code identity_id}, {@code token_id} (nullable), {@code start},
 * {@code end} (ISO-8601 UTC) and {@code event_ids}; attacks add {@code first_malicious_event_id}
 * and {@code first_malicious} (the event time to detect runs from), and campaigns on an identity
 * created after the estate began add {@code identity_created}. These three are optional on input,
 * so label files written before them still read.
 */
public final class LabelJson {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonFactory FACTORY = MAPPER.getFactory();

  private LabelJson() {}

  public static String write(CampaignLabel label) {
    StringWriter text = new StringWriter(256 + label.eventIds().size() * 24);
    try (JsonGenerator out = FACTORY.createGenerator(text)) {
      out.writeStartObject();
      out.writeStringField("campaign_id", label.campaignId());
      out.writeStringField("detection", label.detection().name());
      out.writeStringField("scenario", label.scenario());
      out.writeBooleanField("malicious", label.malicious());
      out.writeStringField("identity_id", label.identityId());
      out.writeStringField("token_id", label.tokenId());
      out.writeStringField("start", label.start().toString());
      out.writeStringField("end", label.end().toString());
      out.writeArrayFieldStart("event_ids");
      for (String id : label.eventIds()) {
        out.writeString(id);
      }
      out.writeEndArray();
      if (label.firstMaliciousEventId() != null) {
        out.writeStringField("first_malicious_event_id", label.firstMaliciousEventId());
        out.writeStringField("first_malicious", label.firstMalicious().toString());
      }
      if (label.identityCreated() != null) {
        out.writeStringField("identity_created", label.identityCreated().toString());
      }
      out.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }

  /** Reads a line written by {@link #write}; for evaluation and tests. */
  public static CampaignLabel parse(String line) {
    try {
      JsonNode node = MAPPER.readTree(line);
      List<String> ids = new ArrayList<>();
      node.get("event_ids").forEach(id -> ids.add(id.asText()));
      JsonNode token = node.get("token_id");
      JsonNode firstId = node.get("first_malicious_event_id");
      JsonNode first = node.get("first_malicious");
      JsonNode created = node.get("identity_created");
      return new CampaignLabel(
          node.get("campaign_id").asText(),
          Detection.valueOf(node.get("detection").asText()),
          node.get("scenario").asText(),
          node.get("malicious").asBoolean(),
          node.get("identity_id").asText(),
          token == null || token.isNull() ? null : token.asText(),
          Instant.parse(node.get("start").asText()),
          Instant.parse(node.get("end").asText()),
          ids,
          firstId == null || firstId.isNull() ? null : firstId.asText(),
          first == null || first.isNull() ? null : Instant.parse(first.asText()),
          created == null || created.isNull() ? null : Instant.parse(created.asText()));
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("not a campaign label line: " + e.getMessage(), e);
    }
  }
}
