package dev.vigil.adapters.common;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.function.Predicate;

/**
 * Finds a vendor's record inside the envelopes log shippers put around it. Shippers either add
 * fields beside the record (Vector's {@code timestamp}/{@code host}, Fluent Bit's {@code date}),
 * which needs nothing, or nest it: as a JSON string in {@code log} or {@code message} (Fluent Bit
 * and Vector reading a file without a parser, CloudWatch Logs events), in {@code @message}
 * (CloudWatch Logs Insights exports), {@code detail} (EventBridge), {@code properties.log} (Azure
 * diagnostic settings, e.g. AKS {@code kube-audit}), {@code event} (Splunk HEC), {@code _source}
 * (Elasticsearch exports). The search goes at most three envelopes deep and stops at the first
 * object the adapter recognises as its own.
 */
public final class Envelopes {

  private static final List<String> FIELDS =
      List.of(
          "log",
          "message",
          "@message",
          "detail",
          "properties",
          "event",
          "_source",
          "record",
          "data",
          "body",
          "payload",
          "json");
  private static final int MAX_DEPTH = 3;

  private Envelopes() {}

  /** The vendor record inside {@code node}, or null when there is none. */
  public static JsonNode unwrap(JsonNode node, Predicate<JsonNode> isNative) {
    return unwrap(node, isNative, 0);
  }

  private static JsonNode unwrap(JsonNode node, Predicate<JsonNode> isNative, int depth) {
    JsonNode candidate = node;
    if (candidate != null && candidate.isTextual()) {
      candidate = parseObject(candidate.textValue());
    }
    if (candidate == null || !candidate.isObject()) {
      return null;
    }
    if (isNative.test(candidate)) {
      return candidate;
    }
    if (depth >= MAX_DEPTH) {
      return null;
    }
    for (String field : FIELDS) {
      JsonNode inner = candidate.get(field);
      if (inner == null || !(inner.isObject() || inner.isTextual())) {
        continue;
      }
      JsonNode found = unwrap(inner, isNative, depth + 1);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  private static JsonNode parseObject(String text) {
    int start = 0;
    while (start < text.length() && Character.isWhitespace(text.charAt(start))) {
      start++;
    }
    if (start >= text.length() || text.charAt(start) != '{') {
      return null;
    }
    return Json.parseOrNull(text);
  }
}
