package dev.vigil.tools.revoke;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.events.RevocationCommand;
import java.io.UncheckedIOException;

/**
 * The JSON form of a {@link RevocationCommand} that webhooks and the dead-letter topic receive: the
 * contract's JSON-lines form (Avro field names, ISO-8601 UTC timestamps). Written field by field so
 * the webhook body stays stable whatever the Avro classes add internally.
 */
public final class RevocationJson {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private RevocationJson() {}

  public static byte[] toJson(RevocationCommand command) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("command_id", command.getCommandId());
    node.put("alert_id", command.getAlertId());
    node.put("identity_id", command.getIdentityId());
    node.put("token_id", command.getTokenId());
    node.put("action", command.getAction().name());
    node.put("reason", command.getReason());
    node.put("issued_at", command.getIssuedAt().toString());
    node.put("dry_run", command.getDryRun());
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(
          "cannot write revocation command " + command.getCommandId(), e);
    }
  }
}
