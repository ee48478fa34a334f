package io.sluice.deploy;

import io.sluice.api.config.ConfigException;
import io.sluice.coordination.JitteredBackoff;
import io.sluice.coordination.ZkClientFactory;
import io.sluice.coordination.ZkSettings;
import io.sluice.coordination.ZkUnavailableException;
import io.sluice.coordination.ZooKeeperConfigSource;
import io.sluice.core.agent.AgentApplication;
import io.sluice.core.agent.AgentOptions;
import io.sluice.core.config.ReferencePolicy;
import io.sluice.core.registry.ComponentRegistry;
import io.sluice.core.runtime.NamedThreadFactory;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.curator.framework.CuratorFramework;

/**
 * {@code sluice agent -n NAME -z HOSTS -p PATH}: the agent's config is the data of
 * {@code PATH/NAME}, as with Flume's ZooKeeper provider. A change of the node is applied at once
 * (and the poll interval remains a safety net) unless {@code --no-reload-conf} is given; after a
 * ZooKeeper reconnect the node is checked after a random wait below {@code --zk-resync-jitter}, so
 * a fleet of agents does not re-read at once.
 *
 * <p>The state of its ZooKeeper client is the gauge {@code ZooKeeperConnected} (1 or 0) of group
 * {@code CONFIG.<name>}: {@code sluice_zookeeper_connected{component_kind="config"}} in Prometheus,
 * as the aggregator's registration and the edge's discovery report theirs.
 */
final class ZkAgent implements AutoCloseable {
  /** The metrics group of the config source's ZooKeeper state: {@code CONFIG.<agent>}. */
  static final String METRICS_PREFIX = "CONFIG.";
  /**
   * The {@code ${...}} references a config from ZooKeeper may use ({@code env:NAME},
   * {@code sys:name}, {@code configfilters}, or {@code *}), separated by spaces or commas: none by
   * default, since whoever may write the node must not read this host's secrets through it.
   */
  static final String ALLOW_ENV = "SLUICE_ZK_CONFIG_ALLOW";

  private final CuratorFramework client;
  private final ZooKeeperConfigSource source;
  private final AgentApplication app;
  private final ExecutorService reloads;
  private final String name;
  private volatile boolean closed;

  private ZkAgent(AgentCommandLine cl, AgentOptions options, Map<String, String> env)
      throws InterruptedException {
    // Only the connect string and credentials matter here; the config path comes from -p.
    ZkSettings settings = ZkSettings.of(cl.zkConnect(), ZkCommandLine.DEFAULT_CLUSTER)
        .withEnvironment(env);
    this.client = new ZkClientFactory(settings).startConnected(ZkCommands.connectWait(env));
    this.source = new ZooKeeperConfigSource(client, cl.zkBasePath(), cl.name(),
        JitteredBackoff.withMaxJitter(cl.zkResyncJitter()),
        new NamedThreadFactory(cl.name() + "-zk-config"));
    this.app = new AgentApplication(source, cl.name(),
        cl.reload() ? cl.pollInterval() : Duration.ZERO, options,
        ComponentRegistry.fromContextClassLoader(), cl.mode(),
        references(env.getOrDefault(ALLOW_ENV, ""), source.describe()));
    this.reloads = Executors.newSingleThreadExecutor(
        new NamedThreadFactory(cl.name() + "-zk-reload"));
    this.name = cl.name();
  }

  static ReferencePolicy references(String allowList, String origin) {
    Set<String> allowed = new HashSet<>(Arrays.asList(allowList.trim().split("[\\s,]+")));
    allowed.remove("");
    return allowed.contains("*") ? ReferencePolicy.ANY : ReferencePolicy.only(allowed,
        "the config at " + origin, "list what the agent may resolve in $" + ALLOW_ENV
        + ", e.g. env:NAME");
  }

  /** Connects to ZooKeeper (failing fast when it is unreachable); the agent is not started yet. */
  static ZkAgent open(AgentCommandLine cl, AgentOptions options, Map<String, String> env)
      throws InterruptedException {
    return new ZkAgent(cl, options, env);
  }

  /** Connects, reads the config and starts the agent; the result holds it, or the exit code. */
  static SluiceMain.Started start(AgentCommandLine cl, AgentOptions options,
      Map<String, String> env, PrintStream err) {
    ZkAgent agent;
    try {
      agent = open(cl, options, env);
    } catch (ZkUnavailableException | IllegalArgumentException e) {
      err.println("sluice agent: " + e.getMessage());
      return SluiceMain.Started.failed(ExitCode.UNAVAILABLE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return SluiceMain.Started.failed(ExitCode.FAILED);
    }
    try {
      agent.start(cl.reload());
    } catch (ConfigException e) {
      err.println("sluice agent: refusing to start agent '" + cl.name() + "': " + e.getMessage());
      agent.close();
      return SluiceMain.Started.failed(ExitCode.BAD_CONFIG);
    } catch (IOException e) {
      err.println("sluice agent: " + e.getMessage());
      agent.close();
      return SluiceMain.Started.failed(ExitCode.BAD_CONFIG);
    }
    return new SluiceMain.Started(ExitCode.OK, agent);
  }

  void start(boolean reload) throws IOException {
    app.start().metrics().group(METRICS_PREFIX + name)
        .gauge("ZooKeeperConnected", () -> connected() ? 1 : 0);
    if (reload) {
      // The source's thread must stay free to follow the node; a reload may drain channels.
      source.onChange(() -> reloads.execute(app::pollOnce));
    }
  }

  /** Whether the client is connected to ZooKeeper now (false once closed). */
  private boolean connected() {
    return !closed && client.getZookeeperClient().isConnected();
  }

  AgentApplication application() {
    return app;
  }

  ZooKeeperConfigSource source() {
    return source;
  }

  @Override
  public void close() {
    closed = true;
    source.close();
    reloads.shutdownNow();
    app.close();
    client.close();
  }
}
