package dev.vigil.detector;

import dev.vigil.events.AuthEvent;
import dev.vigil.events.IdentityType;
import dev.vigil.events.Source;
import dev.vigil.events.TokenUseEvent;
import java.time.Instant;
import java.util.Objects;

/**
 * One input event, auth or token use, with the fields every detection reads in common. Detections
 * that need kind-specific fields look at {@link #auth()} or {@link #use()}; exactly one is set.
 */
public final class ObservedEvent {

  private final AuthEvent auth;
  private final TokenUseEvent use;

  private ObservedEvent(AuthEvent auth, TokenUseEvent use) {
    this.auth = auth;
    this.use = use;
  }

  public static ObservedEvent of(AuthEvent auth) {
    return new ObservedEvent(Objects.requireNonNull(auth), null);
  }

  public static ObservedEvent of(TokenUseEvent use) {
    return new ObservedEvent(null, Objects.requireNonNull(use));
  }

  public boolean isAuth() {
    return auth != null;
  }

  public boolean isUse() {
    return use != null;
  }

  /** The auth event, or null when this is a token use. */
  public AuthEvent auth() {
    return auth;
  }

  /** The token use, or null when this is an auth event. */
  public TokenUseEvent use() {
    return use;
  }

  public String eventId() {
    return auth != null ? auth.getEventId() : use.getEventId();
  }

  public Instant eventTime() {
    return auth != null ? auth.getEventTime() : use.getEventTime();
  }

  public String identityId() {
    return auth != null ? auth.getIdentityId() : use.getIdentityId();
  }

  public IdentityType identityType() {
    return auth != null ? auth.getIdentityType() : use.getIdentityType();
  }

  /** The identity type's contract name, {@code UNKNOWN} when the emitter named none. */
  public String identityTypeName() {
    IdentityType type = identityType();
    return type == null ? IdentityType.UNKNOWN.name() : type.name();
  }

  /** The credential the event is about, or null. */
  public String tokenId() {
    return auth != null ? auth.getTokenId() : use.getTokenId();
  }

  public String taskId() {
    return auth != null ? auth.getTaskId() : use.getTaskId();
  }

  public Source source() {
    Source source = auth != null ? auth.getSource() : use.getSource();
    return source != null ? source : new Source();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ObservedEvent other
        && Objects.equals(auth, other.auth)
        && Objects.equals(use, other.use);
  }

  @Override
  public int hashCode() {
    return Objects.hash(auth, use);
  }

  @Override
  public String toString() {
    return String.valueOf(auth != null ? auth : use);
  }
}
