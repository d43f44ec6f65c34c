package dev.vigil.detector.topology;

import dev.vigil.rules.pack.DurationText;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * How the detector treats the history it finds on its input topics when it first goes live: it
 * learns from it, so baselines are mature at go-live, without answering it as if it were happening
 * now.
 *
 * <p>Each task records its <b>go-live</b> once, durably, in its detector store (see {@link
 * HistoryGate}): the wall clock when the task first ran, or a fixed instant for replays of files.
 * An event dated more than {@link #SKEW} before go-live is <b>history</b>: it builds state; its
 * findings are dropped and counted ({@link HistoryAlerts#SUPPRESS}) or sent as retrospective alerts
 * ({@link HistoryAlerts#RETROSPECTIVE}), and never become a revocation command. History older than
 * the {@code horizon} before go-live is not read at all. Everything later is live, whenever it is
 * read: after an outage of a week, the backlog is live, and an attack in it is answered.
 *
 * @param enabled false: every event is live whatever its age, and no go-live is recorded
 * @param horizon how far before go-live history is learned; null for all of it ({@code earliest})
 * @param alerts what becomes of findings on history
 * @param goLive a fixed go-live (replays of files); null: each task's wall clock when it first ran
 */
public record WarmUp(boolean enabled, Duration horizon, HistoryAlerts alerts, Instant goLive) {

  /**
   * Events this close before go-live are live: what producers sent in the minutes before the
   * detector started (pipeline lag, clocks a little slow) may be an attack in progress. Five
   * minutes, the clock skew the intake tolerates ahead of the wall clock.
   */
  public static final Duration SKEW = EventTimeBounds.DEFAULT_MAX_SKEW;

  /** No warm-up: every event is judged live (replays of incidents, tests). */
  public static final WarmUp NONE = new WarmUp(false, null, HistoryAlerts.SUPPRESS, null);

  /** What becomes of findings on history. */
  public enum HistoryAlerts {
    /** Dropped, counted in {@code vigil_history_findings_total{handling="suppressed"}}. */
    SUPPRESS,
    /** Sent as alerts marked {@code retrospective}, with no revocation command. */
    RETROSPECTIVE;

    /** {@code suppress} or {@code retrospective}. */
    public static HistoryAlerts parse(String text) {
      for (HistoryAlerts value : values()) {
        if (value.name().equalsIgnoreCase(text == null ? "" : text.strip())) {
          return value;
        }
      }
      throw new IllegalArgumentException(
          "'" + text + "' is not a history-alerts choice: suppress or retrospective");
    }

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** How old an event is against the task's go-live. */
  public enum Age {
    LIVE,
    HISTORY,
    BEYOND_HORIZON
  }

  public WarmUp {
    if (horizon != null && horizon.isNegative()) {
      throw new IllegalArgumentException("the warm-up horizon must not be negative: " + horizon);
    }
    if (alerts == null) {
      throw new IllegalArgumentException("history alerts must be given");
    }
  }

  /**
   * The warm-up of {@code text}: {@code earliest} (all retained history), a duration such as {@code
   * 7d} (history up to that long before go-live; {@code 0s} learns none) or {@code none} (no
   * warm-up: every event is live), with go-live each task's wall clock when it first runs.
   *
   * @throws IllegalArgumentException naming the text and the accepted forms
   */
  public static WarmUp parse(String text, HistoryAlerts alerts) {
    String s = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    if (s.equals("none")) {
      return new WarmUp(false, null, alerts, null);
    }
    if (s.equals("earliest")) {
      return new WarmUp(true, null, alerts, null);
    }
    Duration horizon = DurationText.parse(s);
    if (horizon == null) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a warm-up: earliest, none or a duration such as 7d or 36h");
    }
    return new WarmUp(true, horizon, alerts, null);
  }

  /** The same warm-up with go-live fixed at {@code instant} (replays of files). */
  public WarmUp goingLiveAt(Instant instant) {
    return new WarmUp(true, horizon, alerts, instant);
  }

  /**
   * The age of an event dated {@code eventTimeMs} in a task that went live at {@code goLiveMs}
   * ({@link HistoryGate#LIVE_SINCE_EVER} for a task that was live before warm-up existed).
   */
  Age age(long eventTimeMs, long goLiveMs) {
    if (!enabled || goLiveMs == HistoryGate.LIVE_SINCE_EVER) {
      return Age.LIVE;
    }
    if (eventTimeMs >= goLiveMs) {
      return Age.LIVE;
    }
    // Saturated: an event time near Long.MIN_VALUE is simply very old, not an overflow.
    long before = eventTimeMs < goLiveMs - Long.MAX_VALUE ? Long.MAX_VALUE : goLiveMs - eventTimeMs;
    if (before <= SKEW.toMillis()) {
      return Age.LIVE;
    }
    return horizon != null && before > horizon.toMillis() ? Age.BEYOND_HORIZON : Age.HISTORY;
  }

  /** How the options read back: {@code earliest}, {@code 7d}-like ISO text, or {@code none}. */
  public String describe() {
    if (!enabled) {
      return "none";
    }
    String from = horizon == null ? "earliest" : horizon.toString();
    return from + ", history alerts " + alerts + (goLive == null ? "" : ", go-live " + goLive);
  }
}
