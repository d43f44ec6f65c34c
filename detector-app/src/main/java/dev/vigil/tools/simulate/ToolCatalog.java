package dev.vigil.tools.simulate;

import dev.vigil.events.IdentityType;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The systems of the simulated company and which of them each type of identity uses, read from
 * {@code tools.yaml} beside this class: a tool or an operation is a line of data there.
 */
final class ToolCatalog {

  private static final Map<String, Tool> TOOLS = new LinkedHashMap<>();
  private static final Map<IdentityType, List<String>> POOLS = new EnumMap<>(IdentityType.class);

  static {
    Catalogue catalogue = SimulatorData.read("tools.yaml", Catalogue.class);
    catalogue
        .tools()
        .forEach(
            (name, entry) ->
                add(
                    name,
                    entry.audience(),
                    entry,
                    (op, privilege, privileged, admin) ->
                        new ToolAction(name, op, privilege, privileged, admin, entry.resources())));
    // MCP servers: every call is tools/call; the MCP tool name is the resource.
    catalogue
        .mcpServers()
        .forEach(
            (name, entry) ->
                add(
                    name,
                    "mcp",
                    entry,
                    (call, privilege, privileged, admin) ->
                        new ToolAction(
                            name, "tools/call", privilege, privileged, admin, List.of(call))));
    catalogue.pools().forEach((type, tools) -> POOLS.put(type, List.copyOf(tools)));
  }

  private ToolCatalog() {}

  static Tool tool(String name) {
    Tool tool = TOOLS.get(name);
    if (tool == null) {
      throw new IllegalArgumentException("no tool named " + name);
    }
    return tool;
  }

  static List<Tool> all() {
    return List.copyOf(TOOLS.values());
  }

  /** The tools an identity of this type plausibly uses in its job. */
  static List<String> pool(IdentityType type) {
    return POOLS.get(type);
  }

  /** Plain, then privileged, then admin operations: the order the simulator draws them in. */
  private static void add(String name, String audience, Entry entry, Operation operation) {
    List<ToolAction> actions = new ArrayList<>();
    entry
        .plain()
        .forEach((op, privilege) -> actions.add(operation.of(op, privilege, false, false)));
    entry
        .privileged()
        .forEach((op, privilege) -> actions.add(operation.of(op, privilege, true, false)));
    entry.admin().forEach((op, privilege) -> actions.add(operation.of(op, privilege, true, true)));
    TOOLS.put(name, new Tool(name, audience, List.copyOf(actions)));
  }

  @FunctionalInterface
  private interface Operation {
    ToolAction of(String op, String privilege, boolean privileged, boolean admin);
  }

  private record Catalogue(
      Map<String, Entry> tools,
      Map<String, Entry> mcpServers,
      Map<IdentityType, List<String>> pools) {}

  /** A tool's operations by group, each an action and the privilege it needs, in file order. */
  private record Entry(
      String audience,
      List<String> resources,
      Map<String, String> plain,
      Map<String, String> privileged,
      Map<String, String> admin) {
    Entry {
      resources = resources == null ? List.of() : List.copyOf(resources);
      plain = plain == null ? Map.of() : plain;
      privileged = privileged == null ? Map.of() : privileged;
      admin = admin == null ? Map.of() : admin;
    }
  }
}
