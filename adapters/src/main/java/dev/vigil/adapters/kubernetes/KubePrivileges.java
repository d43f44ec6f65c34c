package dev.vigil.adapters.kubernetes;

import java.util.Set;

/**
 * Kubernetes requests the adapter marks privileged: reading secrets, getting into pods, minting
 * tokens, changing who may do what, acting as someone else. Everything else is left to the rule
 * pack's patterns (which also match {@code *pods/exec*} and {@code *admin*}).
 */
final class KubePrivileges {

  private static final Set<String> READS = Set.of("get", "list", "watch");
  private static final Set<String> WRITES =
      Set.of("create", "update", "patch", "delete", "deletecollection");
  private static final Set<String> RBAC =
      Set.of("roles", "rolebindings", "clusterroles", "clusterrolebindings");
  private static final Set<String> INTO_POD = Set.of("exec", "attach", "portforward", "proxy");
  private static final Set<String> WEBHOOKS =
      Set.of("mutatingwebhookconfigurations", "validatingwebhookconfigurations");

  private KubePrivileges() {}

  static boolean privileged(KubeRequest r) {
    String verb = r.verb() == null ? "" : r.verb();
    String resource = r.resource() == null ? "" : r.resource();
    String sub = r.subresource() == null ? "" : r.subresource();
    if (verb.equals("impersonate") || verb.equals("escalate") || verb.equals("bind")) {
      return true;
    }
    if (r.impersonatedUser() != null) {
      return true;
    }
    if (resource.equals("secrets") && READS.contains(verb)) {
      return true;
    }
    if ((resource.equals("pods") || resource.equals("nodes")) && INTO_POD.contains(sub)) {
      return true;
    }
    if (resource.equals("serviceaccounts") && sub.equals("token") && verb.equals("create")) {
      return true;
    }
    if ((RBAC.contains(resource) || WEBHOOKS.contains(resource)) && WRITES.contains(verb)) {
      return true;
    }
    return resource.equals("certificatesigningrequests") && sub.equals("approval");
  }
}
