package io.sluice.deploy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.core.agent.AgentApplication;
import io.sluice.core.agent.AgentOptions;
import io.sluice.core.agent.PropertiesFileConfigSource;
import io.sluice.core.registry.ComponentRegistry;
import io.sluice.rpc.LogCapture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Runs agents of agent {@code a1}, each with one component under test and a memory channel
 * {@code c1}, until they fail (or reach a log line), handing every exception they throw to a
 * recorder: for tests that search all that output for secrets.
 */
final class FailingAgentRuns {
  private static final AgentOptions FAST = AgentOptions.defaults()
      .withShutdownGrace(Duration.ofMillis(100));
  private final Path dir;
  private final LogCapture log;
  private final Consumer<Throwable> thrown;

  FailingAgentRuns(Path dir, LogCapture log, Consumer<Throwable> thrown) {
    this.dir = dir;
    this.log = log;
    this.thrown = thrown;
  }

  /** Until it fails: at load, at start, or in a WARN/ERROR line naming the component. */
  void untilFailure(String name, String component) throws Exception {
    until(name, component, l -> l.contains(name) && (l.startsWith("ERROR") || l.startsWith("WARN")));
  }

  /** Until it fails at load or start, or a new log line contains {@code text}. */
  void untilLine(String name, String component, String text) throws Exception {
    until(name, component, l -> l.contains(text));
  }

  private void until(String name, String component, Predicate<String> done) throws Exception {
    Path conf = Files.writeString(dir.resolve(name + ".properties"),
        "a1.channels = c1\na1.channels.c1.type = memory\n" + component);
    long before = count(done);
    try (AgentApplication app = agent(conf)) {
      try {
        app.start();
      } catch (Exception e) {
        thrown.accept(e);
        return;
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (count(done) == before) {
        assertTrue(System.nanoTime() < deadline, "nothing logged for " + name + ":\n"
            + log.everything());
        Thread.sleep(20);
      }
    }
  }

  private long count(Predicate<String> lines) {
    return log.linesContaining("").stream().filter(lines).count();
  }

  /** An agent of the config file {@code conf}, not started. */
  static AgentApplication agent(Path conf) {
    return new AgentApplication(new PropertiesFileConfigSource(List.of(conf)), "a1", Duration.ZERO,
        FAST, ComponentRegistry.fromContextClassLoader());
  }
}
