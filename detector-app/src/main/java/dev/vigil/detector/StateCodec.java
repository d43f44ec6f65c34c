package dev.vigil.detector;

/**
 * Compact binary form of a detector's per-key state. State size is a product figure (bytes per
 * identity), so codecs write what they must and nothing else; a codec reads every version of the
 * state it ever wrote (a leading version byte).
 */
public interface StateCodec<S> {

  byte[] encode(S state);

  S decode(byte[] bytes);
}
