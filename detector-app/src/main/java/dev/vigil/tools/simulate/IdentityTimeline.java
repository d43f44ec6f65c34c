package dev.vigil.tools.simulate;

import java.time.DayOfWeek;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;

/**
 * The events of one identity in event-time order, produced lazily. Ordinary activities arrive as a
 * non-homogeneous Poisson process (the profile's rate shaped by its rhythm, sampled by thinning);
 * campaigns assigned to the identity start at their planned times. Each is expanded into planned
 * events only when the merge reaches its start, so memory holds only what is in flight.
 */
final class IdentityTimeline {

  private static final double DAY_MILLIS = 86_400_000.0;

  private final Actor actor;
  private final PriorityQueue<Planned> queue;
  private final Deque<CampaignPlan> campaigns;
  private final Consumer<CampaignLabel> labels;
  private final long end;
  private final long activeFrom;
  private final long[][] quiet;
  private boolean announceCreation;
  private long nextActivity;

  IdentityTimeline(
      IdentityProfile profile,
      long seed,
      long runTag,
      long start,
      long end,
      List<CampaignPlan> campaigns,
      Consumer<CampaignLabel> labels) {
    this.queue = new PriorityQueue<>(16, Planned.ORDER);
    this.actor = new Actor(profile, Draw.of(seed, 0xAC7, profile.index()), runTag, queue);
    this.campaigns = new ArrayDeque<>(campaigns);
    this.labels = labels;
    this.end = end;
    long created =
        campaigns.stream()
            .mapToLong(CampaignPlan::createdAt)
            .filter(t -> t != CampaignPlan.EXISTED)
            .min()
            .orElse(CampaignPlan.EXISTED);
    this.activeFrom = created == CampaignPlan.EXISTED ? start : Math.max(start, created);
    // An identity created for an attack on it announces its creation, as onboarding scenarios do.
    this.announceCreation =
        created != CampaignPlan.EXISTED
            && campaigns.stream().noneMatch(c -> c.scenario().onboards());
    this.quiet =
        campaigns.stream()
            .filter(c -> c.quietFrom() != CampaignPlan.NEVER)
            .map(c -> new long[] {c.quietFrom(), c.quietUntil()})
            .toArray(long[][]::new);
    this.nextActivity =
        announceCreation ? Math.max(start, activeFrom) : arrivalAfter(Math.max(start, activeFrom));
  }

  int index() {
    return actor.profile.index();
  }

  /** Event time of the next event, or {@link Long#MAX_VALUE} when the identity is done. */
  long peekTime() {
    settle();
    Planned head = queue.peek();
    return head == null ? Long.MAX_VALUE : head.time();
  }

  SpecificRecord poll() {
    settle();
    return queue.poll().record();
  }

  /** Expands activities and campaigns that start no later than the earliest planned event. */
  private void settle() {
    while (true) {
      long head = queue.isEmpty() ? Long.MAX_VALUE : queue.peek().time();
      CampaignPlan campaign = campaigns.peek();
      long campaignAt = campaign == null ? Long.MAX_VALUE : campaign.start();
      long activityAt = nextActivity < end ? nextActivity : Long.MAX_VALUE;
      long trigger = Math.min(campaignAt, activityAt);
      if (trigger == Long.MAX_VALUE || trigger > head) {
        return;
      }
      actor.notBefore(trigger);
      if (campaignAt <= activityAt) {
        campaigns.poll();
        labels.accept(campaign.scenario().script().play(campaign, actor, end));
      } else if (announceCreation) {
        announceCreation = false;
        actor.authEvent(
            activityAt,
            dev.vigil.events.AuthEventKind.CREDENTIAL_CREATED,
            dev.vigil.events.Outcome.SUCCESS,
            null,
            null,
            List.of(),
            null,
            java.util.Map.of("created_by", "terraform"));
        nextActivity = arrivalAfter(activityAt);
      } else {
        if (activityAt >= activeFrom && !quiet(activityAt)) {
          Habits.activity(actor, activityAt);
        }
        nextActivity = arrivalAfter(activityAt);
      }
    }
  }

  private boolean quiet(long time) {
    for (long[] window : quiet) {
      if (time >= window[0] && time < window[1]) {
        return true;
      }
    }
    return false;
  }

  /** Next arrival of the identity's activity process after {@code time}, by thinning. */
  private long arrivalAfter(long time) {
    IdentityProfile profile = actor.profile;
    Rhythm rhythm = profile.rhythm();
    double peakMean = DAY_MILLIS / (profile.activitiesPerDay() * rhythm.max());
    double t = time;
    for (int i = 0; i < 100_000; i++) {
      t += actor.draw.exponential(peakMean);
      if (t >= end) {
        return Long.MAX_VALUE;
      }
      long local = (long) t + profile.utcOffsetHours() * 3_600_000L;
      double hour = Math.floorMod(local, 86_400_000L) / 3_600_000.0;
      DayOfWeek day =
          DayOfWeek.of((int) Math.floorMod(Math.floorDiv(local, 86_400_000L) + 3, 7) + 1);
      if (actor.draw.unit() * rhythm.max() < rhythm.shape(hour, day)) {
        return Math.max((long) t, time + 1);
      }
    }
    return Long.MAX_VALUE;
  }
}
