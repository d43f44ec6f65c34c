package dev.vigil.tools.evaluate;

/**
 * What a false alert fired on, so a report can tell planted look-alikes from noise on normal
 * habits.
 */
public enum FalseAlertCause {
  /**
   * A benign campaign labelled with the alert's detection: the look-alike it was built to resemble.
   */
  LOOK_ALIKE,
  /**
   * An attack campaign aimed at a different detection, sharing the alert's identity and time but
   * none of its malicious events (an alert whose evidence is one is no false alert: see {@link
   * AlertVerdict#onAnotherAttack()}).
   */
  OTHER_ATTACK,
  /** No campaign at all: the identities' ordinary habits. */
  BACKGROUND
}
