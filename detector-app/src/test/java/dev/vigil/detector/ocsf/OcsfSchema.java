package dev.vigil.detector.ocsf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The OCSF definitions vendored under {@code src/test/resources/ocsf/1.9.0} (see the README there),
 * and a validator that reads them as the OCSF compiler does: a class or object is its {@code
 * extends} chain merged root first, an attribute is its dictionary entry overlaid with what the
 * class says of it (requirement, type, enum values), and a data type is its chain down to a base
 * type ({@code timestamp_t} → {@code long_t}, {@code ip_t} → {@code string_t} with its regex).
 *
 * <p>A profile a class pulls in with {@code $include} adds its attributes only to an event that
 * lists it in {@code metadata.profiles}; a listed profile must be one the class includes. The
 * classification enums are the compiled schema's: {@code category_uid} is the class's category and
 * {@code class_uid} is {@code category_uid * 1000 + uid}.
 */
final class OcsfSchema {

  static final String VERSION = "1.9.0";
  private static final String ROOT = "/ocsf/" + VERSION + "/";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Where each vendored class or object lives, by its {@code name}. */
  private static final Map<String, String> FILES =
      Map.ofEntries(
          Map.entry("base_event", "events/base_event.json"),
          Map.entry("finding", "events/findings/finding.json"),
          Map.entry("detection_finding", "events/findings/detection_finding.json"),
          Map.entry("_entity", "objects/_entity.json"),
          Map.entry("actor", "objects/actor.json"),
          Map.entry("analytic", "objects/analytic.json"),
          Map.entry("attack", "objects/attack.json"),
          Map.entry("evidences", "objects/evidences.json"),
          Map.entry("finding_info", "objects/finding_info.json"),
          Map.entry("metadata", "objects/metadata.json"),
          Map.entry("product", "objects/product.json"),
          Map.entry("user", "objects/user.json"),
          Map.entry("profile:host", "profiles/host.json"));

  /** The uids of the categories in {@code categories.json} that vendored classes belong to. */
  private static final Map<String, Integer> CATEGORY_UIDS = Map.of("findings", 2);

  private final JsonNode dictionary;
  private final JsonNode types;
  private final Map<String, Definition> definitions = new LinkedHashMap<>();

  /** A class or object with its {@code extends} chain resolved. */
  record Definition(
      String name,
      List<String> chain,
      Map<String, ObjectNode> attributes,
      List<List<String>> atLeastOne,
      Set<String> profiles,
      JsonNode raw) {

    Set<String> required() {
      Set<String> required = new TreeSet<>();
      attributes.forEach(
          (name, attribute) -> {
            if ("required".equals(attribute.path("requirement").asText())) {
              required.add(name);
            }
          });
      return required;
    }
  }

  private OcsfSchema() {
    JsonNode dict = read("dictionary.json");
    this.dictionary = dict.path("attributes");
    this.types = dict.path("types").path("attributes");
  }

  static OcsfSchema load() {
    return new OcsfSchema();
  }

  static JsonNode read(String path) {
    try (InputStream in = OcsfSchema.class.getResourceAsStream(ROOT + path)) {
      if (in == null) {
        throw new IllegalStateException("not vendored: " + ROOT + path);
      }
      return MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  boolean isVendored(String name) {
    return FILES.containsKey(name);
  }

  /** The class or object {@code name}, resolved through its {@code extends} chain. */
  Definition definition(String name) {
    Definition known = definitions.get(name);
    if (known != null) {
      return known;
    }
    JsonNode raw = read(FILES.get(name));
    List<String> chain = new ArrayList<>();
    Map<String, ObjectNode> attributes = new LinkedHashMap<>();
    List<List<String>> atLeastOne = new ArrayList<>();
    Set<String> profiles = new TreeSet<>();
    String parent = raw.path("extends").asText(null);
    if (parent != null && FILES.containsKey(parent)) {
      Definition base = definition(parent);
      chain.addAll(base.chain());
      base.attributes().forEach((k, v) -> attributes.put(k, v.deepCopy()));
      atLeastOne.addAll(base.atLeastOne());
      profiles.addAll(base.profiles());
    } else if (parent != null && !"object".equals(parent)) {
      throw new IllegalStateException(name + " extends " + parent + ", which is not vendored");
    }
    chain.add(name);
    Iterator<Map.Entry<String, JsonNode>> fields = raw.path("attributes").fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      if (field.getKey().equals("$include")) {
        // profiles/NAME.json: applied per event (see the class comment)
        field.getValue().forEach(p -> profiles.add(p.asText().replaceAll(".*/|\\.json$", "")));
        continue;
      }
      ObjectNode merged =
          attributes.computeIfAbsent(field.getKey(), k -> MAPPER.createObjectNode());
      merge(merged, (ObjectNode) field.getValue());
    }
    JsonNode constraint = raw.path("constraints").path("at_least_one");
    if (constraint.isArray()) {
      // A child's constraint replaces its parent's.
      atLeastOne.clear();
      List<String> names = new ArrayList<>();
      constraint.forEach(n -> names.add(n.asText()));
      atLeastOne.add(names);
    }
    if (raw.has("uid") && attributes.containsKey("class_uid")) {
      // A concrete class: the compiled schema pins its category and class ids.
      int categoryUid = CATEGORY_UIDS.get(inheritedCategory(chain));
      replaceEnum(attributes, "category_uid", categoryUid);
      replaceEnum(attributes, "class_uid", categoryUid * 1000 + raw.get("uid").asInt());
    }
    Definition definition = new Definition(name, chain, attributes, atLeastOne, profiles, raw);
    definitions.put(name, definition);
    return definition;
  }

  private String inheritedCategory(List<String> chain) {
    for (int i = chain.size() - 1; i >= 0; i--) {
      JsonNode category = read(FILES.get(chain.get(i))).get("category");
      if (category != null && CATEGORY_UIDS.containsKey(category.asText())) {
        return category.asText();
      }
    }
    throw new IllegalStateException("no known category in " + chain);
  }

  private static void replaceEnum(Map<String, ObjectNode> attributes, String name, int value) {
    ObjectNode attribute = attributes.computeIfAbsent(name, k -> MAPPER.createObjectNode());
    ObjectNode only = MAPPER.createObjectNode();
    only.putObject(Integer.toString(value));
    attribute.set("enum", only);
    attribute.put("enum_replaces", true);
  }

  /** The attribute as the compiled schema has it: dictionary entry overlaid by the class's. */
  ObjectNode attribute(Definition owner, String name) {
    ObjectNode effective = MAPPER.createObjectNode();
    JsonNode fromDictionary = dictionary.get(name);
    if (fromDictionary != null) {
      merge(effective, (ObjectNode) fromDictionary);
    }
    if (owner != null && owner.attributes().containsKey(name)) {
      ObjectNode own = owner.attributes().get(name);
      if (own.path("enum_replaces").asBoolean(false)) {
        effective.remove("enum");
      }
      merge(effective, own);
      effective.remove("enum_replaces");
    }
    return effective;
  }

  /** The enum values the owner allows for {@code attribute}; empty when it is not an enum. */
  Set<String> enumValues(Definition owner, String attribute) {
    Set<String> values = new TreeSet<>();
    this.attribute(owner, attribute).path("enum").fieldNames().forEachRemaining(values::add);
    return values;
  }

  boolean inDictionary(String attribute) {
    return dictionary.has(attribute);
  }

  String dictionaryType(String attribute) {
    return dictionary.path(attribute).path("type").asText(null);
  }

  /** Every way {@code event} departs from the class {@code className}; empty when it fits. */
  List<String> validate(JsonNode event, String className) {
    List<String> problems = new ArrayList<>();
    Definition definition = definition(className);
    JsonNode declared = event.path("metadata").path("profiles");
    if (declared.isArray() && declared.size() > 0) {
      Map<String, ObjectNode> attributes = new LinkedHashMap<>();
      definition.attributes().forEach((k, v) -> attributes.put(k, v.deepCopy()));
      for (JsonNode profile : declared) {
        String name = profile.asText();
        if (!definition.profiles().contains(name)) {
          problems.add("metadata.profiles: " + className + " does not include profile " + name);
        } else if (!FILES.containsKey("profile:" + name)) {
          problems.add("metadata.profiles: profile " + name + " is not vendored");
        } else {
          read(FILES.get("profile:" + name))
              .path("attributes")
              .fields()
              .forEachRemaining(
                  f ->
                      merge(
                          attributes.computeIfAbsent(f.getKey(), k -> MAPPER.createObjectNode()),
                          (ObjectNode) f.getValue()));
        }
      }
      definition =
          new Definition(
              definition.name(),
              definition.chain(),
              attributes,
              definition.atLeastOne(),
              definition.profiles(),
              definition.raw());
    }
    validateObject("", event, definition, problems);
    return problems;
  }

  private void validateObject(
      String path, JsonNode node, Definition definition, List<String> problems) {
    if (!node.isObject()) {
      problems.add(
          path + ": expected a " + definition.name() + " object, was " + node.getNodeType());
      return;
    }
    for (String required : definition.required()) {
      JsonNode value = node.get(required);
      if (value == null || value.isNull()) {
        problems.add(at(path, required) + ": required by " + definition.name() + ", missing");
      }
    }
    for (List<String> group : definition.atLeastOne()) {
      if (group.stream().noneMatch(node::hasNonNull)) {
        problems.add(
            (path.isEmpty() ? definition.name() : path) + ": needs at least one of " + group);
      }
    }
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String name = field.getKey();
      if (!definition.attributes().containsKey(name)) {
        problems.add(at(path, name) + ": not an attribute of " + definition.name());
        continue;
      }
      validateValue(at(path, name), field.getValue(), attribute(definition, name), problems);
    }
  }

  /** An object this test has no definition for: each attribute must at least be OCSF's. */
  private void validateUnvendored(String path, JsonNode node, String type, List<String> problems) {
    if (!node.isObject()) {
      problems.add(path + ": expected a " + type + " object, was " + node.getNodeType());
      return;
    }
    node.fields()
        .forEachRemaining(
            field -> {
              String name = field.getKey();
              if (!dictionary.has(name)) {
                problems.add(at(path, name) + ": not an OCSF attribute");
              } else {
                validateValue(at(path, name), field.getValue(), attribute(null, name), problems);
              }
            });
  }

  private void validateValue(
      String path, JsonNode value, ObjectNode attribute, List<String> problems) {
    String type = attribute.path("type").asText(null);
    if (type == null) {
      problems.add(path + ": the dictionary gives no type");
      return;
    }
    if (attribute.path("is_array").asBoolean(false)) {
      if (!value.isArray()) {
        problems.add(path + ": expected an array of " + type + ", was " + value.getNodeType());
        return;
      }
      for (int i = 0; i < value.size(); i++) {
        validateOne(path + "[" + i + "]", value.get(i), type, attribute, problems);
      }
    } else {
      validateOne(path, value, type, attribute, problems);
    }
  }

  private void validateOne(
      String path, JsonNode value, String type, ObjectNode attribute, List<String> problems) {
    if (types.has(type)) {
      validateScalar(path, value, type, problems);
      JsonNode allowed = attribute.get("enum");
      if (allowed != null && !allowed.has(value.asText())) {
        Set<String> keys = new LinkedHashSet<>();
        allowed.fieldNames().forEachRemaining(keys::add);
        problems.add(path + ": " + value + " is not one of the allowed values " + keys);
      }
    } else if ("object".equals(type)) {
      if (!value.isObject()) {
        problems.add(path + ": expected an object, was " + value.getNodeType());
      }
    } else if (isVendored(type)) {
      validateObject(path, value, definition(type), problems);
    } else {
      validateUnvendored(path, value, type, problems);
    }
  }

  /** Follows the data type down to its base type, checking every constraint on the way. */
  private void validateScalar(String path, JsonNode value, String type, List<String> problems) {
    String current = type;
    while (true) {
      JsonNode definition = types.path(current);
      if (definition.has("regex")
          && value.isTextual()
          && !Pattern.compile(definition.get("regex").asText()).matcher(value.asText()).find()) {
        problems.add(path + ": '" + value.asText() + "' does not match " + current);
      }
      if (definition.has("max_len")
          && value.isTextual()
          && value.asText().length() > definition.get("max_len").asInt()) {
        problems.add(path + ": longer than " + current + " allows");
      }
      String next = definition.path("type").asText(null);
      if (next == null) {
        break;
      }
      current = next;
    }
    boolean ok =
        switch (current) {
          case "string_t" -> value.isTextual();
          case "integer_t" -> value.isIntegralNumber() && value.canConvertToInt();
          case "long_t" -> value.isIntegralNumber() && value.canConvertToLong();
          case "boolean_t" -> value.isBoolean();
          case "float_t" -> value.isNumber();
          case "json_t" -> true;
          default -> false;
        };
    if (!ok) {
      problems.add(
          path
              + ": "
              + value
              + " ("
              + value.getNodeType()
              + ") is not a "
              + type
              + " ("
              + current
              + ")");
    }
  }

  private static String at(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  /** Deep merge: objects merge key by key, anything else is replaced. */
  private static void merge(ObjectNode target, ObjectNode overlay) {
    overlay
        .fields()
        .forEachRemaining(
            field -> {
              JsonNode existing = target.get(field.getKey());
              if (existing instanceof ObjectNode existingObject
                  && field.getValue() instanceof ObjectNode overlayObject) {
                merge(existingObject, overlayObject);
              } else {
                target.set(field.getKey(), field.getValue().deepCopy());
              }
            });
  }
}
