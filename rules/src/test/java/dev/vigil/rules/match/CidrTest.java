package dev.vigil.rules.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CidrTest {

  @ParameterizedTest(name = "{0} contains {1} -> {2}")
  @CsvSource({
    "10.0.0.0/8, 10.255.3.4, true",
    "10.0.0.0/8, 11.0.0.1, false",
    "172.16.0.0/12, 172.31.255.255, true",
    "172.16.0.0/12, 172.32.0.0, false",
    "192.0.2.0/25, 192.0.2.127, true",
    "192.0.2.0/25, 192.0.2.128, false",
    "0.0.0.0/0, 198.51.100.7, true",
    "203.0.113.9, 203.0.113.9, true",
    "203.0.113.9, 203.0.113.10, false",
    "2001:db8::/32, 2001:db8:ffff::1, true",
    "2001:db8::/32, 2001:db9::1, false",
    "2001:db8:0:1::/64, 2001:DB8:0:1:abcd::1, true",
    "::1, ::1, true",
    "10.0.0.0/8, ::ffff:10.1.2.3, true",
    "10.0.0.0/8, 2001:db8::1, false",
    "2001:db8::/32, 10.0.0.1, false",
    "10.0.0.0/8, not-an-ip, false",
    "10.0.0.0/8, 10.1, false",
    "10.0.0.0/8, 010.1.2.3, false",
    "fe80::/10, fe80::1%eth0, true",
  })
  void contains(String block, String ip, boolean expected) {
    assertThat(Cidr.parse(block).contains(ip)).isEqualTo(expected);
  }

  @Test
  void nullIsNeverContained() {
    assertThat(Cidr.parse("0.0.0.0/0").contains(null)).isFalse();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "10.0.0.1/8            | did you mean 10.0.0.0/8?",
        "10.0.0.0/33           | longer than the 32 bits",
        "300.0.0.0/8           | not an IPv4 or IPv6 address",
        "10.0.0.0/             | not a prefix length",
        "10.0.0.0/x            | not a prefix length",
        "corp.example/24       | not an IPv4 or IPv6 address",
        "2001:db8::1/32        | did you mean 2001:db8::/32?",
        "1:2:3:4:5:6:7:8:9/64  | not an IPv4 or IPv6",
        "1::2::3/64            | not an IPv4 or IPv6",
        "''                    | must not be empty",
      })
  void refusesMalformedBlocksSayingWhy(String block, String why) {
    assertThatThrownBy(() -> Cidr.parse(block)).hasMessageContaining(why);
  }

  @Test
  void printsCanonicalForm() {
    assertThat(Cidr.parse("2001:0DB8:0000::/48")).hasToString("2001:db8::/48");
    assertThat(Cidr.parse("192.0.2.0/24")).hasToString("192.0.2.0/24");
    assertThat(Cidr.parse("::/0")).hasToString("::/0");
  }

  @Property
  void everyIpv4AddressOfASlash24IsContained(
      @ForAll @IntRange(max = 255) int a,
      @ForAll @IntRange(max = 255) int b,
      @ForAll @IntRange(max = 255) int c,
      @ForAll @IntRange(max = 255) int d) {
    Cidr block = Cidr.parse(a + "." + b + "." + c + ".0/24");
    assertThat(block.contains(a + "." + b + "." + c + "." + d)).isTrue();
    assertThat(block.contains(a + "." + b + "." + ((c + 1) % 256) + "." + d)).isFalse();
  }

  @Property
  void anAddressIsInsideEveryPrefixOfItself(
      @ForAll @IntRange(max = 255) int a,
      @ForAll @IntRange(max = 255) int b,
      @ForAll @IntRange(max = 255) int c,
      @ForAll @IntRange(max = 255) int d,
      @ForAll @IntRange(max = 32) int prefix) {
    byte[] address = {(byte) a, (byte) b, (byte) c, (byte) d};
    Cidr block = Cidr.prefixOf(address, prefix);
    assertThat(block.contains(a + "." + b + "." + c + "." + d)).isTrue();
    assertThat(Cidr.parse(block.toString())).isEqualTo(block);
  }

  @Property
  void ipv6TextRoundTrips(@ForAll byte[] raw) {
    byte[] address = new byte[16];
    System.arraycopy(raw, 0, address, 0, Math.min(raw.length, 16));
    address[0] = (byte) 0x20; // not an IPv4-mapped address, which parses as IPv4
    String text = IpAddress.format(address);
    assertThat(IpAddress.parse(text)).isEqualTo(address);
    assertThat(Cidr.parse(text + "/128").contains(text)).isTrue();
  }
}
