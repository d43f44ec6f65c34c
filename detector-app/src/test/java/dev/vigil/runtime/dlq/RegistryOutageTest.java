package dev.vigil.runtime.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;

class RegistryOutageTest {

  @Test
  void networkFailuresAnywhereInTheChainAreOutages() {
    assertThat(RegistryOutage.isOutage(wrap(new HttpConnectTimeoutException("connect timed out"))))
        .isTrue();
    assertThat(RegistryOutage.isOutage(wrap(new UnknownHostException("registry.internal"))))
        .isTrue();
    assertThat(RegistryOutage.isOutage(wrap(new SocketTimeoutException("read timed out"))))
        .isTrue();
  }

  @Test
  void badBytesAreNotOutages() {
    assertThat(RegistryOutage.isOutage(wrap(new EOFException()))).isFalse();
    assertThat(RegistryOutage.isOutage(new SerializationException("unknown magic byte"))).isFalse();
    assertThat(RegistryOutage.isOutage(wrap(new IllegalStateException("schema 40403 not found"))))
        .isFalse();
  }

  private static Exception wrap(Throwable cause) {
    return new StreamsException(new SerializationException("cannot read", cause));
  }
}
