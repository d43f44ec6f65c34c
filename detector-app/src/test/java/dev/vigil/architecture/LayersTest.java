package dev.vigil.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Vigil's layers, checked on the compiled classes of every module (the rules and contract jars are
 * on this module's class path), so an upward import fails the build rather than a review:
 *
 * <pre>
 * command line (cli) → tools → runtime → detections (detector) → rules → contract (events, serde)
 *                                      ↘ adapters → contract
 * </pre>
 *
 * A lower layer never names a higher one; the pure detections know nothing of Kafka; no detection
 * package leans on another (each can be read, tested and removed alone).
 */
class LayersTest {

  private static JavaClasses vigil;

  @BeforeAll
  static void importVigil() {
    vigil =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.vigil");
  }

  @Test
  void everyArrowPointsDown() {
    ArchRule rule =
        layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .layer("cli")
            .definedBy("dev.vigil.cli..")
            .layer("tools")
            .definedBy("dev.vigil.tools..")
            .layer("runtime")
            .definedBy("dev.vigil.runtime..")
            .layer("detections")
            .definedBy("dev.vigil.detector..")
            .layer("adapters")
            .definedBy("dev.vigil.adapters..")
            .layer("rules")
            .definedBy("dev.vigil.rules..")
            .layer("contract")
            .definedBy("dev.vigil.events..", "dev.vigil.serde..")
            .whereLayer("cli")
            .mayNotBeAccessedByAnyLayer()
            .whereLayer("tools")
            .mayOnlyBeAccessedByLayers("cli")
            .whereLayer("runtime")
            .mayOnlyBeAccessedByLayers("cli", "tools")
            .whereLayer("adapters")
            .mayOnlyBeAccessedByLayers("cli", "tools", "runtime")
            .whereLayer("detections")
            .mayOnlyBeAccessedByLayers("cli", "tools", "runtime")
            .whereLayer("rules")
            .mayOnlyBeAccessedByLayers("cli", "tools", "runtime", "detections")
            .whereLayer("contract")
            .mayOnlyBeAccessedByLayers("cli", "tools", "runtime", "detections", "adapters", "rules")
            .allowEmptyShould(true);
    rule.check(vigil);
  }

  @Test
  void rulesKnowNoKafkaStreams() {
    noClasses()
        .that()
        .resideInAPackage("dev.vigil.rules..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.apache.kafka.streams..")
        .check(vigil);
  }

  @Test
  void theContractImportsNothingOfVigil() {
    noClasses()
        .that()
        .resideInAnyPackage("dev.vigil.events..", "dev.vigil.serde..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.vigil.rules..",
            "dev.vigil.detector..",
            "dev.vigil.adapters..",
            "dev.vigil.runtime..",
            "dev.vigil.tools..",
            "dev.vigil.cli..")
        .check(vigil);
  }

  @Test
  void detectionsAreFreeOfKafkaAndOfTheRuntime() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "dev.vigil.detector",
            "dev.vigil.detector.replay..",
            "dev.vigil.detector.intent..",
            "dev.vigil.detector.privilege..",
            "dev.vigil.detector.lateral..",
            "dev.vigil.detector.baseline..",
            "dev.vigil.detector.state..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.apache.kafka..", "dev.vigil.runtime..", "dev.vigil.tools..", "dev.vigil.cli..")
        .check(vigil);
  }

  @Test
  void noDetectionPackageImportsAnother() {
    slices()
        .matching("dev.vigil.detector.(replay|intent|privilege|lateral)..")
        .should()
        .notDependOnEachOther()
        .check(vigil);
  }
}
