package io.sluice.core.agent;

import io.sluice.api.config.ConfigException;
import io.sluice.core.config.AgentConfig;
import io.sluice.core.config.AgentConfigLoader;
import io.sluice.core.config.ValueSubstitutor;
import io.sluice.core.registry.ComponentRegistry;
import io.sluice.core.runtime.NamedThreadFactory;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An agent bound to its config source: loads and validates the config (refusing to start on any
 * problem), starts the agent, and polls the source for changes. A valid change is applied with
 * {@link Agent#reload}; an invalid one is logged with all its problems and the running config stays.
 */
public final class AgentApplication implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AgentApplication.class);

  private final ConfigSource source;
  private final String agentName;
  private final Duration pollInterval;
  private final AgentOptions options;
  private final AgentConfigLoader loader;
  private ScheduledExecutorService poller;
  private Agent agent;
  private Map<String, String> lastApplied;

  /** @param pollInterval how often the source is checked; zero disables reload */
  public AgentApplication(ConfigSource source, String agentName, Duration pollInterval,
      AgentOptions options, ComponentRegistry registry) {
    this.source = source;
    this.agentName = agentName;
    this.pollInterval = pollInterval;
    this.options = options;
    this.loader = new AgentConfigLoader(registry, ValueSubstitutor.fromProcess());
  }

  /**
   * Loads the config and starts the agent.
   *
   * @throws ConfigException when the config has problems (nothing is started)
   * @throws IOException when the source cannot be read
   */
  public synchronized Agent start() throws IOException {
    Map<String, String> props = source.read();
    AgentConfig config = loader.load(props, agentName);
    agent = new Agent(config, options);
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
      AgentConfig next = loader.load(props, agentName);
      agent.reload(next);
    } catch (ConfigException e) {
      LOG.error("Configuration change in {} rejected; the running configuration stays. {}",
          source.describe(), e.getMessage());
    } catch (RuntimeException e) {
      LOG.error("Applying the configuration change in {} failed", source.describe(), e);
    }
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
