package dev.vigil.tools.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SoakAuditorTest {

  private static final String AUTH = "identity.auth-events";
  private static final String TOKENS = "identity.token-events";

  private static final InjectedFault MAGIC =
      new InjectedFault(Fault.WRONG_MAGIC_BYTE, TOKENS, 0, 7);
  private static final InjectedFault UNKNOWN =
      new InjectedFault(Fault.UNKNOWN_SCHEMA_ID, AUTH, 1, 3);
  private static final InjectedFault BEHIND = new InjectedFault(Fault.DAYS_BEHIND, TOKENS, 2, 40);
  private static final InjectedFault AHEAD = new InjectedFault(Fault.DAYS_AHEAD, TOKENS, 3, 41);
  private static final InjectedFault HOURS = new InjectedFault(Fault.HOURS_AHEAD, TOKENS, 1, 42);

  private static final List<InjectedFault> FAULTS = List.of(MAGIC, UNKNOWN, BEHIND, AHEAD, HOURS);

  private static DeadLetter letterOf(InjectedFault f, String reason) {
    return new DeadLetter(
        f.topic(),
        Integer.toString(f.partition()),
        Long.toString(f.offset()),
        reason,
        "why: " + reason);
  }

  /** The dead letters a correct detector writes: every fault but the clamped one, as named. */
  private static List<DeadLetter> correctLetters() {
    return new ArrayList<>(
        List.of(
            letterOf(MAGIC, "SerializationException: wrong magic byte 0x01: not Confluent"),
            letterOf(UNKNOWN, "SchemaNotFoundException: unknown schema id 987654321"),
            letterOf(BEHIND, "late-event"),
            letterOf(AHEAD, "future-event")));
  }

  private static SoakAuditor.Audit audit(
      List<String> alerts, List<String> commands, List<DeadLetter> letters) {
    return SoakAuditor.audit(
        alerts, commands, Set.of("a1", "a2", "a3"), Set.of("c1"), letters, FAULTS);
  }

  @Test
  void aCleanRunPasses() {
    SoakAuditor.Audit audit = audit(List.of("a2", "a1", "a3"), List.of("c1"), correctLetters());

    assertThat(audit.failures()).isEmpty();
    assertThat(audit.alerts()).isEqualTo(3);
    assertThat(audit.deadLetteredByFault())
        .containsOnlyKeys("wrong_magic_byte", "unknown_schema_id", "days_behind", "days_ahead");
  }

  @Test
  void anAlertIdCommittedTwiceIsADuplicate() {
    SoakAuditor.Audit audit =
        audit(List.of("a1", "a2", "a3", "a2"), List.of("c1"), correctLetters());

    assertThat(audit.duplicateAlertRecords()).isEqualTo(1);
    assertThat(audit.duplicateAlerts()).containsOnlyKeys("a2");
    assertThat(audit.failures()).singleElement().asString().contains("duplicate alert");
  }

  @Test
  void aCommandIdCommittedTwiceIsADuplicate() {
    SoakAuditor.Audit audit =
        audit(List.of("a1", "a2", "a3"), List.of("c1", "c1", "c1"), correctLetters());

    assertThat(audit.duplicateCommandRecords()).isEqualTo(2);
    assertThat(audit.failures()).singleElement().asString().contains("duplicate command");
  }

  @Test
  void anAlertOfTheCleanReplayThatNeverCameIsMissing() {
    SoakAuditor.Audit audit = audit(List.of("a1", "a3"), List.of("c1"), correctLetters());

    assertThat(audit.missingAlerts()).containsExactly("a2");
    assertThat(audit.failures()).singleElement().asString().contains("missing").contains("a2");
  }

  @Test
  void aMissingCommandIsAFailureToo() {
    SoakAuditor.Audit audit = audit(List.of("a1", "a2", "a3"), List.of(), correctLetters());

    assertThat(audit.missingCommands()).containsExactly("c1");
    assertThat(audit.failures()).hasSize(1);
  }

  @Test
  void anAlertTheCleanReplayDoesNotGiveIsUnexpected() {
    SoakAuditor.Audit audit =
        audit(List.of("a1", "a2", "a3", "a9"), List.of("c1"), correctLetters());

    assertThat(audit.unexpectedAlerts()).containsExactly("a9");
    assertThat(audit.failures()).hasSize(1);
  }

  @Test
  void aDeadLetterOfARecordThatWasNotInjectedFails() {
    List<DeadLetter> letters = correctLetters();
    letters.add(new DeadLetter(TOKENS, "0", "8", "late-event", "an honest event, late"));

    SoakAuditor.Audit audit = audit(List.of("a1", "a2", "a3"), List.of("c1"), letters);

    assertThat(audit.unexpectedDeadLetters())
        .singleElement()
        .asString()
        .startsWith(TOKENS + "/0@8");
    assertThat(audit.failures()).singleElement().asString().contains("not injected faults");
  }

  @Test
  void anInjectedFaultThatIsNotDeadLetteredFails() {
    List<DeadLetter> letters = correctLetters();
    letters.remove(2);

    SoakAuditor.Audit audit = audit(List.of("a1", "a2", "a3"), List.of("c1"), letters);

    assertThat(audit.notDeadLettered()).containsExactly(BEHIND.place() + " days_behind");
    assertThat(audit.failures()).hasSize(1);
  }

  @Test
  void aDeadLetterWhoseReasonDoesNotNameTheFaultFails() {
    List<DeadLetter> letters = correctLetters();
    letters.set(1, letterOf(UNKNOWN, "late-event"));

    SoakAuditor.Audit audit = audit(List.of("a1", "a2", "a3"), List.of("c1"), letters);

    assertThat(audit.wrongReason()).singleElement().asString().contains("unknown_schema_id");
    assertThat(audit.failures()).hasSize(1);
  }

  @Test
  void anEventHoursAheadMustBeJudgedNotDeadLettered() {
    List<DeadLetter> letters = correctLetters();
    letters.add(letterOf(HOURS, "future-event"));

    SoakAuditor.Audit audit = audit(List.of("a1", "a2", "a3"), List.of("c1"), letters);

    assertThat(audit.clampedButDeadLettered()).containsExactly(HOURS.place() + " hours_ahead");
    assertThat(audit.failures()).hasSize(1);
  }

  @Test
  void oneRecordDeadLetteredTwiceIsADuplicate() {
    List<DeadLetter> letters = correctLetters();
    letters.add(letters.get(0));

    SoakAuditor.Audit audit = audit(List.of("a1", "a2", "a3"), List.of("c1"), letters);

    assertThat(audit.duplicateDeadLetters()).isEqualTo(1);
    assertThat(audit.failures()).singleElement().asString().contains("written twice");
  }
}
