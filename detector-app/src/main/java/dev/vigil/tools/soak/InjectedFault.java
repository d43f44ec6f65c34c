package dev.vigil.tools.soak;

/** A fault the soak wrote, and where it landed, to be found again among the dead letters. */
record InjectedFault(Fault fault, String topic, int partition, long offset) {

  /** Where the record is, as the dead letter's {@code __streams.errors.*} headers name it. */
  String place() {
    return topic + "/" + partition + "@" + offset;
  }
}
