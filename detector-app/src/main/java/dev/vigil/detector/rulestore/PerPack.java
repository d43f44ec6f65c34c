package dev.vigil.detector.rulestore;

import dev.vigil.rules.RulePack;
import java.util.function.Function;

/**
 * A value a detector derives from the rule pack in force (its limits, say), derived again only when
 * the pack changes: packs change rarely, events arrive constantly. The active pack is one instance
 * until replaced, so identity is the cheap and exact test.
 */
public final class PerPack<T> {

  private record Derived<T>(RulePack pack, T value) {}

  private final Function<RulePack, T> derive;
  private volatile Derived<T> last;

  public PerPack(Function<RulePack, T> derive) {
    this.derive = derive;
  }

  public T of(RulePack pack) {
    Derived<T> cached = last;
    if (cached == null || cached.pack() != pack) {
      cached = new Derived<>(pack, derive.apply(pack));
      last = cached;
    }
    return cached.value();
  }
}
