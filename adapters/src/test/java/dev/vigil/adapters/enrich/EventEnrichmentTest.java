package dev.vigil.adapters.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.adapters.common.Sources;
import dev.vigil.events.AuthEvent;
import dev.vigil.events.AuthEventKind;
import dev.vigil.events.IdentityType;
import dev.vigil.events.Outcome;
import dev.vigil.events.TokenUseEvent;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Enrichment through the {@link NetworkEnricher} interface, with a fake lookup. */
class EventEnrichmentTest {

  private final List<String> looked = new ArrayList<>();
  private final NetworkEnricher fake =
      address -> {
        looked.add(address.getHostAddress());
        return address.getHostAddress().startsWith("203.0.113.")
            ? new NetworkInfo(64500L, "EXAMPLE-TRANSIT", "NL")
            : NetworkInfo.UNKNOWN;
      };
  private final EventEnrichment enrichment = new EventEnrichment(fake);

  @Test
  void fillsWhatTheVendorLeftEmptyAndKeepsWhatItRecorded() {
    TokenUseEvent bare = use("203.0.113.9", null, null);
    TokenUseEvent enriched = (TokenUseEvent) enrichment.enrich(bare);
    assertThat(enriched.getSource().getAsn()).isEqualTo(64500L);
    assertThat(enriched.getSource().getCountry()).isEqualTo("NL");
    assertThat(enriched.getAttributes())
        .containsEntry(EventEnrichment.AS_ORG_ATTRIBUTE, "EXAMPLE-TRANSIT");
    assertThat(bare.getSource().getAsn()).as("the input is not modified").isNull();

    TokenUseEvent vendorAsn = use("203.0.113.9", 14618L, null);
    TokenUseEvent kept = (TokenUseEvent) enrichment.enrich(vendorAsn);
    assertThat(kept.getSource().getAsn()).isEqualTo(14618L);
    assertThat(kept.getSource().getCountry()).isEqualTo("NL");
  }

  @Test
  void textThatIsNotAnAddressIsKeptAndNeverLookedUp() {
    for (String text :
        List.of(
            "255.090.254.5",
            "035.249.253.232",
            "ec2.amazonaws.com",
            "AWS Internal",
            "1.2.3",
            "::gg")) {
      TokenUseEvent event = use(text, null, null);
      assertThat(enrichment.enrich(event)).isSameAs(event);
    }
    assertThat(looked).isEmpty();
  }

  @Test
  void authEventsAreEnrichedToo() {
    AuthEvent issued =
        AuthEvent.newBuilder()
            .setEventId("a-1")
            .setEventTime(Instant.parse("2024-12-01T00:00:00Z"))
            .setIdentityId("svc")
            .setIdentityType(IdentityType.SERVICE_ACCOUNT)
            .setKind(AuthEventKind.TOKEN_ISSUED)
            .setOutcome(Outcome.SUCCESS)
            .setSource(Sources.of("203.0.113.1", "curl/8"))
            .build();
    AuthEvent enriched = (AuthEvent) enrichment.enrich(issued);
    assertThat(enriched.getSource().getAsn()).isEqualTo(64500L);
    assertThat(enriched.getSource().getUserAgent()).isEqualTo("curl/8");
  }

  @Test
  void ipLiteralsAreParsedStrictly() throws Exception {
    assertThat(IpLiterals.parse("18.236.253.47")).isEqualTo(InetAddress.getByName("18.236.253.47"));
    assertThat(IpLiterals.parse("2001:db8::1")).isEqualTo(InetAddress.getByName("2001:db8::1"));
    assertThat(IpLiterals.parse("[2001:db8::1]")).isEqualTo(InetAddress.getByName("2001:db8::1"));
    assertThat(IpLiterals.parse("::ffff:203.0.113.9")).isNotNull();
    for (String bad :
        new String[] {
          "255.090.254.5",
          "256.1.1.1",
          "1.2.3",
          "1.2.3.4.5",
          "localhost",
          "",
          " ",
          "a:b:c:g::",
          ".:1",
          null
        }) {
      assertThat(IpLiterals.parse(bad)).as(bad).isNull();
    }
  }

  private static TokenUseEvent use(String ip, Long asn, String country) {
    return TokenUseEvent.newBuilder()
        .setEventId("u-1")
        .setEventTime(Instant.parse("2024-12-01T00:00:00Z"))
        .setIdentityId("svc")
        .setIdentityType(IdentityType.SERVICE_ACCOUNT)
        .setTool("aws:s3")
        .setAction("s3:GetObject")
        .setOutcome(Outcome.SUCCESS)
        .setSource(Sources.of(ip, asn, country, null, null, null))
        .setAttributes(Map.of())
        .build();
  }
}
