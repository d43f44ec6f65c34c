package dev.vigil.detector.alert;

import dev.vigil.events.RevocationAction;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Deterministic ids (RFC 9562 name-based UUIDv5 under a Vigil namespace): the same rule, identity
 * and evidence always give the same alert id, and the same alert always gives the same command id,
 * so reprocessing after a failover never duplicates an alert or a revocation downstream.
 */
public final class AlertIds {

  private static final UUID NAMESPACE = UUID.fromString("6f1c2a3e-5b7d-4c1e-9a0f-7e2d4b8c6a10");

  private AlertIds() {}

  public static String alertId(String ruleId, String identityId, String evidenceKey) {
    return uuid5("alert\n" + ruleId + "\n" + identityId + "\n" + evidenceKey);
  }

  public static String commandId(String alertId, RevocationAction action) {
    return uuid5("command\n" + alertId + "\n" + action.name());
  }

  private static String uuid5(String name) {
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      ByteBuffer ns = ByteBuffer.allocate(16);
      ns.putLong(NAMESPACE.getMostSignificantBits()).putLong(NAMESPACE.getLeastSignificantBits());
      sha1.update(ns.array());
      byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
      hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
      hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
      ByteBuffer bits = ByteBuffer.wrap(hash, 0, 16);
      return new UUID(bits.getLong(), bits.getLong()).toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-1", e);
    }
  }
}
