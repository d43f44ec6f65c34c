package dev.vigil.detector.topology;

import dev.vigil.events.Alert;
import dev.vigil.events.AuthEvent;
import dev.vigil.events.AuthEventKind;
import dev.vigil.events.Detection;
import dev.vigil.events.IdentityType;
import dev.vigil.events.Outcome;
import dev.vigil.events.ResponseAction;
import dev.vigil.events.RevocationAction;
import dev.vigil.events.RevocationCommand;
import dev.vigil.events.Severity;
import dev.vigil.events.Source;
import dev.vigil.events.TokenUseEvent;
import org.apache.avro.util.ClassSecurityValidator;

/**
 * Avro (1.11.4+) refuses to instantiate classes by schema name unless they are trusted; the
 * contract's generated classes are, and only they are added to whatever the process already trusts.
 */
public final class TrustedAvroClasses {

  private static boolean registered;

  private TrustedAvroClasses() {}

  public static synchronized void register() {
    if (registered) {
      return;
    }
    ClassSecurityValidator.ClassSecurityPredicate contract =
        ClassSecurityValidator.builder()
            .add(AuthEvent.class)
            .add(TokenUseEvent.class)
            .add(Source.class)
            .add(Alert.class)
            .add(RevocationCommand.class)
            .add(AuthEventKind.class)
            .add(IdentityType.class)
            .add(Outcome.class)
            .add(Detection.class)
            .add(Severity.class)
            .add(ResponseAction.class)
            .add(RevocationAction.class)
            .build();
    ClassSecurityValidator.setGlobal(
        ClassSecurityValidator.composite(ClassSecurityValidator.getGlobal(), contract));
    registered = true;
  }
}
