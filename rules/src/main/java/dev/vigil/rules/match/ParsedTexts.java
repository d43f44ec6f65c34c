package dev.vigil.rules.match;

import java.util.AbstractList;
import java.util.Collection;
import java.util.List;
import java.util.RandomAccess;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * An immutable list of texts that also holds each one parsed, so a record can keep its {@code
 * List<String>} component and still match on the hot path without parsing again. Equal to any list
 * of the same texts. Subclasses say what the parsed values are for.
 */
abstract class ParsedTexts<T> extends AbstractList<String> implements RandomAccess {

  private final List<String> texts;

  /** Parsed in the order of the texts; an array, since matching loops over it per event. */
  final T[] parsed;

  /** A null collection is an empty list; {@code parse} throws for a text it cannot use. */
  ParsedTexts(Collection<String> texts, Function<String, T> parse, IntFunction<T[]> newArray) {
    this.texts = texts == null ? List.of() : List.copyOf(texts);
    this.parsed = newArray.apply(this.texts.size());
    for (int i = 0; i < parsed.length; i++) {
      parsed[i] = parse.apply(this.texts.get(i));
    }
  }

  @Override
  public final String get(int index) {
    return texts.get(index);
  }

  @Override
  public final int size() {
    return texts.size();
  }
}
