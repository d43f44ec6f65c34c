package dev.vigil.tools.revoke;

import dev.vigil.events.RevocationCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each command to the log and nothing else: for trying the pipeline out, and as an audit
 * trail beside a real sink. Token ids are fingerprints, never secrets, so they may be logged.
 */
public final class LogSink implements RevocationSink {

  private static final Logger LOG = LoggerFactory.getLogger("vigil.revocations");

  @Override
  public String name() {
    return "log";
  }

  @Override
  public SinkResult deliver(RevocationCommand command) {
    LOG.warn(
        "{} identity={} token={} command={} alert={} reason={}",
        command.getAction(),
        command.getIdentityId(),
        command.getTokenId() == null ? "-" : command.getTokenId(),
        command.getCommandId(),
        command.getAlertId(),
        command.getReason());
    return SinkResult.delivered("logged");
  }
}
