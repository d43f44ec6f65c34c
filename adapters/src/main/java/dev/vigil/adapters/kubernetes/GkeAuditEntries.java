package dev.vigil.adapters.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.vigil.adapters.common.Json;
import dev.vigil.adapters.common.Times;
import java.util.regex.Pattern;

/**
 * Reads GKE's Kubernetes audit entries as Cloud Logging writes them: a {@code LogEntry} whose
 * {@code protoPayload} is a {@code google.cloud.audit.AuditLog} with {@code serviceName} {@code
 * k8s.io}. The verb, resource and subresource are read back from {@code methodName} ({@code
 * io.k8s.core.v1.pods.exec.create}), the object from {@code resourceName} ({@code
 * core/v1/namespaces/default/pods/web-0/exec}). GKE keeps no user {@code extra} fields here, so
 * uses carry no credential id.
 */
final class GkeAuditEntries {

  private static final Pattern VERSION = Pattern.compile("v\\d+((alpha|beta)\\d+)?");

  private GkeAuditEntries() {}

  static boolean recognises(JsonNode node) {
    return "k8s.io".equals(Json.text(node, "protoPayload", "serviceName"));
  }

  static KubeRequest read(JsonNode entry) {
    JsonNode p = entry.path("protoPayload");
    String method = Json.required(p, "methodName");
    String[] parts = method.split("\\.");
    int version = -1;
    for (int i = parts.length - 2; i >= 0; i--) {
      if (VERSION.matcher(parts[i]).matches()) {
        version = i;
        break;
      }
    }
    String verb = parts[parts.length - 1];
    String resource = null;
    String subresource = null;
    String group = null;
    if (version > 0 && version < parts.length - 2) {
      resource = parts[version + 1];
      subresource = version + 2 < parts.length - 1 ? parts[version + 2] : null;
      group = groupOf(parts, version);
    }
    String resourceName = Json.text(p, "resourceName");
    String namespace = segmentAfter(resourceName, "namespaces");
    String name = resource == null ? null : segmentAfter(resourceName, resource);
    if (name != null && name.equals(subresource)) {
      name = null;
    }
    Long grpc = Json.longValue(p, "status", "code");
    // gRPC codes: 7 PERMISSION_DENIED, 16 UNAUTHENTICATED.
    boolean denied =
        (grpc != null && (grpc == 7 || grpc == 16))
            || "forbid"
                .equalsIgnoreCase(Json.text(entry, "labels", "authorization.k8s.io/decision"));
    Integer status = grpc == null || grpc == 0 ? 200 : denied ? 403 : 500;
    boolean last = !entry.path("operation").has("last") || Json.isTrue(entry, "operation", "last");
    String auditId = Json.text(entry, "operation", "id");
    return new KubeRequest(
        auditId != null ? auditId : Json.required(entry, "insertId"),
        last ? KubernetesAuditAdapter.FINAL_STAGE : "ResponseStarted",
        Times.required(entry, "timestamp"),
        Json.required(p, "authenticationInfo", "principalEmail"),
        MissingNode.getInstance(),
        MissingNode.getInstance(),
        null,
        Json.text(p, "requestMetadata", "callerIp"),
        Json.text(p, "requestMetadata", "callerSuppliedUserAgent"),
        verb,
        resource,
        subresource,
        group,
        namespace,
        name,
        resource == null ? resourceName : null,
        status,
        denied,
        entry.path("labels"),
        p.path("request"),
        p.path("response"));
  }

  /**
   * {@code io.k8s.core.v1} → empty; {@code io.k8s.authorization.rbac.v1} → {@code
   * rbac.authorization}: the group's labels as GKE reverses them (the {@code .k8s.io} suffix some
   * groups have is not recoverable, so it is left off).
   */
  private static String groupOf(String[] parts, int version) {
    int start = parts.length > 1 && parts[0].equals("io") && parts[1].equals("k8s") ? 2 : 0;
    if (version - start == 1 && parts[start].equals("core")) {
      return "";
    }
    StringBuilder group = new StringBuilder();
    for (int i = version - 1; i >= start; i--) {
      if (group.length() > 0) {
        group.append('.');
      }
      group.append(parts[i]);
    }
    return group.toString();
  }

  private static String segmentAfter(String path, String segment) {
    if (path == null) {
      return null;
    }
    String[] parts = path.split("/");
    for (int i = 0; i < parts.length - 1; i++) {
      if (parts[i].equals(segment)) {
        return parts[i + 1];
      }
    }
    return null;
  }
}
