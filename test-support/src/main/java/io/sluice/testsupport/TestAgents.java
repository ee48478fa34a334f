package io.sluice.testsupport;

import io.sluice.core.agent.Agent;
import io.sluice.core.agent.AgentOptions;
import io.sluice.core.config.AgentConfig;
import io.sluice.core.config.AgentConfigLoader;
import io.sluice.core.config.FlumeProperties;
import io.sluice.core.config.ValueSubstitutor;
import io.sluice.core.registry.ComponentRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Agents built from Flume-format config text with the components on the test's classpath, no
 * environment or system-property substitution.
 */
public final class TestAgents {
  private TestAgents() {}

  /** A loader over the context class loader's components. */
  public static AgentConfigLoader loader() {
    return new AgentConfigLoader(ComponentRegistry.fromContextClassLoader(),
        ValueSubstitutor.of(Map.of(), Map.of()));
  }

  /** Agent {@code name}'s config in {@code text}, loaded and validated, not started. */
  public static AgentConfig load(String text, String name) {
    return loader().load(FlumeProperties.parse(text), name);
  }

  /** Agent {@code name} of {@code text}, started with {@code options}. */
  public static Agent start(String text, String name, AgentOptions options) {
    Agent a = new Agent(load(text, name), options);
    a.start();
    return a;
  }

  /** Agent {@code name} of {@code text}, started, stopping within {@code shutdownGrace}. */
  public static Agent start(String text, String name, Duration shutdownGrace) {
    return start(text, name, AgentOptions.defaults().withShutdownGrace(shutdownGrace));
  }

  /** A loopback port free now (a test that must restart on the same port picks it up front). */
  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A path as config text wants it: forward slashes on every OS. */
  public static String slash(Path p) {
    return p.toString().replace('\\', '/');
  }
}
