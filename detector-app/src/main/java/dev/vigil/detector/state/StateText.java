package dev.vigil.detector.state;

/**
 * The longest text a state keeps of anything an emitter sent (a privilege, a tool, an event id):
 * events are untrusted input, and one oversized field must not blow up every state record it lands
 * in.
 */
public final class StateText {

  /** Characters kept of any one text. */
  public static final int MAX_CHARS = 256;

  private StateText() {}

  /** {@code text} cut to {@link #MAX_CHARS}; null stays null. */
  public static String cut(String text) {
    return text == null || text.length() <= MAX_CHARS ? text : text.substring(0, MAX_CHARS);
  }
}
