package dev.vigil.detector;

import dev.vigil.detector.profile.ProfileBuilder;
import dev.vigil.rules.RulePack;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The decision logic of one detection over the state of one key (an identity or a token). Pure: no
 * Kafka Streams types, so it is unit-tested with plain calls. One processor runs every detector
 * over one changelogged store shared by all of them: it loads the key's state (stored under the
 * detector's own key prefix), calls {@link #onEvent}, keeps the state decoded until the commit and
 * forwards the findings.
 *
 * @param <S> the per-key state; mutable, owned by the caller between calls
 */
public interface Detector<S> {

  /**
   * How far back a detector keeps recent uses it may have to judge again once a late event fills in
   * their context; it must cover the topology's grace period.
   */
  Duration DEFAULT_LOOKBACK = Duration.ofMinutes(15);

  /**
   * Stable name, the prefix of this detector's keys in the shared store: changing it orphans the
   * state stored under the old name.
   */
  String name();

  /**
   * Which state an event loads. All of an identity's state, its tokens' included, lives in the
   * identity's partition; a token's events name its holder.
   */
  KeyBy keyBy();

  /** Whether this detector wants the event at all; events it does not want never load state. */
  boolean accepts(ObservedEvent event);

  /** The state of a key never seen before. */
  S newState();

  /**
   * Updates the key's state with one event and returns what fired. Events arrive roughly in event
   * time order but may be out of order within the topology's grace period; a detector compares
   * event times, never arrival order.
   */
  List<Finding> onEvent(S state, ObservedEvent event, RulePack pack);

  /**
   * True when the state holds nothing worth keeping at {@code streamTime}; the topology then
   * deletes it. Called from a periodic sweep, so state stays bounded however many keys pass.
   */
  boolean isExpired(S state, Instant streamTime, RulePack pack);

  /**
   * Shrinks the state, at {@code streamTime}, to what events still to come can need; returns true
   * when it changed anything. Called from the same periodic sweep as {@link #isExpired}, for states
   * that are not expired, so a key that goes quiet sheds what only its live period needed (a token
   * past its expiry, say) without waiting for an event that may never come. Events still to come
   * are at most the topology's grace older than {@code streamTime}.
   */
  default boolean compact(S state, Instant streamTime, RulePack pack) {
    return false;
  }

  /** Turns the state into bytes for its store and back. */
  StateCodec<S> codec();

  /**
   * Adds what {@code state} says about its identity to a profile ({@code GET /identities/{id}}), in
   * words an analyst reads: for a detector keyed by identity, {@code key} is the identity; for one
   * keyed by token, each of the identity's tokens in turn. Called on a freshly decoded copy of the
   * committed state, outside stream processing, so it only reads. Nothing by default.
   */
  default void describe(S state, String key, ProfileBuilder profile) {}

  /** The key a detector keeps state by. */
  enum KeyBy {
    IDENTITY,
    TOKEN;

    /** The state key of an event this detector accepts. */
    public String keyOf(ObservedEvent event) {
      return this == TOKEN ? event.tokenId() : event.identityId();
    }
  }
}
