package io.sluice.deploy;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameStartingWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering of docs/architecture.md, executed: every module's production classes (this module
 * sees them all) are checked on each build, so a wrong import fails {@code mvn verify} instead of
 * waiting for a reviewer. Allow-lists, not ban-lists: a new library is refused until a rule names
 * the packages that may use it. test-support's and test-peers' classes ({@code io.sluice.testsupport},
 * {@code io.sluice.testpeers}: main code of modules used in test scope only) are imported too, and
 * held to their own rules.
 */
class ArchitectureTest {
  private static JavaClasses sluice;

  @BeforeAll
  static void importProductionClasses() {
    sluice = new ClassFileImporter()
        // Other modules arrive as their jars (mvn verify) or class directories (mvn test).
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .withImportOption(location -> !location.contains("-tests.jar"))
        .importPackages("io.sluice");
  }

  @Test
  void theApiHoldsContractsOnly() {
    classes().that().resideInAPackage("io.sluice.api..")
        .should().onlyDependOnClassesThat().resideInAnyPackage("io.sluice.api..", "java..",
            "javax.net.ssl..", "org.slf4j..")
        .because("collector-api is the contract every plugin compiles against: no third-party types"
            + " (the JDK's TLS session is one: an http handler may read it)")
        .check(sluice);
  }

  @Test
  void modulesOnlyDependDownwards() {
    noClasses().that().resideInAnyPackage("io.sluice.rpc..")
        .should().dependOnClassesThat().resideInAnyPackage("io.sluice.core..", "io.sluice.coordination..",
            "io.sluice.edge..", "io.sluice.aggregator..", "io.sluice.kafka..", "io.sluice.deploy..",
            "io.sluice.flumecompat..")
        .check(sluice);
    noClasses().that().resideInAnyPackage("io.sluice.core..")
        .should().dependOnClassesThat().resideInAnyPackage("io.sluice.coordination..",
            "io.sluice.edge..", "io.sluice.aggregator..", "io.sluice.kafka..", "io.sluice.deploy..",
            "io.sluice.flumecompat..")
        .check(sluice);
    noClasses().that().resideInAnyPackage("io.sluice.coordination..", "io.sluice.flumecompat..",
            "io.sluice.kafka..")
        .should().dependOnClassesThat().resideInAnyPackage("io.sluice.edge..",
            "io.sluice.aggregator..", "io.sluice.deploy..")
        .check(sluice);
  }

  @Test
  void edgeAndAggregatorNeverImportEachOther() {
    noClasses().that().resideInAPackage("io.sluice.edge..")
        .should().dependOnClassesThat().resideInAPackage("io.sluice.aggregator..")
        .check(sluice);
    noClasses().that().resideInAPackage("io.sluice.aggregator..")
        .should().dependOnClassesThat().resideInAPackage("io.sluice.edge..")
        .check(sluice);
  }

  @Test
  void hadoopStaysInTheAggregatorAndTheLocalClusterTools() {
    noClasses().that().resideOutsideOfPackages("io.sluice.aggregator..",
            "io.sluice.deploy.quickstart..", "io.sluice.deploy.drill..", TEST_SUPPORT_HDFS)
        .should().dependOnClassesThat().resideInAPackage("org.apache.hadoop..")
        .check(sluice);
  }

  @Test
  void nettyStaysInTheNetworkCode() {
    noClasses().that().resideOutsideOfPackages("io.sluice.rpc..", "io.sluice.core.metrics..",
            "io.sluice.core.source..", "io.sluice.edge.net..", "io.sluice.edge.syslog..",
            "io.sluice.edge.http..", "io.sluice.kafka..")
        .should().dependOnClassesThat().resideInAPackage("io.netty..")
        .check(sluice);
    // Kafka records carry Flume's Avro event encoding: rpc-protocol's codec, on its buffers only.
    noClasses().that().resideInAPackage("io.sluice.kafka..")
        .should().dependOnClassesThat(resideInAPackage("io.netty..")
            .and(not(resideInAPackage("io.netty.buffer.."))))
        .check(sluice);
  }

  @Test
  void zooKeeperStaysInCoordinationAndTheClassesThatMeetIt() {
    noClasses().that().resideOutsideOfPackages("io.sluice.coordination..",
            "io.sluice.edge.discovery..", "io.sluice.aggregator.registration..", "io.sluice.deploy..",
            TEST_SUPPORT)
        .should().dependOnClassesThat().resideInAnyPackage("org.apache.curator..",
            "org.apache.zookeeper..")
        .check(sluice);
  }

  /** The packages behind {@code quickstart}, {@code drill} and their entry point. */
  private static final String[] TOOLS = {"io.sluice.deploy.quickstart..", "io.sluice.deploy.drill..",
      "io.sluice.deploy.tools.."};

  @Test
  void theLauncherNeverReachesTheTools() {
    noClasses().that().resideInAnyPackage("io.sluice.deploy", "io.sluice.deploy.status..")
        .should().dependOnClassesThat().resideInAnyPackage(TOOLS)
        .because("the agent and the ZooKeeper commands run from lib/ alone; ToolLauncher loads the"
            + " tools by name, with tools/lib/ on the classpath")
        .check(sluice);
  }

  @Test
  void onlyTheToolsUseTheJarsOfToolsLib() {
    noClasses().that().resideOutsideOfPackages(TOOLS).and().resideOutsideOfPackage(TEST_SUPPORT)
        .and().resideOutsideOfPackage(TEST_PEERS)
        .should().dependOnClassesThat(resideInAnyPackage("org.mockito..", "net.bytebuddy..",
                "org.objenesis..", "org.jfree..", "org.apache.curator.test..", "org.junit..")
            .or(resideInAPackage("org.apache.hadoop.hdfs").and(simpleNameStartingWith("MiniDFS"))))
        .because("hadoop-minicluster, Mockito and JFreeChart ship in tools/lib/, which is on the"
            + " classpath of quickstart and drill only")
        .check(sluice);
  }

  @Test
  void chartsStayInTheDrillReport() {
    noClasses().that().resideOutsideOfPackage("io.sluice.deploy.drill..")
        .should().dependOnClassesThat().resideInAPackage("org.jfree..")
        .check(sluice);
  }

  @Test
  void kafkaStaysInItsModule() {
    noClasses().that().resideOutsideOfPackage("io.sluice.kafka..")
        .should().dependOnClassesThat().resideInAPackage("org.apache.kafka..")
        .check(sluice);
  }

  private static final String TEST_SUPPORT = "io.sluice.testsupport..";
  private static final String TEST_SUPPORT_HDFS = "io.sluice.testsupport.hdfs..";

  @Test
  void testSupportIsForTestsOnly() {
    noClasses().that().resideOutsideOfPackage(TEST_SUPPORT)
        .should().dependOnClassesThat().resideInAPackage(TEST_SUPPORT)
        .because("test-support is a test-scope dependency: production code never sees it")
        .check(sluice);
  }

  @Test
  void testSupportSitsBelowTheModulesThatUseIt() {
    noClasses().that().resideInAPackage(TEST_SUPPORT)
        .should().dependOnClassesThat().resideInAnyPackage("io.sluice.edge..",
            "io.sluice.aggregator..", "io.sluice.kafka..", "io.sluice.deploy..",
            "io.sluice.flumecompat..", "org.apache.kafka..", "org.apache.flume..")
        .because("components reach an in-process cluster through the test's classpath; Flume only"
            + " through class loaders (io.sluice.testsupport.flume), by reflection")
        .check(sluice);
    noClasses().that().resideInAPackage(TEST_SUPPORT)
        .and().resideOutsideOfPackage(TEST_SUPPORT_HDFS)
        .should().dependOnClassesThat().resideInAPackage("org.apache.hadoop..")
        .because("hadoop-minicluster is optional in test-support: only its hdfs package needs it")
        .check(sluice);
  }

  private static final String TEST_PEERS = "io.sluice.testpeers..";

  @Test
  void testPeersAreForTestsOnly() {
    noClasses().that().resideOutsideOfPackage(TEST_PEERS)
        .should().dependOnClassesThat().resideInAPackage(TEST_PEERS)
        .because("test-peers is a test-scope dependency: production code never sees it")
        .check(sluice);
  }

  @Test
  void testPeersUseOnlyTheJdkJUnitAndAwaitility() {
    classes().that().resideInAPackage(TEST_PEERS)
        .should().onlyDependOnClassesThat().resideInAnyPackage(TEST_PEERS, "java..",
            "org.junit..", "org.opentest4j..", "org.awaitility..")
        .because("test-peers sits at the bottom of the reactor, so that rpc-protocol's and"
            + " collector-core's tests can use it: it may reach no Sluice module and no library the"
            + " servers under test use (log lines come in through LogLines)")
        .check(sluice);
  }

  @Test
  void packagesHaveNoCycles() {
    slices().matching("io.sluice.(*).(*)..").should().beFreeOfCycles().check(sluice);
  }
}
