package dev.vigil.detector.privilege;

import dev.vigil.detector.Finding;
import dev.vigil.detector.ObservedEvent;
import dev.vigil.rules.RulePack;
import java.util.ArrayList;
import java.util.List;

/**
 * Drives a {@link PrivilegeDetector} the way the topology's processor does: the state goes through
 * its codec between events, as it would through the state store.
 */
final class PrivilegeFeed {

  final PrivilegeDetector detector = new PrivilegeDetector();
  RulePack pack;
  IdentityBaseline state = detector.newState();
  private int sequence;

  PrivilegeFeed(RulePack pack) {
    this.pack = pack;
  }

  List<Finding> send(ObservedEvent event) {
    IdentityBaseline loaded = detector.codec().decode(detector.codec().encode(state));
    List<Finding> findings = detector.onEvent(loaded, event, pack);
    state = loaded;
    return findings;
  }

  /** Sends events, returning every finding. */
  List<Finding> sendAll(List<ObservedEvent> events) {
    List<Finding> all = new ArrayList<>();
    for (ObservedEvent e : events) {
      all.addAll(send(e));
    }
    return all;
  }

  /**
   * A routine history: on each day from {@code fromDay} to {@code toDay} at 10:00 one successful
   * use of each privilege, at github. Returns the findings (the caller expects none).
   */
  List<Finding> routine(int fromDay, int toDay, String... privileges) {
    List<Finding> all = new ArrayList<>();
    for (int d = fromDay; d <= toDay; d++) {
      for (String privilege : privileges) {
        all.addAll(
            send(
                PrivilegeFixtures.use(
                        "r-" + sequence++, PrivilegeFixtures.day(d + 10 / 24.0), "github", "op")
                    .privilege(privilege)
                    .build()));
      }
    }
    return all;
  }
}
