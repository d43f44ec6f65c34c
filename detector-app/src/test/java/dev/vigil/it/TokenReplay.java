package dev.vigil.it;

import static dev.vigil.detector.fixtures.Events.attested;
import static dev.vigil.detector.fixtures.Events.issued;
import static dev.vigil.detector.fixtures.Events.use;

import dev.vigil.detector.alert.AlertIds;
import dev.vigil.events.AuthEvent;
import dev.vigil.events.RevocationAction;
import dev.vigil.events.TokenUseEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One token bound to a workload and key, issued at {@code start}: its legitimate uses, and its
 * replay from another workload, which the default pack's {@value #RULE} answers with an alert and a
 * REVOKE_TOKEN command. The ids the detector must give them follow from rule, identity and
 * evidence.
 */
record TokenReplay(String identity, String token, Instant start) {

  /** The default pack's rule for a bound token presented from another context. */
  static final String RULE = "replay-attested-context-mismatch";

  static final String WORKLOAD = "spiffe://prod/ns/ci/sa/deployer";
  static final String ATTACKER = "spiffe://prod/ns/sandbox/sa/intruder";
  static final String TOOL = "github";

  String binding() {
    return "jkt-" + token;
  }

  AuthEvent issue() {
    return issued(token + "-issued", start, identity, token)
        .setSource(attested(WORKLOAD, binding()))
        .setAudience(TOOL)
        .build();
  }

  /** Uses {@code n} times from the workload the token was bound to, one second apart. */
  List<TokenUseEvent> legitimateUses(int n) {
    List<TokenUseEvent> uses = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      uses.add(
          use(token + "-use-" + i, start.plusSeconds(i), identity, token, TOOL)
              .setSource(attested(WORKLOAD, binding()))
              .build());
    }
    return uses;
  }

  /** The stolen token presented by another workload, {@code afterSeconds} after issuance. */
  TokenUseEvent replayed(long afterSeconds) {
    return replayedFrom(ATTACKER, afterSeconds);
  }

  /** The stolen token presented by {@code workload}, {@code afterSeconds} after issuance. */
  TokenUseEvent replayedFrom(String workload, long afterSeconds) {
    return use(
            token + "-replayed-" + afterSeconds,
            start.plusSeconds(afterSeconds),
            identity,
            token,
            TOOL)
        .setSource(attested(workload, binding()))
        .build();
  }

  String alertId() {
    return AlertIds.alertId(
        RULE, identity, token + "|ctx|workload=" + ATTACKER + " binding=" + binding());
  }

  String commandId() {
    return AlertIds.commandId(alertId(), RevocationAction.REVOKE_TOKEN);
  }
}
