package dev.vigil.runtime.app;

import dev.vigil.detector.rulestore.RulesTopic;
import dev.vigil.rules.RulePack;
import dev.vigil.rules.pack.RulePacks;
import dev.vigil.runtime.config.VigilConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The pack an instance starts with. A configured pack file is validated before anything starts and
 * published to the compacted rules topic; without one the shipped default pack is the seed, and a
 * pack already on the topic (published earlier or by {@code vigil rules publish}) wins over it.
 */
public record SeedRules(RulePack pack, Optional<String> fileText) {

  static SeedRules from(VigilConfig config) {
    Optional<Path> file = config.rulesFile();
    if (file.isEmpty()) {
      return new SeedRules(RulePacks.defaultPack(), Optional.empty());
    }
    RulePack pack = RulePacks.load(file.get());
    try {
      return new SeedRules(pack, Optional.of(Files.readString(file.get())));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read rule pack " + file.get(), e);
    }
  }

  void publishIfConfigured(VigilConfig config) {
    fileText.ifPresent(text -> publish(config.clientConfig(), config.topics().rules(), text));
  }

  /** Writes a validated pack's text as the active pack; returns once the broker has it. */
  public static void publish(Map<String, Object> clientConfig, String rulesTopic, String packText) {
    Map<String, Object> producerConfig = new HashMap<>(clientConfig);
    producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
    producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>(rulesTopic, RulesTopic.ACTIVE_KEY, packText)).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while publishing the rule pack", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "cannot publish the rule pack to " + rulesTopic + ": " + e.getCause().getMessage(),
          e.getCause());
    }
  }
}
