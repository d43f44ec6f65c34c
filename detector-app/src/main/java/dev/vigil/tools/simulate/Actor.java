package dev.vigil.tools.simulate;

import dev.vigil.events.AuthEvent;
import dev.vigil.events.AuthEventKind;
import dev.vigil.events.IdentityType;
import dev.vigil.events.Outcome;
import dev.vigil.events.Source;
import dev.vigil.events.TokenUseEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * One identity's hands: it builds that identity's events, holds its credentials and plans events
 * into its queue. Habits and campaigns both act through it, so a campaign's events carry the same
 * ids, sources and tokens an emitter would report for that identity.
 */
final class Actor {

  private static final long DAY = 86_400_000L;

  final IdentityProfile profile;
  final Draw draw;
  private final long runTag;
  private final PriorityQueue<Planned> queue;
  private final Map<String, HeldToken> tokens = new HashMap<>();
  private final Map<String, List<String>> scopesByAudience = new LinkedHashMap<>();
  private final java.util.TreeMap<Long, List<ToolHabit>> habitChanges = new java.util.TreeMap<>();
  private long seq;
  private String lastId;
  private long credentials;
  private long tasks;
  private Recording recording;
  private long lastLoginDay = Long.MIN_VALUE;
  private long floor = Long.MIN_VALUE;
  private final String[][] addressCache = new String[2][];
  private final String workloadId;
  private long bindingDay = Long.MIN_VALUE;
  private String binding;

  Actor(IdentityProfile profile, Draw draw, long runTag, PriorityQueue<Planned> queue) {
    this.profile = profile;
    this.draw = draw;
    this.runTag = runTag;
    this.queue = queue;
    this.workloadId = workloadIdOf(profile);
    for (ToolHabit habit : profile.tools()) {
      scopesByAudience.computeIfAbsent(habit.tool().audience(), a -> new ArrayList<>());
      for (String scope : habit.scopes()) {
        if (!scopesByAudience.get(habit.tool().audience()).contains(scope)) {
          scopesByAudience.get(habit.tool().audience()).add(scope);
        }
      }
    }
  }

  // ---- recording: campaigns collect the ids of the events they plan ----

  void startRecording(Recording into) {
    recording = into;
  }

  void stopRecording() {
    recording = null;
  }

  // ---- where requests come from ----

  /**
   * The identity's usual network at this time: humans alternate office and home days. A person's
   * day turns at 04:00 local time, while they sleep: a token used late at night and early next
   * morning does not jump networks between two requests minutes apart.
   */
  Network network(long time) {
    long personalDay =
        Math.floorDiv(time + profile.utcOffsetHours() * 3_600_000L - 4 * 3_600_000L, DAY);
    if (profile.office() != null
        && Math.floorMod(Fingerprints.mix(profile.index() * 31L + personalDay), 3) != 0) {
      return profile.office();
    }
    return profile.home();
  }

  /** A habitual source: one of its addresses, its client, and its attested workload and key. */
  Source source(long time) {
    Network network = network(time);
    String ip = addresses(network)[draw.index(profile.addresses())];
    return new Source(
        ip, network.asn(), network.country(), profile.userAgent(), workloadId, binding(time));
  }

  /** The identity's addresses in a network, built once: events share the strings. */
  private String[] addresses(Network network) {
    int slot = network == profile.home() ? 0 : 1;
    if (addressCache[slot] == null) {
      String[] addresses = new String[profile.addresses()];
      for (int i = 0; i < addresses.length; i++) {
        addresses[i] = network.address(profile.subnet(), profile.index() * 7 + i);
      }
      addressCache[slot] = addresses;
    }
    return addressCache[slot];
  }

  /** The same request context as {@code token}'s holder, from a habitual address. */
  Source sourceFor(HeldToken token, long time) {
    Source habitual = source(time);
    if (token.boundTo.getBinding() != null) {
      habitual.setBinding(token.boundTo.getBinding());
    }
    return habitual;
  }

  /**
   * The attested workload identity requests carry: the SPIFFE ID, a runner's or an agent's, or
   * none.
   */
  private static String workloadIdOf(IdentityProfile profile) {
    if (profile.type() == IdentityType.WORKLOAD) {
      return profile.id();
    }
    if (!profile.bound()) {
      return null;
    }
    return profile.type() == IdentityType.CI_PIPELINE
        ? "spiffe://ci.corp.example/runner/" + profile.index()
        : "spiffe://agents.corp.example/" + profile.index();
  }

  /** Thumbprint of the key tokens are bound to; workload certificates rotate daily. */
  String binding(long time) {
    long day = time / DAY;
    if (day != bindingDay) {
      bindingDay = day;
      binding = bindingOf(profile, time);
    }
    return binding;
  }

  /** The key another identity of the estate would present at {@code time}. */
  String bindingOf(IdentityProfile someone, long time) {
    if (!someone.bound()) {
      return null;
    }
    boolean workload = someone.type() == IdentityType.WORKLOAD;
    long epoch = workload ? time / DAY : 0;
    return (workload ? "x5t#S256:" : "jkt:")
        + Fingerprints.hex(runTag ^ 0xB1DL, someone.index(), epoch);
  }

  // ---- habits ----

  /** The habits in force at {@code time}: the profile's, unless a campaign changed them. */
  List<ToolHabit> habitsAt(long time) {
    Map.Entry<Long, List<ToolHabit>> change = habitChanges.floorEntry(time);
    return change == null ? profile.tools() : change.getValue();
  }

  /** From {@code time} on, the identity's ordinary work uses {@code habits}. */
  void changeHabits(long time, List<ToolHabit> habits) {
    habitChanges.put(time, List.copyOf(habits));
  }

  // ---- credentials ----

  List<String> habitualScopes(String audience) {
    return scopesByAudience.getOrDefault(audience, List.of());
  }

  void forget(HeldToken token) {
    tokens.remove(token.audience, token);
  }

  /**
   * A standing token for {@code audience} valid past {@code until}: the one held, or a new one
   * issued (or refreshed) at {@code time}.
   */
  HeldToken standingToken(String audience, long time, long until) {
    HeldToken current = tokens.get(audience);
    if (current != null && current.validThrough(until + 30_000)) {
      return current;
    }
    long lifetime = Math.max(profile.tokenLifetime().toMillis(), until - time + 120_000);
    AuthEventKind kind =
        current != null && refreshes() ? AuthEventKind.TOKEN_REFRESHED : AuthEventKind.TOKEN_ISSUED;
    Map<String, String> attributes =
        current != null && kind == AuthEventKind.TOKEN_REFRESHED
            ? Map.of("previous_token_id", current.id)
            : Map.of();
    HeldToken token =
        issue(kind, audience, time, lifetime, habitualScopes(audience), null, attributes);
    tokens.put(audience, token);
    return token;
  }

  private boolean refreshes() {
    return profile.type() == IdentityType.WORKLOAD || profile.type() == IdentityType.HUMAN;
  }

  /** Plans a TOKEN_ISSUED (or other issuing kind) and returns the token it mints. */
  HeldToken issue(
      AuthEventKind kind,
      String audience,
      long time,
      long lifetime,
      List<String> scopes,
      String taskId,
      Map<String, String> attributes) {
    return issue(kind, audience, time, lifetime, scopes, taskId, attributes, source(time));
  }

  /**
   * As {@link #issue(AuthEventKind, String, long, long, List, String, Map)}, requested from {@code
   * requester}.
   */
  HeldToken issue(
      AuthEventKind kind,
      String audience,
      long time,
      long lifetime,
      List<String> scopes,
      String taskId,
      Map<String, String> attributes,
      Source requester) {
    String tokenId = "tok-" + Fingerprints.hex(runTag, profile.index(), credentials++);
    HeldToken token = new HeldToken(tokenId, audience, time, time + lifetime, requester);
    plan(
        time,
        new AuthEvent(
            nextId(),
            Instant.ofEpochMilli(time),
            profile.id(),
            profile.type(),
            kind,
            Outcome.SUCCESS,
            tokenId,
            Instant.ofEpochMilli(token.expiresAt),
            audience,
            scopes,
            requester,
            taskId,
            profile.issuer(),
            attributes));
    return token;
  }

  void adopt(HeldToken token) {
    tokens.put(token.audience, token);
  }

  String newTaskId() {
    return "task-" + Fingerprints.hex(runTag ^ 0x7A5CL, profile.index(), tasks++).substring(0, 12);
  }

  /**
   * Plans the login a person does once a day before anything else; returns when the person is
   * logged in.
   */
  long loginIfNeeded(long time) {
    if (profile.type() != IdentityType.HUMAN || time / DAY == lastLoginDay) {
      return time;
    }
    lastLoginDay = time / DAY;
    long at = time;
    if (draw.chance(0.04)) {
      authEvent(
          at,
          AuthEventKind.LOGIN,
          Outcome.FAILURE,
          null,
          null,
          List.of(),
          null,
          Map.of("reason", "invalid_password"));
      at += draw.betweenMillis(5_000, 40_000);
    }
    authEvent(
        at,
        AuthEventKind.LOGIN,
        Outcome.SUCCESS,
        null,
        null,
        List.of(),
        null,
        Map.of("mfa", "webauthn"));
    return at + draw.betweenMillis(500, 4_000);
  }

  /**
   * Nothing may be planned before {@code time}: the merge has already emitted other identities'
   * events up to it, so an earlier event would break event-time order.
   */
  void notBefore(long time) {
    floor = time;
  }

  // ---- events ----

  String authEvent(
      long time,
      AuthEventKind kind,
      Outcome outcome,
      HeldToken token,
      String audience,
      List<String> scopes,
      String taskId,
      Map<String, String> attributes) {
    String id = nextId();
    plan(
        time,
        new AuthEvent(
            id,
            Instant.ofEpochMilli(time),
            profile.id(),
            profile.type(),
            kind,
            outcome,
            token == null ? null : token.id,
            token == null ? null : Instant.ofEpochMilli(token.expiresAt),
            audience,
            scopes,
            source(time),
            taskId,
            profile.issuer(),
            attributes));
    return id;
  }

  /** A request outside any session or task, on the identity's own behalf. */
  String use(long time, HeldToken token, ToolAction action, Outcome outcome, Source source) {
    return use(time, token, action, outcome, source, null, null, null);
  }

  String use(
      long time,
      HeldToken token,
      ToolAction action,
      Outcome outcome,
      Source source,
      String sessionId,
      String taskId,
      String onBehalfOf) {
    String id = nextId();
    if (token != null && time > token.lastUse) {
      token.lastUse = time;
    }
    Map<String, String> attributes =
        action.action().equals("tools/call") ? Map.of("mcp.method", "tools/call") : Map.of();
    plan(
        time,
        new TokenUseEvent(
            id,
            Instant.ofEpochMilli(time),
            profile.id(),
            profile.type(),
            token == null ? null : token.id,
            action.tool(),
            action.resource(draw),
            action.action(),
            action.privilege(),
            action.privileged(),
            outcome,
            source,
            sessionId,
            taskId,
            onBehalfOf,
            attributes));
    return id;
  }

  /** The outcome of an ordinary request: nearly always allowed. */
  Outcome usualOutcome() {
    double u = draw.unit();
    return u < 0.98 ? Outcome.SUCCESS : (u < 0.992 ? Outcome.DENIED : Outcome.FAILURE);
  }

  /** The id of the event planned last. */
  String lastEventId() {
    return lastId;
  }

  private String nextId() {
    return "e"
        + Long.toString(runTag & 0xfffff, 36)
        + "-"
        + Integer.toString(profile.index(), 36)
        + "-"
        + Long.toString(seq, 36);
  }

  private void plan(long time, org.apache.avro.specific.SpecificRecord record) {
    lastId =
        record instanceof AuthEvent
            ? ((AuthEvent) record).getEventId()
            : ((TokenUseEvent) record).getEventId();
    if (time < floor) {
      throw new IllegalStateException(
          "event planned at "
              + Instant.ofEpochMilli(time)
              + " before "
              + Instant.ofEpochMilli(floor));
    }
    queue.add(new Planned(time, seq++, record));
    if (recording != null) {
      recording.add(
          time,
          record instanceof AuthEvent
              ? ((AuthEvent) record).getEventId()
              : ((TokenUseEvent) record).getEventId());
    }
  }
}
