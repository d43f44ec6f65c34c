package dev.vigil.tools.simulate;

import java.util.List;

/** A system identities touch, the audience its tokens are minted for, and its operations. */
record Tool(String name, String audience, List<ToolAction> actions) {

  List<ToolAction> everyday() {
    return actions.stream().filter(a -> !a.admin()).toList();
  }

  List<ToolAction> admin() {
    return actions.stream().filter(ToolAction::admin).toList();
  }
}
