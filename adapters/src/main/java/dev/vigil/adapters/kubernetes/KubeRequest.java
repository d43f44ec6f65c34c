package dev.vigil.adapters.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One Kubernetes API request as the adapter needs it, read from either the native {@code
 * audit.k8s.io/v1} Event (kube-apiserver log files, EKS CloudWatch, AKS diagnostics) or GKE's Cloud
 * Logging form, so the mapping is written once.
 *
 * @param auditId the request's audit id (repeated across stages of one request)
 * @param stage RequestReceived, ResponseStarted, ResponseComplete or Panic; ResponseComplete when
 *     the form has no stages
 * @param time when the stage was reached
 * @param username the authenticated user
 * @param groups the user's groups
 * @param extra the authenticator's extra fields ({@code authentication.kubernetes.io/…})
 * @param impersonatedUser the user impersonated, or null
 * @param sourceIp the first source address
 * @param userAgent the client's user agent
 * @param verb get, list, create, …
 * @param resource pods, secrets, …, or null for a non-resource request
 * @param subresource exec, token, …, or null
 * @param apiGroup the API group, empty for core
 * @param namespace the namespace, or null for cluster-scoped
 * @param name the object's name, or null
 * @param requestUri the request path, for non-resource requests
 * @param statusCode the HTTP status, or null when unknown
 * @param denied whether authorization refused the request
 * @param annotations the audit annotations
 * @param requestObject the request body, when the audit level recorded it
 * @param responseObject the response body, when the audit level recorded it
 */
record KubeRequest(
    String auditId,
    String stage,
    Instant time,
    String username,
    JsonNode groups,
    JsonNode extra,
    String impersonatedUser,
    String sourceIp,
    String userAgent,
    String verb,
    String resource,
    String subresource,
    String apiGroup,
    String namespace,
    String name,
    String requestUri,
    Integer statusCode,
    boolean denied,
    JsonNode annotations,
    JsonNode requestObject,
    JsonNode responseObject) {

  /** The first value of a user extra field, e.g. {@code authentication.kubernetes.io/pod-name}. */
  String extra(String key) {
    JsonNode value = extra == null ? null : extra.get(key);
    if (value == null) {
      return null;
    }
    JsonNode first = value.isArray() ? value.path(0) : value;
    return first.isTextual() && !first.textValue().isBlank() ? first.textValue() : null;
  }

  String annotation(String key) {
    JsonNode value = annotations == null ? null : annotations.get(key);
    return value != null && value.isTextual() ? value.textValue() : null;
  }
}
