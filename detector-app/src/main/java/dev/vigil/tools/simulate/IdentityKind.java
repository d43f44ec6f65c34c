package dev.vigil.tools.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.events.IdentityType;
import dev.vigil.rules.pack.DurationText;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How the members of one type of identity are drawn: an entry of {@code estate.yaml}, which says
 * what each field means. A field is either the same for every member or drawn per member; the
 * accessors taking a {@link Draw} draw only in the second case, so a fixed value costs no draw.
 */
record IdentityKind(
    List<Integer> tools,
    double privilegedShare,
    JsonNode addresses,
    JsonNode rhythm,
    List<Double> activitiesPerDay,
    List<Double> usesPerActivity,
    List<String> tokenLifetime,
    JsonNode bound,
    JsonNode taskScoped,
    JsonNode revokesAfterTask,
    JsonNode userAgent,
    String issuer) {

  private static final Map<IdentityType, IdentityKind> KINDS =
      Map.copyOf(SimulatorData.read("estate.yaml", Estate.class).types());

  static IdentityKind of(IdentityType type) {
    return KINDS.get(type);
  }

  int minTools() {
    return tools.get(0);
  }

  int maxTools() {
    return tools.get(1);
  }

  int addresses(Draw draw) {
    return addresses.isInt()
        ? addresses.intValue()
        : draw.between(addresses.get(0).intValue(), addresses.get(1).intValue());
  }

  Rhythm rhythm(Draw draw) {
    if (rhythm.isTextual()) {
      return Rhythm.valueOf(rhythm.textValue());
    }
    return Rhythm.valueOf(
        draw.chance(rhythm.get("chance").doubleValue())
            ? rhythm.get("sometimes").textValue()
            : rhythm.get("usual").textValue());
  }

  double activitiesPerDay(Draw draw) {
    return draw.logUniform(activitiesPerDay.get(0), activitiesPerDay.get(1));
  }

  double usesPerActivity(Draw draw) {
    return draw.logUniform(usesPerActivity.get(0), usesPerActivity.get(1));
  }

  Duration tokenLifetime(Draw draw) {
    return DurationText.parse(draw.pick(tokenLifetime));
  }

  boolean bound(Draw draw) {
    return yesNo(bound, draw);
  }

  boolean taskScoped(Draw draw) {
    return yesNo(taskScoped, draw);
  }

  boolean revokesAfterTask(Draw draw) {
    return yesNo(revokesAfterTask, draw);
  }

  String userAgent(Draw draw) {
    if (userAgent.isTextual()) {
      return userAgent.textValue();
    }
    return userAgent.get(draw.index(userAgent.size())).textValue();
  }

  /** {@code true} or {@code false} for every member, or a number: the chance of yes. */
  private static boolean yesNo(JsonNode value, Draw draw) {
    return value.isBoolean() ? value.booleanValue() : draw.chance(value.doubleValue());
  }

  private record Estate(Map<IdentityType, IdentityKind> types) {}
}
