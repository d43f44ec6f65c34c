package dev.vigil.tools.revoke;

import dev.vigil.events.RevocationCommand;
import dev.vigil.runtime.lifecycle.RetryPolicy;
import dev.vigil.runtime.lifecycle.Sleeper;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies one command to every sink, once per (command id, sink): skips sinks the dedup store says
 * are done, retries retryable failures by the {@link RetryPolicy}, dead-letters what a sink refuses
 * or never accepts, and records each final outcome before returning. Dry-run commands are logged
 * and go to no sink.
 */
public final class RevocationApplier {

  /** What {@link #apply} did with a command as a whole. */
  public enum Outcome {
    /** Every sink that had not yet seen the command took it. */
    APPLIED,
    /** Every sink had already reached a final outcome for this command id. */
    DUPLICATE,
    /** {@code dry_run} was set: logged only. */
    DRY_RUN,
    /** At least one sink failed permanently; that failure is on the dead-letter topic. */
    DEAD_LETTERED
  }

  private static final Logger LOG = LoggerFactory.getLogger(RevocationApplier.class);

  private final List<RevocationSink> sinks;
  private final AppliedCommandStore store;
  private final DeadLetterPublisher deadLetters;
  private final RetryPolicy retryPolicy;
  private final Sleeper sleeper;

  public RevocationApplier(
      List<RevocationSink> sinks,
      AppliedCommandStore store,
      DeadLetterPublisher deadLetters,
      RetryPolicy retryPolicy,
      Sleeper sleeper) {
    if (sinks == null || sinks.isEmpty()) {
      throw new IllegalArgumentException("a revocation consumer needs at least one sink");
    }
    long distinct = sinks.stream().map(RevocationSink::name).distinct().count();
    if (distinct != sinks.size()) {
      throw new IllegalArgumentException(
          "sink names must be unique, got " + sinks.stream().map(RevocationSink::name).toList());
    }
    this.sinks = List.copyOf(sinks);
    this.store = Objects.requireNonNull(store, "store");
    this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
    this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
  }

  public Outcome apply(RevocationCommand command, RecordSource source) throws InterruptedException {
    if (command.getDryRun()) {
      LOG.info(
          "dry run, not acting: {} identity={} token={} command={} ({})",
          command.getAction(),
          command.getIdentityId(),
          command.getTokenId() == null ? "-" : command.getTokenId(),
          command.getCommandId(),
          source);
      return Outcome.DRY_RUN;
    }
    boolean acted = false;
    boolean failed = false;
    for (RevocationSink sink : sinks) {
      if (store.contains(command.getCommandId(), sink.name())) {
        continue;
      }
      acted = true;
      Attempts attempts = deliver(sink, command);
      if (attempts.result().status() == SinkResult.Status.DELIVERED) {
        store.record(command.getCommandId(), sink.name(), AppliedCommandStore.Outcome.DELIVERED);
        LOG.info(
            "{} took command {} ({}): {}",
            sink.name(),
            command.getCommandId(),
            source,
            attempts.result().detail());
      } else {
        String reason =
            attempts.result().status() == SinkResult.Status.REJECTED
                ? "rejected: " + attempts.result().detail()
                : "retry budget of "
                    + retryPolicy.maxAttempts()
                    + " attempts spent, last: "
                    + attempts.result().detail();
        deadLetters.commandFailed(command, sink.name(), reason, attempts.count(), source);
        store.record(
            command.getCommandId(), sink.name(), AppliedCommandStore.Outcome.DEAD_LETTERED);
        LOG.error(
            "{} did not take command {} ({}), sent to {}: {}",
            sink.name(),
            command.getCommandId(),
            source,
            deadLetters.topic(),
            reason);
        failed = true;
      }
    }
    if (!acted) {
      LOG.debug("command {} ({}) was already applied", command.getCommandId(), source);
      return Outcome.DUPLICATE;
    }
    return failed ? Outcome.DEAD_LETTERED : Outcome.APPLIED;
  }

  private Attempts deliver(RevocationSink sink, RevocationCommand command)
      throws InterruptedException {
    for (int attempt = 1; ; attempt++) {
      SinkResult result;
      try {
        result = sink.deliver(command);
      } catch (RuntimeException e) {
        result = SinkResult.retryable("sink threw " + e);
      }
      if (result.status() != SinkResult.Status.RETRYABLE || attempt >= retryPolicy.maxAttempts()) {
        return new Attempts(result, attempt);
      }
      LOG.warn(
          "{} attempt {} for command {} failed, retrying: {}",
          sink.name(),
          attempt,
          command.getCommandId(),
          result.detail());
      sleeper.sleep(retryPolicy.backoffAfter(attempt));
    }
  }

  private record Attempts(SinkResult result, int count) {}
}
