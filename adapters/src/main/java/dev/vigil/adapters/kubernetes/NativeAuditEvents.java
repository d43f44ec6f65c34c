package dev.vigil.adapters.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.adapters.common.Json;
import dev.vigil.adapters.common.Times;

/** Reads kube-apiserver's own {@code audit.k8s.io/v1} Event. */
final class NativeAuditEvents {

  private NativeAuditEvents() {}

  static boolean recognises(JsonNode node) {
    return node.has("auditID") && (node.has("stage") || node.has("verb"));
  }

  static KubeRequest read(JsonNode e) {
    String stage = Json.text(e, "stage");
    // The stage's own timestamp; RequestReceived has only the received one.
    var time = Times.optional(e, "stageTimestamp");
    if (time == null) {
      time = Times.required(e, "requestReceivedTimestamp");
    }
    JsonNode ref = e.path("objectRef");
    Long code = Json.longValue(e, "responseStatus", "code");
    String decision = Json.text(e, "annotations", "authorization.k8s.io/decision");
    return new KubeRequest(
        Json.required(e, "auditID"),
        stage == null ? KubernetesAuditAdapter.FINAL_STAGE : stage,
        time,
        Json.required(e, "user", "username"),
        e.path("user").path("groups"),
        e.path("user").path("extra"),
        Json.text(e, "impersonatedUser", "username"),
        Json.first(e, "sourceIPs"),
        Json.text(e, "userAgent"),
        Json.text(e, "verb"),
        Json.text(ref, "resource"),
        Json.text(ref, "subresource"),
        Json.text(ref, "apiGroup"),
        Json.text(ref, "namespace"),
        Json.text(ref, "name"),
        Json.text(e, "requestURI"),
        code == null ? null : code.intValue(),
        "forbid".equalsIgnoreCase(decision),
        e.path("annotations"),
        e.path("requestObject"),
        e.path("responseObject"));
  }
}
