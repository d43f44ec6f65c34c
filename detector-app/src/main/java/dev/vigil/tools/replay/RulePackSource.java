package dev.vigil.tools.replay;

import dev.vigil.rules.RulePack;
import java.nio.file.Path;

/** Where replay gets its rules: a pack file ({@code RulePacks::load}) or the default pack. */
public interface RulePackSource {

  /** Loads and validates a pack file; throws naming file, line and field when it is invalid. */
  RulePack load(Path file);

  /** The pack shipped with Vigil ({@code RulePacks.defaultPack()}). */
  RulePack defaultPack();
}
