package dev.vigil.runtime.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Reads the file layer ({@code --config FILE}): a {@code .properties} file or a {@code .yaml} /
 * {@code .yml} file. Keys are the same as everywhere else: Kafka's own ({@code bootstrap.servers},
 * {@code security.protocol}) and Vigil's ({@code vigil.http.port}).
 *
 * <p>In YAML, nested maps are joined with dots, so these are the same setting:
 *
 * <pre>
 * vigil:
 *   topic:
 *     alerts: soc.alerts
 * vigil.topic.alerts: soc.alerts
 * </pre>
 *
 * A top-level {@code kafka:} section holds Kafka settings without a prefix ({@code kafka:
 * {bootstrap.servers: ...}}); the same {@code kafka.} prefix may be used in a properties file.
 * Lists become comma-separated values.
 */
final class FileLayer {

  private static final String KAFKA_SECTION = "kafka.";

  private FileLayer() {}

  static Map<String, Setting> read(Path file) {
    Origin origin = Origin.file(file.toString());
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (!Files.isRegularFile(file)) {
      throw new VigilConfigException("config file " + file + " does not exist or is not a file");
    }
    Map<String, String> raw;
    try {
      if (name.endsWith(".properties")) {
        raw = readProperties(file);
      } else if (name.endsWith(".yaml") || name.endsWith(".yml")) {
        raw = readYaml(file);
      } else {
        throw new VigilConfigException(
            "config file " + file + ": unknown format; name it *.properties, *.yaml or *.yml");
      }
    } catch (JacksonException e) {
      throw new VigilConfigException(
          "config file " + file + " is not valid YAML: " + e.getOriginalMessage() + location(e), e);
    } catch (IOException e) {
      throw new VigilConfigException("cannot read config file " + file + ": " + e.getMessage(), e);
    }
    Map<String, Setting> settings = new LinkedHashMap<>();
    raw.forEach((key, value) -> settings.put(stripKafkaSection(key), new Setting(value, origin)));
    return settings;
  }

  private static String location(JacksonException e) {
    return e.getLocation() == null
        ? ""
        : " (line "
            + e.getLocation().getLineNr()
            + ", column "
            + e.getLocation().getColumnNr()
            + ")";
  }

  private static Map<String, String> readProperties(Path file) throws IOException {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (String key : properties.stringPropertyNames()) {
      values.put(key, properties.getProperty(key).trim());
    }
    return values;
  }

  private static Map<String, String> readYaml(Path file) throws IOException {
    JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
    Map<String, String> values = new LinkedHashMap<>();
    if (root == null || root.isMissingNode() || root.isNull()) {
      return values;
    }
    if (!root.isObject()) {
      throw new VigilConfigException(
          "config file "
              + file
              + ": expected a map of settings at the top level, found "
              + root.getNodeType().toString().toLowerCase(Locale.ROOT));
    }
    flatten("", root, values, file);
    return values;
  }

  private static void flatten(String prefix, JsonNode node, Map<String, String> out, Path file) {
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        String key = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
        flatten(key, field.getValue(), out, file);
      }
    } else if (node.isArray()) {
      StringBuilder joined = new StringBuilder();
      for (JsonNode element : node) {
        if (!element.isValueNode()) {
          throw new VigilConfigException(
              "config file " + file + ": '" + prefix + "' must be a list of plain values");
        }
        if (joined.length() > 0) {
          joined.append(',');
        }
        joined.append(element.asText());
      }
      out.put(prefix, joined.toString());
    } else if (node.isNull()) {
      throw new VigilConfigException(
          "config file " + file + ": '" + prefix + "' has no value; remove it to use the default");
    } else {
      out.put(prefix, node.asText());
    }
  }

  private static String stripKafkaSection(String key) {
    return key.startsWith(KAFKA_SECTION) ? key.substring(KAFKA_SECTION.length()) : key;
  }
}
