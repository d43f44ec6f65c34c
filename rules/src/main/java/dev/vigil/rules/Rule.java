package dev.vigil.rules;

import dev.vigil.events.Detection;
import dev.vigil.events.ResponseAction;
import dev.vigil.events.Severity;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One detection rule of a pack: what it looks for ({@link #kind}), how loud it is, what it asks to
 * be done, its numbers ({@link #params}), whom it leaves alone ({@link #exceptions}) and how it
 * maps to frameworks ({@link #tags}).
 *
 * @param suppression how long repeats for the same identity are merged into the first alert
 */
public record Rule(
    String id,
    RuleKind kind,
    String description,
    Severity severity,
    ResponseAction action,
    boolean enabled,
    Duration suppression,
    RuleParams params,
    RuleExceptions exceptions,
    List<String> tags) {

  public Rule {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(suppression, "suppression");
    Objects.requireNonNull(params, "params");
    description = description == null ? "" : description;
    exceptions = exceptions == null ? RuleExceptions.NONE : exceptions;
    tags = tags == null ? List.of() : List.copyOf(tags);
  }

  public Detection detection() {
    return kind.detection();
  }
}
