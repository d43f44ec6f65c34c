package dev.vigil.detector.replay;

import dev.vigil.detector.Finding;
import dev.vigil.detector.FindingWording;
import dev.vigil.detector.ObservedEvent;
import dev.vigil.rules.Rule;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code token_network_spread}'s judgement over a token's whole life: the token keeps the country
 * it was first used from ({@link TokenState#firstLocated}), and a later use from another country
 * fires however long its holder was quiet, for machine identities when the network differs too
 * ({@code lifetime_country_types}), for people when the client does ({@code
 * lifetime_country_new_client_types}). The window's judgement stays in {@link TokenReplayDetector};
 * both report under one evidence key, so a token's spread is reported once.
 */
final class CountryMoveCheck {

  private CountryMoveCheck() {}

  /** Judges {@code located} (the token's recent located uses and holder requests) for a move. */
  static void judge(
      TokenState s, ObservedEvent trigger, Rule rule, List<TokenUse> located, List<Finding> out) {
    String type = trigger.identityTypeName();
    if (rule.params().patterns("lifetime_country_types").anyMatches(type)) {
      movedCountry(s, trigger, rule, located, out);
    } else if (rule.params().patterns("lifetime_country_new_client_types").anyMatches(type)) {
      movedCountryWithAnotherClient(s, trigger, rule, out);
    }
  }

  /**
   * A person's token used from a country other than the one it was first used from, by another
   * client than the one it was first used with: a person who travels, or turns a VPN on, takes
   * their browser or tool along; a copy replayed abroad with a script does not look like it. Only
   * the event judged carries its client, so only it is judged.
   */
  private static void movedCountryWithAnotherClient(
      TokenState s, ObservedEvent trigger, Rule rule, List<Finding> out) {
    if (!trigger.isUse() || trigger.source() == null) {
      return;
    }
    TokenUse use =
        s.uses.stream().filter(u -> u.eventId().equals(trigger.eventId())).findFirst().orElse(null);
    if (use == null
        || !s.firstUsedByAnotherClient(trigger.source().getUserAgent())
        || TokenReplayDetector.excepted(rule, trigger, use)) {
      return;
    }
    reportMove(s, trigger, rule, use, true, out);
  }

  /**
   * A machine identity's token used from a country and a network other than those it was first used
   * from, at any point of its life: workloads do not travel, so a standing token's copy used abroad
   * hours after its holder's last use is caught at that use, not at the holder's next one.
   */
  private static void movedCountry(
      TokenState s, ObservedEvent trigger, Rule rule, List<TokenUse> located, List<Finding> out) {
    for (TokenUse use : located) {
      if (reportMove(s, trigger, rule, use, false, out)) {
        return;
      }
    }
  }

  /**
   * Reports {@code use} if it is from another country than the token's first located use, later
   * than it, and the token's spread is not reported yet; true when it did. {@code byAnotherClient}
   * says the use's client differs from that first use's too; otherwise its network must differ as
   * well, since a provider's regions in two countries share one network (AWS, Azure): a standby
   * region taking over with the same credential is not a copy.
   */
  private static boolean reportMove(
      TokenState s,
      ObservedEvent trigger,
      Rule rule,
      TokenUse use,
      boolean byAnotherClient,
      List<Finding> out) {
    TokenUse home = s.firstLocated;
    if (home == null
        || TokenReplayDetector.excepted(rule, trigger, home)
        || use.country() == null
        || use.country().equals(home.country())
        || (!byAnotherClient && Objects.equals(use.network(), home.network()))
        || use.time().isBefore(home.time())
        || !s.reported.mark(rule.id() + "|spread")) {
      return false;
    }
    List<TokenUse> pair = List.of(home, use);
    Map<String, List<String>> observed = new LinkedHashMap<>();
    observed.put("countries", List.of(home.country(), use.country()));
    observed.put(
        "sources",
        TokenReplayDetector.distinct(pair.stream().map(TokenUse::describeSource).toList()));
    observed.put("tools", TokenReplayDetector.distinct(pair.stream().map(TokenUse::tool).toList()));
    String summary =
        "Token "
            + trigger.tokenId()
            + " of "
            + trigger.identityId()
            + ", first used from "
            + home.country()
            + " at "
            + FindingWording.time(home.time())
            + ", was used from "
            + use.country()
            + " at "
            + FindingWording.time(use.time())
            + (byAnotherClient ? " by another client" : "")
            + ": a "
            + trigger.identityTypeName()
            + "'s token does not change country"
            + (byAnotherClient ? " and client at once." : ".");
    out.add(
        TokenReplayDetector.finding(
            rule,
            trigger,
            trigger.tokenId(),
            "spread|" + use.time().toEpochMilli(),
            home.time(),
            use.time(),
            summary,
            TokenReplayDetector.ids(pair),
            observed,
            pair.size(),
            trigger.eventTime()));
    return true;
  }
}
