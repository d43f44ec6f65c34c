package dev.vigil.detector.profile;

import dev.vigil.detector.FindingWording;
import dev.vigil.detector.profile.IdentityProfile.AlertView;
import dev.vigil.detector.profile.IdentityProfile.Aspect;
import dev.vigil.detector.profile.IdentityProfile.TaskView;
import dev.vigil.detector.profile.IdentityProfile.TokenView;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gathers what each detector's state says about one identity ({@code Detector.describe}) into an
 * {@link IdentityProfile}. Detectors add facts in any order; first and last seen widen, a token's
 * facts merge by fingerprint, and the first sentence given for an aspect stays.
 */
public final class ProfileBuilder {

  /**
   * Expired or revoked tokens a profile lists at most, the most recently used: their states stay
   * for hours after expiry (a use then is what the replay rules catch), and two dozen spent tokens
   * would bury the live ones.
   */
  static final int MAX_SPENT_TOKENS_SHOWN = 5;

  private final String identity;
  private final Instant now;
  private String identityType;
  private Instant firstSeen;
  private Instant lastSeen;
  private final Map<Aspect, String> baseline = new EnumMap<>(Aspect.class);
  private final Map<String, TokenFacts> tokens = new LinkedHashMap<>();
  private final List<TaskView> tasks = new ArrayList<>();
  private boolean known;

  /**
   * @param now the wall clock of the query, from which "ago" and "in" are counted
   */
  public ProfileBuilder(String identity, Instant now) {
    this.identity = identity;
    this.now = now;
  }

  public String identity() {
    return identity;
  }

  public Instant now() {
    return now;
  }

  /** True once any state of the identity was found. */
  public boolean known() {
    return known;
  }

  public ProfileBuilder identityType(String type) {
    known = true;
    if (identityType == null) {
      identityType = type;
    }
    return this;
  }

  /** Widens first and last seen to cover {@code first} and {@code last} (either may be null). */
  public ProfileBuilder seen(Instant first, Instant last) {
    known = true;
    if (first != null && (firstSeen == null || first.isBefore(firstSeen))) {
      firstSeen = first;
    }
    if (last != null && (lastSeen == null || last.isAfter(lastSeen))) {
      lastSeen = last;
    }
    return this;
  }

  /** One sentence on one aspect of the baseline; the first given stays. */
  public ProfileBuilder baseline(Aspect aspect, String words) {
    known = true;
    baseline.putIfAbsent(aspect, words);
    return this;
  }

  /** The facts gathered so far about the token {@code tokenId}, to add to. */
  public TokenFacts token(String tokenId) {
    known = true;
    return tokens.computeIfAbsent(tokenId, TokenFacts::new);
  }

  public ProfileBuilder task(TaskView task) {
    known = true;
    tasks.add(task);
    return this;
  }

  /** "3m ago", "in 12m", "now": a moment relative to the query, for sentences. */
  public String relative(Instant moment) {
    Duration between = Duration.between(moment, now);
    if (between.abs().toSeconds() < 1) {
      return "now";
    }
    return between.isNegative()
        ? "in " + FindingWording.span(between.negated())
        : FindingWording.span(between) + " ago";
  }

  /** A moment for a sentence: "2026-12-06T20:50:00Z (3m ago)". */
  public String when(Instant moment) {
    return FindingWording.time(moment) + " (" + relative(moment) + ")";
  }

  /**
   * Names with when each was last seen, the most recent first, at most {@code max} and a count of
   * the rest: "s3:GetObject (last 2m ago), kms:Decrypt (last 3h ago) and 4 more".
   */
  public String recent(Map<String, Instant> lastSeen, int max) {
    List<Map.Entry<String, Instant>> entries = new ArrayList<>(lastSeen.entrySet());
    entries.sort(
        Map.Entry.<String, Instant>comparingByValue()
            .reversed()
            .thenComparing(Map.Entry.comparingByKey()));
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, Instant> e : entries.subList(0, Math.min(max, entries.size()))) {
      parts.add(e.getKey() + " (last " + relative(e.getValue()) + ")");
    }
    String shown = String.join(", ", parts);
    return entries.size() > max ? shown + " and " + (entries.size() - max) + " more" : shown;
  }

  /**
   * The profile, with {@code alerts} as its recent alerts.
   *
   * @param alertsShown what the alerts are, in words
   */
  public IdentityProfile build(List<AlertView> alerts, String alertsShown) {
    Map<String, String> words = new LinkedHashMap<>();
    baseline.forEach((aspect, sentence) -> words.put(aspect.key(), sentence));
    List<TokenView> all = tokens.values().stream().map(this::view).sorted(TOKEN_ORDER).toList();
    List<TokenView> live = all.stream().filter(t -> !spent(t)).toList();
    List<TokenView> spent = all.stream().filter(ProfileBuilder::spent).toList();
    List<TokenView> views = new ArrayList<>(live);
    views.addAll(spent.subList(0, Math.min(MAX_SPENT_TOKENS_SHOWN, spent.size())));
    return new IdentityProfile(
        identity,
        identityType,
        now,
        firstSeen,
        lastSeen,
        seenWords(),
        words,
        List.copyOf(views),
        tokensShown(live.size(), spent.size()),
        List.copyOf(tasks),
        List.copyOf(alerts),
        alertsShown);
  }

  /** Live tokens first, then the most recently used. */
  private static final Comparator<TokenView> TOKEN_ORDER =
      Comparator.comparing((TokenView t) -> !"live".equals(t.status()))
          .thenComparing(
              TokenView::lastUsed, Comparator.nullsLast(Comparator.<Instant>reverseOrder()))
          .thenComparing(TokenView::tokenId);

  private static boolean spent(TokenView token) {
    return token.status().equals("expired") || token.status().equals("revoked");
  }

  private static String tokensShown(int live, int spent) {
    String words = "Every token not known to be spent (" + live + ")";
    if (spent == 0) {
      return words + "; none expired or revoked.";
    }
    return spent <= MAX_SPENT_TOKENS_SHOWN
        ? words + ", and the " + spent + " expired or revoked."
        : words
            + ", and the "
            + MAX_SPENT_TOKENS_SHOWN
            + " most recently used of "
            + spent
            + " expired or revoked.";
  }

  private String seenWords() {
    if (firstSeen == null) {
      return "Never seen within the state Vigil keeps.";
    }
    return "First seen " + when(firstSeen) + ", last seen " + when(lastSeen) + ".";
  }

  private TokenView view(TokenFacts t) {
    String status;
    String expiry;
    if (t.revokedAt != null && !t.revokedAt.isAfter(now)) {
      status = "revoked";
      expiry = "revoked " + when(t.revokedAt);
    } else if (t.expiresAt == null) {
      status = "no known expiry";
      expiry = "no expiry known";
    } else if (t.expiresAt.isAfter(now)) {
      status = "live";
      expiry = "expires " + when(t.expiresAt);
    } else {
      status = "expired";
      expiry = "expired " + when(t.expiresAt);
    }
    return new TokenView(
        t.tokenId,
        status,
        t.expiresAt,
        expiry,
        t.revokedAt,
        t.binding,
        t.audience,
        t.task,
        t.lastUsed);
  }
}
