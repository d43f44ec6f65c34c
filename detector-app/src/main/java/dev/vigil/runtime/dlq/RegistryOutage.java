package dev.vigil.runtime.dlq;

import dev.vigil.serde.registry.RegistryUnavailableException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import javax.net.ssl.SSLException;
import org.apache.kafka.common.errors.RetriableException;

/**
 * Tells a record that cannot be read because the Schema Registry is unavailable from one that
 * cannot be read because its bytes are bad.
 *
 * <p>The difference decides whether a record may be dead-lettered: bad bytes stay bad and go to the
 * dead-letter topic, but a record that failed while the registry was down is perfectly good and
 * must be read again later, or every event of an outage would be skipped.
 *
 * <p>An outage is recognised in the cause chain by a Kafka {@link RetriableException} (the serde
 * signals "try again" this way), by our registry client's {@link RegistryUnavailableException}
 * (every URL refused, timed out or answered 5xx after its retries) or by a network failure talking
 * to the registry: connection refused or reset, timeout, unknown host, TLS failure. Everything else
 * (wrong magic byte, unknown schema id, truncated or garbage Avro, including {@link
 * java.io.EOFException}) is bad input.
 */
public final class RegistryOutage {

  private RegistryOutage() {}

  public static boolean isOutage(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof RetriableException
          || t instanceof RegistryUnavailableException
          || t instanceof SocketException
          || t instanceof SocketTimeoutException
          || t instanceof UnknownHostException
          || t instanceof HttpTimeoutException
          || t instanceof SSLException) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }
}
