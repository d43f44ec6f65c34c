package dev.vigil.detector.privilege;

import dev.vigil.detector.Finding;
import dev.vigil.detector.fixtures.DetectorFeed;
import dev.vigil.rules.RulePack;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link DetectorFeed} of a {@link PrivilegeDetector}, with the routine histories its tests build
 * on.
 */
final class PrivilegeFeed extends DetectorFeed<IdentityBaseline, PrivilegeDetector> {

  private int sequence;

  PrivilegeFeed(RulePack pack) {
    super(new PrivilegeDetector(), pack);
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
            usePrivilege("r-" + sequence++, PrivilegeFixtures.day(d + 10 / 24.0), privilege));
      }
    }
    return all;
  }

  /** One successful use of {@code privilege} at github ({@code op}), judged now. */
  List<Finding> usePrivilege(String eventId, Instant at, String privilege) {
    return send(PrivilegeFixtures.use(eventId, at, "github", "op").privilege(privilege).build());
  }
}
