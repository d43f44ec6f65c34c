package dev.vigil.serde.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * Turns a registry's 4xx answer (Confluent's {@code {"error_code": ..., "message": ...}}) into a
 * typed exception.
 */
final class RegistryAnswers {

  private RegistryAnswers() {}

  static SchemaRegistryException error(ObjectMapper json, String request, int status, String body) {
    int code = status;
    String message = body == null || body.isBlank() ? "(no message)" : body.strip();
    try {
      JsonNode node = json.readTree(body == null ? "" : body);
      if (node != null && node.isObject()) {
        code = node.path("error_code").asInt(status);
        message = node.path("message").asText(message);
      }
    } catch (IOException notJson) {
      // A proxy or a misconfigured URL answers with HTML or plain text: keep the raw body as the
      // message.
    }
    String text = request + " failed: HTTP " + status + ", error_code " + code + ": " + message;
    switch (code) {
      case 40401:
        return new SubjectNotFoundException(text, status, code);
      case 40402:
        return new VersionNotFoundException(text, status, code);
      case 40403:
        return new SchemaNotFoundException(text, status, code);
      case 409:
      case 40901:
        return new IncompatibleSchemaException(text, status, code);
      case 42201:
        return new InvalidSchemaException(text, status, code);
      default:
        if (status == 409) {
          return new IncompatibleSchemaException(text, status, code);
        }
        return new SchemaRegistryException(text, status, code);
    }
  }
}
