package dev.vigil.tools.revoke;

import dev.vigil.events.RevocationAction;
import dev.vigil.events.RevocationCommand;
import java.time.Instant;

/** Revocation commands for tests. */
final class Commands {

  private Commands() {}

  static RevocationCommand revokeToken(String commandId) {
    return RevocationCommand.newBuilder()
        .setCommandId(commandId)
        .setAlertId("alert-" + commandId)
        .setIdentityId("spiffe://prod/ns/ci/sa/deployer")
        .setTokenId("tok-7f3a")
        .setAction(RevocationAction.REVOKE_TOKEN)
        .setReason("token tok-7f3a presented from two attested workloads")
        .setIssuedAt(Instant.parse("2026-11-28T09:15:00.250Z"))
        .setDryRun(false)
        .build();
  }

  static RevocationCommand dryRun(String commandId) {
    RevocationCommand command = revokeToken(commandId);
    command.setDryRun(true);
    return command;
  }
}
