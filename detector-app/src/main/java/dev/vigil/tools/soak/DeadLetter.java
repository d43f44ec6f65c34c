package dev.vigil.tools.soak;

/**
 * One record of the dead-letter topic as the audit sees it: where its original came from (the
 * {@code __streams.errors.*} headers) and why it was set aside.
 *
 * @param reason the {@code vigil.dlq.reason} header, or {@code null}
 * @param message the {@code __streams.errors.message} header, or {@code null}
 */
record DeadLetter(String topic, String partition, String offset, String reason, String message) {

  /** Where its original was, in the form of {@link InjectedFault#place()}. */
  String place() {
    return topic + "/" + partition + "@" + offset;
  }

  /** Whether its reason or message carries {@code words}. */
  boolean says(String words) {
    return (reason != null && reason.contains(words))
        || (message != null && message.contains(words));
  }
}
