package dev.vigil.detector.topology;

import dev.vigil.events.Alert;
import dev.vigil.events.AuthEvent;
import dev.vigil.events.RevocationCommand;
import dev.vigil.events.TokenUseEvent;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Every topic of the contract with its serdes: keys are plain strings (the identity id, or {@code
 * active} on the rules topic), values Avro in the configured wire format, the rules pack YAML text,
 * dead letters the original bytes, OCSF findings UTF-8 JSON ({@code ocsfFindings} is null when that
 * output is off).
 */
public record Topics(
    Topic<String, AuthEvent> authEvents,
    Topic<String, TokenUseEvent> tokenEvents,
    Topic<String, Alert> alerts,
    Topic<String, RevocationCommand> revocations,
    Topic<String, String> rules,
    Topic<String, byte[]> deadLetters,
    Topic<String, byte[]> ocsfFindings,
    Topic<String, byte[]> risk) {

  /** The configured names, each with its serdes. */
  public static Topics of(VigilTopics names, TopologySerdes serdes) {
    return new Topics(
        new Topic<>(names.authEvents(), Serdes.String(), serdes.auth()),
        new Topic<>(names.tokenEvents(), Serdes.String(), serdes.tokenUse()),
        new Topic<>(names.alerts(), Serdes.String(), serdes.alert()),
        new Topic<>(names.revocations(), Serdes.String(), serdes.revocation()),
        new Topic<>(names.rules(), Serdes.String(), Serdes.String()),
        new Topic<>(names.deadLetters(), Serdes.String(), Serdes.ByteArray()),
        names.ocsfFindings() == null
            ? null
            : new Topic<>(names.ocsfFindings(), Serdes.String(), Serdes.ByteArray()),
        new Topic<>(names.risk(), Serdes.String(), Serdes.ByteArray()));
  }
}
