package dev.vigil.adapters.vault;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.adapters.common.Json;
import dev.vigil.events.IdentityType;

/**
 * Who holds a Vault token, named from its audit {@code auth} block, and which workload the auth
 * method attested at login.
 *
 * <p>The identity is the Vault entity ({@code vault:entity/<id>}) whenever the token has one: a
 * login token and every child token created from it share the entity, while only the login token
 * carries the auth method's metadata, so naming by metadata would split one principal in two. The
 * metadata still gives a readable name ({@code system:serviceaccount:shop:web}, {@code
 * vault:approle/ci-deployer}), kept as the {@code vault_principal} attribute, and is the identity
 * when there is no entity. Vault records auth metadata in clear.
 *
 * @param identityId the principal
 * @param type what kind of principal it is
 * @param workloadId the workload the auth method verified at login, or null
 * @param readableName the name the auth method gives the principal, or null
 */
record VaultPrincipal(
    String identityId, IdentityType type, String workloadId, String readableName) {

  static VaultPrincipal of(JsonNode auth) {
    JsonNode meta = auth.path("metadata");
    VaultPrincipal byMetadata = fromMetadata(meta);
    String entity = Json.text(auth, "entity_id");
    if (entity != null) {
      return new VaultPrincipal(
          "vault:entity/" + entity,
          byMetadata != null ? byMetadata.type() : IdentityType.UNKNOWN,
          byMetadata != null ? byMetadata.workloadId() : null,
          byMetadata != null ? byMetadata.identityId() : null);
    }
    if (byMetadata != null) {
      return byMetadata;
    }
    String display = Json.text(auth, "display_name");
    if (display != null) {
      return new VaultPrincipal(
          "vault:" + display,
          display.equals("root") ? IdentityType.HUMAN : IdentityType.UNKNOWN,
          null,
          null);
    }
    return null;
  }

  private static VaultPrincipal fromMetadata(JsonNode meta) {
    String saNamespace = Json.text(meta, "service_account_namespace");
    String saName = Json.text(meta, "service_account_name");
    if (saNamespace != null && saName != null) {
      // Kubernetes auth: Vault checked the service-account JWT with a TokenReview.
      String name = "system:serviceaccount:" + saNamespace + ":" + saName;
      return new VaultPrincipal(
          name, IdentityType.SERVICE_ACCOUNT, "k8s:sa/" + saNamespace + "/" + saName, name);
    }
    String roleName = Json.text(meta, "role_name");
    if (roleName != null) {
      String name = "vault:approle/" + roleName;
      return new VaultPrincipal(name, IdentityType.SERVICE_ACCOUNT, null, name);
    }
    String arn = Json.text(meta, "canonical_arn");
    if (arn != null) {
      // AWS auth: Vault checked a signed GetCallerIdentity (iam) or instance identity (ec2).
      String instance =
          "ec2_instance".equals(Json.text(meta, "inferred_entity_type"))
              ? Json.text(meta, "inferred_entity_id")
              : Json.text(meta, "instance_id");
      return new VaultPrincipal(
          arn,
          IdentityType.WORKLOAD,
          instance == null ? null : "aws:ec2:instance/" + instance,
          arn);
    }
    String username = Json.text(meta, "username");
    if (username != null) {
      String name = "vault:user/" + username;
      return new VaultPrincipal(name, IdentityType.HUMAN, null, name);
    }
    return null;
  }
}
