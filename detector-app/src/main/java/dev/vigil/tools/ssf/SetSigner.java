package dev.vigil.tools.ssf;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Signs Security Event Tokens with the transmitter's key: RS256 for an RSA key, ES256 for a P-256
 * key, {@code typ} {@code secevent+jwt} (RFC 8417), {@code kid} always set. The key is read from a
 * file, never from the command line: a private JWK (JSON), or PEM with a PKCS#8 {@code PRIVATE KEY}
 * (an EC key also needs its {@code PUBLIC KEY} block in the same file, as {@code openssl ec
 * -pubout} writes it).
 */
public final class SetSigner {

  static final JOSEObjectType SECEVENT_JWT = new JOSEObjectType("secevent+jwt");
  private static final Pattern PEM =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([^-]+)-----END \\1-----");

  private final JWK key;
  private final JWSAlgorithm algorithm;
  private final JWSSigner signer;
  private final Clock clock;

  private SetSigner(JWK key, Clock clock) throws JOSEException {
    this.key = key;
    this.clock = clock;
    if (key instanceof RSAKey rsa) {
      this.algorithm = JWSAlgorithm.RS256;
      this.signer = new RSASSASigner(rsa);
    } else if (key instanceof ECKey ec && Curve.P_256.equals(ec.getCurve())) {
      this.algorithm = JWSAlgorithm.ES256;
      this.signer = new ECDSASigner(ec);
    } else {
      throw new IllegalArgumentException(
          "the signing key must be RSA (RS256) or EC P-256 (ES256), was " + key.getKeyType());
    }
  }

  /**
   * Reads the key in {@code file}.
   *
   * @param keyId the {@code kid} to publish, or null: the JWK's own {@code kid}, else its RFC 7638
   *     thumbprint
   * @throws IllegalArgumentException naming what is wrong with the file
   */
  public static SetSigner load(Path file, String keyId, Clock clock) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the signing key " + file + ": " + e, e);
    }
    try {
      JWK jwk = text.startsWith("{") ? JWK.parse(text) : fromPem(text, file);
      if (!jwk.isPrivate()) {
        throw new IllegalArgumentException(file + " holds a public key; SETs need the private key");
      }
      return of(jwk, keyId, clock);
    } catch (java.text.ParseException | GeneralSecurityException | JOSEException e) {
      throw new IllegalArgumentException("cannot read the signing key " + file + ": " + e, e);
    }
  }

  /** A signer for {@code jwk} (private), with {@code keyId} (or the key's, or its thumbprint). */
  public static SetSigner of(JWK jwk, String keyId, Clock clock) throws JOSEException {
    String kid =
        keyId != null && !keyId.isBlank()
            ? keyId
            : jwk.getKeyID() != null ? jwk.getKeyID() : jwk.computeThumbprint().toString();
    JWK withKid =
        jwk instanceof RSAKey rsa
            ? new RSAKey.Builder(rsa).keyID(kid).keyUse(KeyUse.SIGNATURE).build()
            : jwk instanceof ECKey ec
                ? new ECKey.Builder(ec).keyID(kid).keyUse(KeyUse.SIGNATURE).build()
                : jwk;
    return new SetSigner(withKid, clock);
  }

  private static JWK fromPem(String text, Path file) throws GeneralSecurityException {
    PrivateKey privateKey = null;
    PublicKey publicKey = null;
    Matcher m = PEM.matcher(text);
    while (m.find()) {
      byte[] der = Base64.getMimeDecoder().decode(m.group(2));
      switch (m.group(1)) {
        case "PRIVATE KEY" -> privateKey = privateKey(der);
        case "PUBLIC KEY" -> publicKey = publicKey(der);
        case "RSA PRIVATE KEY", "EC PRIVATE KEY" ->
            throw new IllegalArgumentException(
                file
                    + ": "
                    + m.group(1)
                    + " is not PKCS#8; convert it with"
                    + " `openssl pkcs8 -topk8 -nocrypt -in OLD -out NEW`");
        default -> {
          // certificates and other blocks are not needed
        }
      }
    }
    if (privateKey instanceof RSAPrivateCrtKey rsa) {
      RSAPublicKey derived =
          (RSAPublicKey)
              KeyFactory.getInstance("RSA")
                  .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
      return new RSAKey.Builder(derived).privateKey(rsa).build();
    }
    if (privateKey instanceof ECPrivateKey ec) {
      if (!(publicKey instanceof ECPublicKey ecPublic)) {
        throw new IllegalArgumentException(
            file
                + ": an EC private key needs its PUBLIC KEY block in the same file"
                + " (append the output of `openssl ec -in KEY -pubout`)");
      }
      return new ECKey.Builder(Curve.forECParameterSpec(ec.getParams()), ecPublic)
          .privateKey(ec)
          .build();
    }
    throw new IllegalArgumentException(file + ": no PKCS#8 PRIVATE KEY block found");
  }

  private static PrivateKey privateKey(byte[] der) throws GeneralSecurityException {
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    return rsaElseEc(factory -> factory.generatePrivate(spec));
  }

  private static PublicKey publicKey(byte[] der) throws GeneralSecurityException {
    X509EncodedKeySpec spec = new X509EncodedKeySpec(der);
    return rsaElseEc(factory -> factory.generatePublic(spec));
  }

  /** A PEM block does not say its algorithm: try RSA, and EC if the bytes are not an RSA key. */
  private static <K> K rsaElseEc(KeyReader<K> read) throws GeneralSecurityException {
    try {
      return read.from(KeyFactory.getInstance("RSA"));
    } catch (GeneralSecurityException notRsa) {
      return read.from(KeyFactory.getInstance("EC"));
    }
  }

  @FunctionalInterface
  private interface KeyReader<K> {
    K from(KeyFactory factory) throws GeneralSecurityException;
  }

  /** Signs the SET for {@code audience}: {@code iss}, {@code aud}, {@code iat} now, the payload. */
  public String sign(String issuer, String audience, SecurityEvents.Payload payload) {
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder()
            .issuer(issuer)
            .audience(audience)
            .issueTime(new Date(clock.millis() / 1000 * 1000))
            .jwtID(payload.jti())
            .claim("sub_id", payload.subject())
            .claim("events", payload.events());
    if (payload.txn() != null) {
      claims.claim("txn", payload.txn());
    }
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(algorithm).type(SECEVENT_JWT).keyID(key.getKeyID()).build(),
            claims.build());
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign SET " + payload.jti(), e);
    }
    return jwt.serialize();
  }

  public String keyId() {
    return key.getKeyID();
  }

  public JWSAlgorithm algorithm() {
    return algorithm;
  }

  /** The public JWK Set receivers verify with: this key, public half only. */
  public Map<String, Object> jwks() {
    return new JWKSet(List.of(key.toPublicJWK())).toJSONObject(true);
  }
}
