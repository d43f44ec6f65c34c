package dev.vigil.tools.simulate;

/**
 * Deterministic identifiers. Token ids, bindings and task ids are opaque fingerprints, as the
 * contract asks, and derived by a bijective mix of (identity, counter) so they never collide and
 * never depend on anything but the seed.
 */
final class Fingerprints {

  private Fingerprints() {}

  /** The SplitMix64 finaliser: a bijection on longs that scatters neighbouring inputs. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  static String hex(long salt, int identity, long counter) {
    long value = mix(salt ^ mix(((long) identity << 32) | (counter & 0xffffffffL)));
    String text = Long.toHexString(value);
    return "0".repeat(16 - text.length()) + text;
  }
}
