package dev.vigil.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.detector.Detectors;
import dev.vigil.rules.pack.RulePacks;
import dev.vigil.tools.simulate.SimulatedEstate;
import dev.vigil.tools.simulate.SimulationConfig;
import org.junit.jupiter.api.Test;

/**
 * The state measure counts what the topology keeps, peer-group baselines included: they are per
 * group, so they add little to the state per identity.
 */
class StateFootprintTest {

  @Test
  void peerGroupsAreCountedAndCostLittlePerIdentity() {
    StateFootprint.Result state =
        StateFootprint.measure(
            new SimulatedEstate(SimulationConfig.of(9, SimulationConfig.DEFAULT_START, 1, 120, 0))
                .iterator(),
            RulePacks.defaultPack(),
            Detectors.all());

    assertThat(state.keysByStore())
        .containsKeys("privilege peer groups", "tool-fanout peer groups");
    int groups =
        state.keysByStore().get("privilege peer groups")
            + state.keysByStore().get("tool-fanout peer groups");
    assertThat(groups).isPositive().isLessThan(state.identities() / 4);
    long groupBytes =
        state.bytesByStore().get("privilege peer groups")
            + state.bytesByStore().get("tool-fanout peer groups");
    // Per group, not per identity: a few percent of the store even in an estate this small (at
    // the bench's 1,996 identities, 16 KB of 3.66 MB).
    assertThat(groupBytes).isPositive().isLessThan(state.bytes() / 20);
  }
}
