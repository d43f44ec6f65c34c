package dev.vigil.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaFieldAccess;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.vigil.detector.Detector;
import dev.vigil.detector.Detectors;
import dev.vigil.events.Detection;
import dev.vigil.rules.RuleKind;
import dev.vigil.rules.RulePack;
import dev.vigil.rules.pack.RulePacks;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link Detectors#all()} is the registry of detections, and these checks hang everything a new
 * detection or rule kind must be wired to off it, so a forgotten step fails the build and names
 * itself (docs/EXTENDING.md lists the steps; this is what shortens that list):
 *
 * <ul>
 *   <li>a {@link Detector} class that is not registered never runs;
 *   <li>a rule kind no registered detector's package names is never judged, though packs accept it;
 *   <li>a registered detector must judge some rule kind, and the default pack must enable a rule of
 *       every kind it judges, or it ships switched off;
 *   <li>every {@link Detection} must have a rule kind;
 *   <li>each registered detector's package is pure (no Kafka, no runtime, tools or command line)
 *       and leans on no other detection's package: LayersTest says the same for the packages it
 *       names, this for every package {@link Detectors#all()} brings, new ones included.
 * </ul>
 *
 * "Names a rule kind" is read from the compiled classes: some class of the detector's package reads
 * the {@link RuleKind} constant (as {@code pack.enabled(RuleKind.X)} does).
 */
class DetectionRegistryTest {

  private static final String DETECTORS_JAVA =
      "detector-app/src/main/java/dev/vigil/detector/Detectors.java";

  private static JavaClasses detections;
  private static List<Detector<?>> registered;

  @BeforeAll
  static void importDetections() {
    detections =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.vigil.detector");
    registered = Detectors.all();
  }

  @Test
  void everyDetectorClassIsRegistered() {
    Set<String> implementations =
        detections.stream()
            .filter(c -> c.isAssignableTo(Detector.class))
            .filter(c -> !c.isInterface() && !c.getModifiers().contains(JavaModifier.ABSTRACT))
            .filter(c -> !c.isAnonymousClass())
            .map(JavaClass::getName)
            .collect(Collectors.toCollection(TreeSet::new));
    Set<String> inRegistry =
        registered.stream().map(d -> d.getClass().getName()).collect(Collectors.toSet());

    assertThat(inRegistry)
        .as("Detector classes missing from Detectors.all() (%s): they never run", DETECTORS_JAVA)
        .containsAll(implementations);
  }

  @Test
  void everyRuleKindIsNamedByARegisteredDetectorsPackage() {
    Set<RuleKind> named = EnumSet.noneOf(RuleKind.class);
    kindsByDetector().values().forEach(named::addAll);

    assertThat(EnumSet.complementOf(EnumSet.copyOf(named)))
        .as(
            "rule kinds no detector in Detectors.all() reads: packs accept them, nothing judges"
                + " them; read them in the detector of their detection (pack.enabled(kind))")
        .isEmpty();
  }

  @Test
  void everyRegisteredDetectorJudgesAKindTheDefaultPackEnables() {
    RulePack defaults = RulePacks.defaultPack();
    Map<String, Set<RuleKind>> kinds = kindsByDetector();
    for (Detector<?> detector : registered) {
      Set<RuleKind> own = kinds.get(detector.name());
      assertThat(own)
          .as(
              "%s (%s) reads no RuleKind: no rule can switch it on",
              detector.name(), packageOf(detector))
          .isNotEmpty();
      for (RuleKind kind : own) {
        if (kind.optIn()) {
          // Shipped disabled on purpose (a response a platform turns on); DefaultPackTest checks
          // the pack has a rule of it.
          continue;
        }
        assertThat(defaults.enabled(kind))
            .as(
                "%s judges %s, but the default pack (%s) enables no rule of it",
                detector.name(),
                kind.yamlName(),
                "rules/src/main/resources/dev/vigil/rules/default-pack.yaml")
            .isNotEmpty();
      }
    }
  }

  @Test
  void everyDetectionHasARuleKind() {
    Set<Detection> covered =
        Arrays.stream(RuleKind.values())
            .map(RuleKind::detection)
            .collect(Collectors.toCollection(() -> EnumSet.noneOf(Detection.class)));

    assertThat(covered)
        .as("detections some RuleKind belongs to")
        .containsExactlyInAnyOrder(Detection.values());
  }

  @Test
  void registeredDetectionPackagesArePureAndIndependent() {
    Set<String> packages =
        registered.stream()
            .map(DetectionRegistryTest::packageOf)
            .collect(Collectors.toCollection(TreeSet::new));
    noClasses()
        .that()
        .resideInAnyPackage(packages.stream().map(p -> p + "..").toArray(String[]::new))
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.apache.kafka..", "dev.vigil.runtime..", "dev.vigil.tools..", "dev.vigil.cli..")
        .because("a detection is pure logic, unit-tested with plain calls")
        .check(detections);
    for (String from : packages) {
      for (String to : packages) {
        if (!from.equals(to)) {
          noClasses()
              .that()
              .resideInAPackage(from + "..")
              .should()
              .dependOnClassesThat()
              .resideInAPackage(to + "..")
              .because("each detection can be read, tested and removed alone")
              .check(detections);
        }
      }
    }
  }

  /** Per registered detector (by name): the rule kinds some class of its package reads. */
  private static Map<String, Set<RuleKind>> kindsByDetector() {
    Map<String, Set<RuleKind>> kinds = new LinkedHashMap<>();
    for (Detector<?> detector : registered) {
      String pkg = packageOf(detector);
      Set<RuleKind> read = EnumSet.noneOf(RuleKind.class);
      for (JavaClass c : detections) {
        if (!c.getPackageName().equals(pkg) && !c.getPackageName().startsWith(pkg + ".")) {
          continue;
        }
        for (JavaFieldAccess access : c.getFieldAccessesFromSelf()) {
          if (access.getTarget().getOwner().getName().equals(RuleKind.class.getName())) {
            kindOf(access.getTarget().getName()).ifPresent(read::add);
          }
        }
      }
      kinds.put(detector.name(), read);
    }
    return kinds;
  }

  private static java.util.Optional<RuleKind> kindOf(String constant) {
    return Arrays.stream(RuleKind.values()).filter(k -> k.name().equals(constant)).findFirst();
  }

  private static String packageOf(Detector<?> detector) {
    return detector.getClass().getPackageName();
  }
}
