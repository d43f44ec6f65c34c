package dev.vigil.tools.profile;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** A profile's JSON as an analyst reads it on a terminal: sentences, one token per line. */
final class ProfileText {

  private ProfileText() {}

  static List<String> lines(JsonNode profile) {
    List<String> lines = new ArrayList<>();
    String type = text(profile, "identity_type");
    lines.add(text(profile, "identity") + (type.isEmpty() ? "" : " (" + type + ")"));
    lines.add(text(profile, "seen"));

    JsonNode baseline = profile.path("baseline");
    if (!baseline.isEmpty()) {
      lines.add("");
      lines.add("Baseline");
      for (Iterator<Map.Entry<String, JsonNode>> it = baseline.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> aspect = it.next();
        lines.add(String.format("  %-11s %s", aspect.getKey(), aspect.getValue().asText()));
      }
    }

    JsonNode tokens = profile.path("tokens");
    lines.add("");
    lines.add("Tokens (" + tokens.size() + ")");
    for (JsonNode token : tokens) {
      List<String> parts = new ArrayList<>();
      parts.add(text(token, "token_id"));
      parts.add(text(token, "status") + ", " + text(token, "expiry"));
      optional(token, "binding").ifPresent(parts::add);
      optional(token, "audience").ifPresent(a -> parts.add("audience " + a));
      optional(token, "task").ifPresent(t -> parts.add("task " + t));
      optional(token, "last_used").ifPresent(t -> parts.add("last used " + t));
      lines.add("  " + String.join("; ", parts));
    }
    optional(profile, "tokens_shown").ifPresent(words -> lines.add("  " + words));

    JsonNode tasks = profile.path("tasks");
    if (!tasks.isEmpty()) {
      lines.add("");
      lines.add("Tasks (" + tasks.size() + ")");
      tasks.forEach(task -> lines.add("  " + text(task, "words")));
    }

    JsonNode alerts = profile.path("recent_alerts");
    lines.add("");
    lines.add("Recent alerts (" + alerts.size() + ")");
    alerts.forEach(alert -> lines.add("  " + text(alert, "words")));
    lines.add("  " + text(profile, "alerts_shown"));
    return lines;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isMissingNode() || value.isNull() ? "" : value.asText();
  }

  private static java.util.Optional<String> optional(JsonNode node, String field) {
    String value = text(node, field);
    return value.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(value);
  }
}
