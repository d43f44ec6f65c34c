package dev.vigil.rules.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.events.Source;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NetworkKeyTest {

  @Test
  void asnWinsWhenKnown() {
    Source s = Source.newBuilder().setIp("203.0.113.7").setAsn(16509L).build();
    assertThat(NetworkKey.of(s)).isEqualTo("asn:16509");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "10.2.3.4, private",
    "172.20.1.1, private",
    "192.168.10.10, private",
    "127.0.0.1, private",
    "169.254.169.254, private",
    "::1, private",
    "fe80::1, private",
    "fd12:3456:789a::1, private",
    "172.32.0.1, 172.32.0.0/24",
    "203.0.113.7, 203.0.113.0/24",
    "203.0.113.250, 203.0.113.0/24",
    "2001:db8:1:2::7, 2001:db8:1::/48",
    "::ffff:198.51.100.9, 198.51.100.0/24",
  })
  void withoutAsnUsesPrivateOrPrefix(String ip, String expected) {
    assertThat(NetworkKey.of(Source.newBuilder().setIp(ip).build())).isEqualTo(expected);
  }

  @Test
  void twoAddressesOfOneSiteShareAKeyAndTwoSitesDoNot() {
    String a = NetworkKey.of(Source.newBuilder().setIp("198.51.100.10").build());
    String b = NetworkKey.of(Source.newBuilder().setIp("198.51.100.200").build());
    String c = NetworkKey.of(Source.newBuilder().setIp("198.51.101.10").build());
    assertThat(a).isEqualTo(b).isNotEqualTo(c);
  }

  @Test
  void nullWhenNothingIsKnown() {
    assertThat(NetworkKey.of(null)).isNull();
    assertThat(NetworkKey.of(Source.newBuilder().build())).isNull();
    assertThat(NetworkKey.of(Source.newBuilder().setIp("unknown").build())).isNull();
  }
}
