package dev.vigil.detector.privilege;

import dev.vigil.detector.Finding;
import dev.vigil.detector.fixtures.DetectorFeed;
import dev.vigil.rules.RulePack;
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
