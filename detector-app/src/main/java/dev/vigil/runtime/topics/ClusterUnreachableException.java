package dev.vigil.runtime.topics;

/**
 * The Kafka cluster did not answer; the message names the bootstrap servers, the wait and the
 * cause.
 */
public final class ClusterUnreachableException extends RuntimeException {

  public ClusterUnreachableException(String message, Throwable cause) {
    super(message, cause);
  }
}
