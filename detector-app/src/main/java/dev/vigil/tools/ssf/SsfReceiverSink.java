package dev.vigil.tools.ssf;

import dev.vigil.events.RevocationCommand;
import dev.vigil.tools.revoke.RevocationSink;
import dev.vigil.tools.revoke.SinkResult;

/**
 * One receiver as a {@link RevocationSink}, so revocation commands reach it through the reference
 * consumer's machinery: read_committed, retries by the {@code RetryPolicy}, dead letters, and the
 * {@code AppliedCommandStore} remembering (command, {@code ssf-<receiver>}) once delivered. A
 * command's {@code jti} is derived from its command id alone, so that key is the (receiver, jti)
 * pair: a SET the receiver already took is never sent again, however often the command is re-read.
 */
public final class SsfReceiverSink implements RevocationSink {

  private final SsfReceiver receiver;
  private final SetSigner signer;
  private final String issuer;
  private final SecurityEvents events;
  private final PushDelivery push;

  public SsfReceiverSink(
      SsfReceiver receiver,
      SetSigner signer,
      String issuer,
      SecurityEvents events,
      PushDelivery push) {
    this.receiver = receiver;
    this.signer = signer;
    this.issuer = issuer;
    this.events = events;
    this.push = push;
  }

  @Override
  public String name() {
    return receiver.sinkName();
  }

  @Override
  public SinkResult deliver(RevocationCommand command) throws InterruptedException {
    SecurityEvents.Payload payload = events.forCommand(command);
    return push.push(receiver, signer.sign(issuer, receiver.audience(), payload));
  }

  @Override
  public String toString() {
    return receiver.toString();
  }
}
