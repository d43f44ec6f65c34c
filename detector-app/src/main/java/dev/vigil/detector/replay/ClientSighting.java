package dev.vigil.detector.replay;

import dev.vigil.events.IdentityType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * One principal seen using one client: a credential use from a public address with a user agent, as
 * the {@code token_shared_client} rules compare them across identities (see {@link
 * SharedClientCheck}). Small on purpose: it travels through a repartition topic keyed by address.
 *
 * @param address the source address as the event gave it (the key of the address's sightings)
 * @param client the full user agent, or for a long one its head and a hash of the whole (see {@link
 *     #clientOf}): equal clients have equal texts
 * @param deliveredTo where the platform delivered the credential ({@code credential_context}), or
 *     null for a credential nobody delivered into a workload (a long-term key, a person's session)
 * @param tool the tool the credential was presented at, for the alert's evidence
 */
public record ClientSighting(
    String address,
    String client,
    String identityId,
    IdentityType identityType,
    String tokenId,
    String deliveredTo,
    String tool,
    String eventId,
    Instant eventTime) {

  /** User agents up to this length are kept whole; longer ones by head and hash. */
  static final int MAX_CLIENT_TEXT = 200;

  private static final int HEAD = 160;

  public boolean delivered() {
    return deliveredTo != null;
  }

  /**
   * The client text of a user agent: itself when short, else its first characters and 16 hex digits
   * of its SHA-256, so two user agents that differ anywhere stay two clients while the text kept in
   * state and alerts stays bounded.
   */
  static String clientOf(String userAgent) {
    if (userAgent.length() <= MAX_CLIENT_TEXT) {
      return userAgent;
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(userAgent.getBytes(StandardCharsets.UTF_8));
      return userAgent.substring(0, HEAD) + "... sha256:" + HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** Who used the client with which credential: what repeats of one sighting have in common. */
  public String principalKey() {
    return identityId + '\n' + tokenId + '\n' + client;
  }
}
