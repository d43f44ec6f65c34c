package dev.vigil.detector.rulestore;

import dev.vigil.rules.RulePack;

/**
 * Turns rule-pack text from the rules topic into a validated pack. The runtime passes the rules
 * module's loader ({@code RulePacks::parse}); an invalid pack throws, naming what is wrong.
 */
@FunctionalInterface
public interface RulePackParser {

  RulePack parse(String yaml, String origin);
}
