package io.sluice.core.agent;

import io.sluice.api.config.ConfigException;
import io.sluice.core.config.AgentConfig;
import io.sluice.core.config.AgentConfigLoader;
import io.sluice.core.config.ConfigMode;
import io.sluice.core.config.LoadedConfig;
import io.sluice.core.config.ReferencePolicy;
import io.sluice.core.config.ToleratedProblem;
import io.sluice.core.config.ValueSubstitutor;
import io.sluice.core.registry.ComponentRegistry;
import io.sluice.core.runtime.NamedThreadFactory;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An agent bound to its config source: loads and validates the config (refusing to start on any
 * problem), starts the agent, and polls the source for changes. A valid change is applied with
 * {@link Agent#reload}; an invalid one is logged with all its problems and the running config stays.
 *
 * <p>In {@link ConfigMode#FLUME} the config is loaded as Flume would load it, at start and on every
 * reload alike. Each tolerated problem is logged once at WARN (again only if a later config brings
 * it back after it went away) and counted in the agent's metrics, group {@code CONFIG.<agent>}:
 * {@value #TOLERATED_GAUGE} (problems tolerated in the config in force) and
 * {@value #DROPPED_GAUGE} (components dropped from it).
 */
public final class AgentApplication implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AgentApplication.class);
  public static final String TOLERATED_GAUGE = "ConfigWarningCount";
  public static final String DROPPED_GAUGE = "ComponentsDroppedCount";

  private final ConfigSource source;
  private final String agentName;
  private final Duration pollInterval;
  private final AgentOptions options;
  private final AgentConfigLoader loader;
  private final ConfigMode mode;
  private Set<String> reported = Set.of();
  private volatile LoadedConfig inForce;
  private ScheduledExecutorService poller;
  private Agent agent;
  private Map<String, String> lastApplied;

  /** @param pollInterval how often the source is checked; zero disables reload */
  public AgentApplication(ConfigSource source, String agentName, Duration pollInterval,
      AgentOptions options, ComponentRegistry registry) {
    this(source, agentName, pollInterval, options, registry, ConfigMode.STRICT);
  }

  /** As the other constructor, loading the config in {@code mode}. */
  public AgentApplication(ConfigSource source, String agentName, Duration pollInterval,
      AgentOptions options, ComponentRegistry registry, ConfigMode mode) {
    this(source, agentName, pollInterval, options, registry, mode, ReferencePolicy.ANY);
  }

  /** As the other constructors, refusing the references {@code references} refuses. */
  public AgentApplication(ConfigSource source, String agentName, Duration pollInterval,
      AgentOptions options, ComponentRegistry registry, ConfigMode mode,
      ReferencePolicy references) {
    this.mode = mode;
    this.source = source;
    this.agentName = agentName;
    this.pollInterval = pollInterval;
    this.options = options;
    this.loader = new AgentConfigLoader(registry, ValueSubstitutor.fromProcess(), references);
  }

  /**
   * Loads the config and starts the agent.
   *
   * @throws ConfigException when the config has problems (nothing is started)
   * @throws IOException when the source cannot be read
   */
  public synchronized Agent start() throws IOException {
    Map<String, String> props = source.read();
    LoadedConfig loaded = loader.load(props, agentName, mode);
    report(loaded);
    agent = new Agent(loaded.config(), options, loader);
    inForce = loaded;
    if (mode == ConfigMode.FLUME) {
      var group = agent.metrics().group("CONFIG." + agentName);
      group.gauge(TOLERATED_GAUGE, () -> inForce.tolerated().size());
      group.gauge(DROPPED_GAUGE, () -> inForce.droppedCount());
    }
    agent.start();
    lastApplied = props;
    if (!pollInterval.isZero()) {
      poller = Executors.newSingleThreadScheduledExecutor(
          new NamedThreadFactory(agentName + "-config-poller"));
      long every = pollInterval.toMillis();
      poller.scheduleWithFixedDelay(this::pollOnce, every, every, TimeUnit.MILLISECONDS);
      LOG.info("Watching {} for changes every {} ms", source.describe(), every);
    }
    return agent;
  }

  /** Checks the source once and applies a valid change; public so tests can step it. */
  public synchronized void pollOnce() {
    Map<String, String> props;
    try {
      props = source.read();
    } catch (IOException e) {
      LOG.warn("Cannot read {}: {}; keeping the running configuration", source.describe(),
          e.toString());
      return;
    }
    if (props.equals(lastApplied) || agent == null) {
      return;
    }
    lastApplied = props;
    try {
      LoadedConfig next = loader.load(props, agentName, mode);
      report(next);
      agent.reload(next.config());
      inForce = next;
    } catch (ConfigException e) {
      LOG.error("Configuration change in {} rejected; the running configuration stays. {}",
          source.describe(), e.getMessage());
    } catch (RuntimeException e) {
      LOG.error("Applying the configuration change in {} failed", source.describe(), e);
    }
  }

  /** Logs each tolerated problem not logged for the config in force already. */
  private void report(LoadedConfig loaded) {
    Set<String> now = new HashSet<>();
    for (ToleratedProblem t : loaded.tolerated()) {
      String line = t.toString();
      if (now.add(line) && !reported.contains(line)) {
        LOG.warn("Agent {} (--compat flume) tolerates {}", agentName, line);
      }
    }
    if (!loaded.tolerated().isEmpty() && !now.equals(reported)) {
      LOG.warn("Agent {} (--compat flume): {} problem(s) tolerated as Flume does, {} component(s)"
          + " dropped", agentName, loaded.tolerated().size(), loaded.droppedCount());
    }
    reported = Set.copyOf(now);
  }

  /** The config in force and what was tolerated to load it. */
  public LoadedConfig loaded() {
    return inForce;
  }

  public synchronized Agent agent() {
    return agent;
  }

  /** Stops polling, then stops the agent (draining channels for the grace time). */
  @Override
  public void close() {
    ScheduledExecutorService p;
    Agent a;
    synchronized (this) {
      p = poller;
      a = agent;
      poller = null;
    }
    if (p != null) {
      p.shutdownNow();
    }
    if (a != null) {
      a.stop();
    }
  }
}
