package dev.vigil.detector.replay;

/** A token's binding in words: "bound to workload spiffe://… with key binding jkt:…". */
final class BindingWords {

  private BindingWords() {}

  /** Null when neither a workload nor a key binding is known. */
  static String of(String lead, String workloadId, String binding) {
    if (workloadId == null && binding == null) {
      return null;
    }
    StringBuilder words = new StringBuilder(lead);
    if (workloadId != null) {
      words.append(" workload ").append(workloadId);
    }
    if (binding != null) {
      words.append(workloadId != null ? " with key binding " : " key binding ").append(binding);
    }
    return words.toString();
  }
}
