package dev.vigil.runtime.config;

import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigData;
import org.apache.kafka.common.config.ConfigTransformer;
import org.apache.kafka.common.config.provider.ConfigProvider;
import org.apache.kafka.common.config.provider.DirectoryConfigProvider;
import org.apache.kafka.common.config.provider.EnvVarConfigProvider;
import org.apache.kafka.common.config.provider.FileConfigProvider;
import org.apache.kafka.common.utils.Utils;

/**
 * Replaces Kafka config-provider references ({@code ${provider:path:key}}) in every setting, so a
 * secret can live in a file or a mounted Kubernetes Secret instead of the command line or the
 * environment: {@code ${dir:/etc/vigil/secrets:sasl-password}} (the file {@code sasl-password} in
 * that directory), {@code ${file:/etc/vigil/secrets.properties:sasl.password}} (one key of a
 * properties file), {@code ${env:NAME}} (an environment variable).
 *
 * <p>These are Kafka's own providers ({@link DirectoryConfigProvider}, {@link FileConfigProvider},
 * {@link EnvVarConfigProvider}) and Kafka's own syntax. Vigil resolves the references itself, once,
 * after the layers are merged, rather than leaving them to each Kafka client: so a reference works
 * in Vigil's own settings too ({@code vigil.webhook.secret}, the registry's {@code user.info}), a
 * reference that cannot be resolved fails at start with the setting and the layer it came from, and
 * no {@code org.apache.kafka.automatic.config.providers} system property is needed. {@code file},
 * {@code dir} and {@code env} are always available; more are declared the Kafka way ({@code
 * config.providers=vault}, {@code config.providers.vault.class=...}, {@code
 * config.providers.vault.param.*}), and those keys are not passed on to the clients.
 */
final class ConfigReferences {

  static final String PROVIDERS_KEY = "config.providers";

  private static final Pattern REFERENCE = ConfigTransformer.DEFAULT_PATTERN;

  private ConfigReferences() {}

  /** {@code settings} with every reference replaced; the origin of each setting is kept. */
  static Map<String, Setting> resolve(Map<String, Setting> settings) {
    if (settings.values().stream().noneMatch(s -> REFERENCE.matcher(s.value()).find())) {
      return settings;
    }
    Map<String, ConfigProvider> providers = providers(settings);
    try {
      Map<String, Setting> resolved = new LinkedHashMap<>();
      settings.forEach((key, setting) -> resolved.put(key, resolve(key, setting, providers)));
      return resolved;
    } finally {
      providers.values().forEach(ConfigReferences::closeQuietly);
    }
  }

  /** Whether {@code key} configures providers rather than a client. */
  static boolean isProviderSetting(String key) {
    return key.equals(PROVIDERS_KEY) || key.startsWith(PROVIDERS_KEY + ".");
  }

  private static Setting resolve(
      String key, Setting setting, Map<String, ConfigProvider> providers) {
    Matcher matcher = REFERENCE.matcher(setting.value());
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String name = matcher.group(1);
      String path = matcher.group(3) == null ? "" : matcher.group(3);
      String variable = matcher.group(4);
      ConfigProvider provider = providers.get(name);
      if (provider == null) {
        throw failure(
            key,
            setting,
            matcher.group(),
            "unknown config provider '"
                + name
                + "' (file, dir and env are built in; declare others with "
                + PROVIDERS_KEY
                + ")");
      }
      String value;
      try {
        ConfigData data = provider.get(path, Set.of(variable));
        value = data.data().get(variable);
      } catch (RuntimeException e) {
        throw failure(key, setting, matcher.group(), e.getMessage());
      }
      if (value == null) {
        throw failure(
            key, setting, matcher.group(), "provider '" + name + "' has no key '" + variable + "'");
      }
      matcher.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    matcher.appendTail(out);
    return new Setting(out.toString(), setting.origin());
  }

  private static Map<String, ConfigProvider> providers(Map<String, Setting> settings) {
    Map<String, ConfigProvider> providers = new HashMap<>();
    providers.put("file", configured(new FileConfigProvider(), Map.of()));
    providers.put("dir", configured(new DirectoryConfigProvider(), Map.of()));
    providers.put("env", configured(new EnvVarConfigProvider(), Map.of()));
    Setting declared = settings.get(PROVIDERS_KEY);
    if (declared == null) {
      return providers;
    }
    for (String name : declared.value().split(",")) {
      name = name.strip();
      if (name.isEmpty()) {
        continue;
      }
      String prefix = PROVIDERS_KEY + "." + name;
      Setting className = settings.get(prefix + ".class");
      if (className == null) {
        throw new VigilConfigException(
            PROVIDERS_KEY
                + " declares '"
                + name
                + "' (from "
                + declared.origin()
                + ") but "
                + prefix
                + ".class is not set");
      }
      Map<String, String> params = new HashMap<>();
      settings.forEach(
          (key, setting) -> {
            if (key.startsWith(prefix + ".param.")) {
              params.put(key.substring((prefix + ".param.").length()), setting.value());
            }
          });
      try {
        providers.put(
            name, configured(Utils.newInstance(className.value(), ConfigProvider.class), params));
      } catch (ClassNotFoundException | RuntimeException e) {
        throw new VigilConfigException(
            prefix
                + ".class = '"
                + className.value()
                + "' (from "
                + className.origin()
                + ") is not a usable ConfigProvider: "
                + e,
            e);
      }
    }
    return providers;
  }

  private static ConfigProvider configured(ConfigProvider provider, Map<String, ?> params) {
    provider.configure(params);
    return provider;
  }

  private static VigilConfigException failure(
      String key, Setting setting, String reference, String problem) {
    return new VigilConfigException(
        key + " (from " + setting.origin() + "): cannot resolve " + reference + ": " + problem);
  }

  private static void closeQuietly(ConfigProvider provider) {
    try {
      provider.close();
    } catch (IOException e) {
      // Nothing was kept open between calls; a provider that fails to close loses nothing.
    }
  }
}
