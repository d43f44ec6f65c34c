package dev.vigil.runtime.config;

/** A setting Vigil cannot use; the message names the setting, where it came from and why. */
public final class VigilConfigException extends RuntimeException {

  public VigilConfigException(String message) {
    super(message);
  }

  public VigilConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
