package io.sluice.core.agent;

import io.sluice.api.Channel;
import io.sluice.api.Sink;
import io.sluice.api.Source;
import io.sluice.api.spi.DurableChannelConfig;
import io.sluice.core.config.AgentConfig;
import io.sluice.core.config.AgentConfigLoader;
import io.sluice.core.config.ValueSubstitutor;
import io.sluice.core.registry.ComponentRegistry;
import io.sluice.core.config.ComponentSpecs.ChannelSpec;
import io.sluice.core.config.ComponentSpecs.SinkGroupSpec;
import io.sluice.core.config.ComponentSpecs.SinkSpec;
import io.sluice.core.config.ComponentSpecs.SourceSpec;
import io.sluice.core.metrics.AgentMBeans;
import io.sluice.core.metrics.AgentPhase;
import io.sluice.core.metrics.AgentStatus;
import io.sluice.core.metrics.ComponentKind;
import io.sluice.core.metrics.ComponentStatus;
import io.sluice.core.metrics.MetricsRegistry;
import io.sluice.core.metrics.MonitoredAgent;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running agent: its channels, sources and sink groups under one supervisor. Starts channels,
 * then sinks, then sources; stops in the reverse order, letting channels drain into the sinks for
 * the grace time first. {@link #reload} restarts only what changed. Thread-safe: lifecycle calls are
 * serialised.
 */
public final class Agent implements AutoCloseable, MonitoredAgent {
  private static final Logger LOG = LoggerFactory.getLogger(Agent.class);

  private final String name;
  private final AgentOptions options;
  private final MetricsRegistry metrics = new MetricsRegistry();
  private final ComponentSupervisor supervisor;
  private final ChannelDrainer drainer;
  private final ContextFactory contexts;
  // Read by units starting on the supervisor thread, hence concurrent.
  private final Map<String, ChannelUnit> channels = new ConcurrentHashMap<>();
  private final Map<String, SourceUnit> sources = new LinkedHashMap<>();
  private final Map<String, SinkGroupUnit> groups = new LinkedHashMap<>();
  private AgentConfig config;
  /** Builds discovered members' specs with the registry (and Flume class loader) of the config. */
  private final AgentConfigLoader memberSpecs;
  private boolean stopped;
  // Read by the monitoring server's thread without the agent's lock.
  private volatile AgentPhase phase = AgentPhase.STARTING;
  private volatile long lastReloadMillis;
  private volatile long reloads;
  private final long createdMillis;
  private final AgentMBeans mbeans;
  // What /status and JMX see; replaced (under the lock) whenever the set of components changes.
  private volatile List<Entry> entries = List.of();

  /** A configured component and the unit that runs it (a sink's is its group's). */
  private record Entry(ComponentKind kind, String name, String type, Supervised unit) {}

  /**
   * An agent whose config was loaded with the components of the context class loader (tests,
   * embedding); {@link #Agent(AgentConfig, AgentOptions, AgentConfigLoader)} otherwise.
   */
  public Agent(AgentConfig config, AgentOptions options) {
    this(config, options, new AgentConfigLoader(ComponentRegistry.fromContextClassLoader(),
        ValueSubstitutor.fromProcess()));
  }

  /**
   * @param loader the loader that built {@code config}: discovered members of its sink groups are
   *     built and validated with it, so they find the same components (and share its Flume class
   *     loader) as the agent's other sinks
   */
  public Agent(AgentConfig config, AgentOptions options, AgentConfigLoader loader) {
    this.memberSpecs = loader;
    this.name = config.agentName();
    this.config = config;
    this.options = options;
    this.createdMillis = options.clock().millis();
    this.mbeans = new AgentMBeans(name, ManagementFactory.getPlatformMBeanServer(), metrics);
    this.supervisor = new ComponentSupervisor(name, options);
    this.drainer = new ChannelDrainer(name);
    this.contexts = new ContextFactory(name, metrics, options.clock());
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public MetricsRegistry metrics() {
    return metrics;
  }

  /** The config in force (the last one started or reloaded). */
  public synchronized AgentConfig config() {
    return config;
  }

  public synchronized void start() {
    config.warnings().forEach(w -> LOG.warn("{}", w));
    config.channels().values().forEach(this::startChannel);
    config.sinkGroups().values().forEach(this::startGroup);
    config.sources().values().forEach(this::startSource);
    refreshEntries();
    phase = AgentPhase.RUNNING;
    LOG.info("Agent {} started: sources {}, channels {}, sink groups {}", name,
        sources.keySet(), channels.keySet(), groups.keySet());
  }

  /**
   * Applies a new config, restarting only the components whose config (or wiring) changed. A
   * replaced channel's remaining events are moved into its successor, so nothing queued is lost.
   */
  public synchronized void reload(AgentConfig next) {
    if (stopped) {
      throw new IllegalStateException("agent " + name + " is stopped");
    }
    next.warnings().forEach(w -> LOG.warn("{}", w));
    ReloadPlan plan = ReloadPlan.between(config, next);
    if (plan.isEmpty()) {
      LOG.info("Agent {}: configuration unchanged", name);
      config = next;
      return;
    }
    LOG.info("Agent {} reloading: {}", name, plan);
    long now = options.clock().millis();
    plan.sourcesToStop().forEach(s -> {
      supervisor.stop(sources.remove(s));
      metrics.stopped(ComponentKind.SOURCE.group(s), now);
    });
    plan.groupsToStop().forEach(g -> {
      SinkGroupUnit unit = groups.remove(g);
      supervisor.stop(unit);
      recordGroupStopped(unit);
    });
    List<ChannelUnit> replaced = new ArrayList<>();
    plan.channelsToStop().forEach(c -> {
      ChannelUnit old = channels.remove(c);
      ChannelSpec successor = next.channels().get(c);
      if (successor != null && sharesStorage(old.spec(), successor)) {
        // Its events stay where they are and the new instance replays them; it could not even
        // open that storage while the old one holds it.
        LOG.info("Channel {}: stopping the old instance first; the new one takes over its storage {}",
            c, ((DurableChannelConfig) successor.config()).storageLocations());
        supervisor.stop(old);
      } else {
        replaced.add(old);
      }
    });
    config = next;
    plan.channelsToStart().forEach(c -> startChannel(next.channels().get(c)));
    plan.groupsToStart().forEach(g -> startGroup(next.sinkGroups().get(g)));
    for (ChannelUnit old : replaced) {
      ChannelUnit successor = channels.get(old.spec().name());
      drainer.retire(old, successor == null ? null : successor::instance, supervisor);
    }
    plan.sourcesToStart().forEach(s -> startSource(next.sources().get(s)));
    refreshEntries();
    lastReloadMillis = options.clock().millis();
    reloads++;
  }

  private static boolean sharesStorage(ChannelSpec old, ChannelSpec next) {
    if (old.config() instanceof DurableChannelConfig a && next.config() instanceof DurableChannelConfig b) {
      return !Collections.disjoint(a.storageLocations(), b.storageLocations());
    }
    return false;
  }

  /**
   * Stops sources, lets the channels that running sinks drain empty for up to the grace time, then
   * stops everything.
   */
  public synchronized void stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    phase = AgentPhase.DRAINING;
    LOG.info("Agent {} stopping: sources first, then draining channels for up to {}", name,
        options.shutdownGrace());
    sources.values().forEach(supervisor::stop);
    sources.clear();
    awaitDrained();
    groups.values().forEach(supervisor::stop);
    groups.clear();
    drainer.close();
    channels.values().forEach(c -> {
      Channel ch = c.instance();
      if (ch != null && ch.size() > 0) {
        LOG.warn("Channel {} still holds {} events at shutdown{}", c.spec().name(), ch.size(),
            " (kept only if the channel is durable)");
      }
      supervisor.stop(c);
    });
    channels.clear();
    supervisor.close();
    long now = options.clock().millis();
    entries.forEach(e -> metrics.stopped(e.kind().group(e.name()), now));
    entries = List.of();
    mbeans.close();
    phase = AgentPhase.STOPPED;
    LOG.info("Agent {} stopped", name);
  }

  @Override
  public void close() {
    stop();
  }

  /**
   * Waits, up to the grace time, for the channels that a running sink group takes from to empty.
   * A channel that no running sink drains cannot empty, so it is not waited for (as in Flume, whose
   * stop does not wait at all): an agent without sinks stops at once.
   */
  private void awaitDrained() {
    Set<String> drained = new HashSet<>();
    groups.values().stream().filter(supervisor::isRunning)
        .forEach(g -> drained.addAll(g.drainedChannels()));
    long deadline = System.nanoTime() + options.shutdownGrace().toNanos();
    for (ChannelUnit c : channels.values()) {
      Channel ch = c.instance();
      if (ch == null || ch.size() == 0) {
        continue;
      }
      if (!drained.contains(c.spec().name())) {
        LOG.info("Channel {} holds {} events and no running sink drains it: not waiting for it",
            c.spec().name(), ch.size());
        continue;
      }
      while (ch.size() > 0 && System.nanoTime() < deadline) {
        try {
          wait(20); // releases the agent lock; woken by the deadline or the next poll
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private void startChannel(ChannelSpec spec) {
    metrics.started(ComponentKind.CHANNEL.group(spec.name()), spec.factory().type(),
        options.clock().millis());
    ChannelUnit unit = new ChannelUnit(spec, contexts);
    channels.put(spec.name(), unit);
    supervisor.start(unit);
  }

  private void startSource(SourceSpec spec) {
    metrics.started(ComponentKind.SOURCE.group(spec.name()), spec.factory().type(),
        options.clock().millis());
    SourceUnit unit = new SourceUnit(spec, this::channel, contexts);
    sources.put(spec.name(), unit);
    supervisor.start(unit);
  }

  private void startGroup(SinkGroupSpec spec) {
    List<SinkSpec> members = spec.sinks().stream().map(s -> config.sinks().get(s)).toList();
    long now = options.clock().millis();
    members.forEach(m -> metrics.started(ComponentKind.SINK.group(m.name()), m.factory().type(),
        now));
    if (!spec.implicit()) {
      metrics.started(ComponentKind.SINK_GROUP.group(spec.name()), spec.processor().type(), now);
    }
    // Taken now, not read later from the membership thread: a changed channel restarts the group.
    Map<String, ChannelSpec> channelSpecs = config.channels();
    SinkGroupUnit unit = new SinkGroupUnit(spec, members, this::channel, contexts,
        (sink, member) -> memberSpecs.memberSpec(name, sink, member, channelSpecs),
        keys -> memberSpecs.processorSpec(name, spec.name(), keys), this::syncMBeans);
    groups.put(spec.name(), unit);
    supervisor.start(unit);
  }

  private void recordGroupStopped(SinkGroupUnit unit) {
    long now = options.clock().millis();
    unit.members().forEach(m -> metrics.stopped(ComponentKind.SINK.group(m.name()), now));
    metrics.stopped(ComponentKind.SINK_GROUP.group(unit.spec().name()), now);
  }

  /** Rebuilds the view of the configured components and registers their MBeans to match. */
  private void refreshEntries() {
    List<Entry> out = new ArrayList<>();
    channels.values().forEach(c -> out.add(new Entry(ComponentKind.CHANNEL, c.spec().name(),
        c.spec().factory().type(), c)));
    sources.values().forEach(s -> out.add(new Entry(ComponentKind.SOURCE, s.spec().name(),
        s.spec().factory().type(), s)));
    for (SinkGroupUnit g : groups.values()) {
      if (!g.spec().implicit()) {
        out.add(new Entry(ComponentKind.SINK_GROUP, g.spec().name(),
            g.spec().processor().type(), g));
      }
      g.members().forEach(m -> out.add(new Entry(ComponentKind.SINK, m.name(),
          m.factory().type(), g)));
    }
    entries = List.copyOf(out);
    syncMBeans();
  }

  /**
   * Registers the MBeans of what runs now: the configured components and the members discovered
   * sink groups added. Called under the agent's lock or by a group's membership thread (which
   * must not take it: stopping the agent waits for that thread).
   */
  private void syncMBeans() {
    mbeans.sync(() -> {
      List<ComponentStatus> out = new ArrayList<>(status().components());
      for (Entry e : entries) {
        if (e.kind() == ComponentKind.SINK_GROUP && e.unit() instanceof SinkGroupUnit g) {
          g.addedMembers().forEach(s -> out.add(new ComponentStatus(ComponentKind.SINK, s.name(),
              s.factory().type(), true)));
        }
      }
      return out;
    });
  }

  /**
   * The agent's phase and each configured component's state. Never blocks on the agent's lock, so
   * the monitoring server answers while the agent reloads or drains.
   */
  @Override
  public AgentStatus status() {
    List<ComponentStatus> components = entries.stream().map(e -> new ComponentStatus(e.kind(),
        e.name(), e.type(), supervisor.isRunning(e.unit()))).toList();
    return new AgentStatus(name, phase, createdMillis, lastReloadMillis, reloads, components);
  }

  /** The MBeans of this agent's components (their names may carry an agent key). */
  public AgentMBeans mbeans() {
    return mbeans;
  }

  /** The running channel of that name; throws when it is missing or not running. */
  public Channel channel(String channelName) {
    ChannelUnit unit = channels.get(channelName);
    return Objects.requireNonNull(unit, () -> "no channel " + channelName).channel();
  }

  /** The running source of that name, or null. For tests and tools. */
  public synchronized Source source(String sourceName) {
    SourceUnit unit = sources.get(sourceName);
    return unit == null ? null : unit.source();
  }

  /** The running sink of that name, or null. For tests and tools. */
  public synchronized Sink sink(String sinkName) {
    for (SinkGroupUnit g : groups.values()) {
      Sink s = g.sinks().get(sinkName);
      if (s != null) {
        return s;
      }
    }
    return null;
  }

  /**
   * Adds a member to a running sink group whose processor can change members (failover,
   * load_balance); the sink starts and takes batches at once.
   */
  public synchronized void addSinkToGroup(String group, SinkSpec sink) throws Exception {
    groupUnit(group).addMember(sink);
    syncMBeans();
  }

  /**
   * Removes a member from a running sink group. Returns once its batch in flight has committed or
   * rolled back into the channel, so nothing is lost or stranded.
   *
   * @return false when the group has no such member
   */
  public synchronized boolean removeSinkFromGroup(String group, String sink)
      throws InterruptedException {
    boolean removed = groupUnit(group).removeMember(sink);
    syncMBeans();
    return removed;
  }

  /** How many runner threads drive the group now (its processor's parallelism). */
  public synchronized int runnerCount(String group) {
    return groupUnit(group).runnerCount();
  }

  private SinkGroupUnit groupUnit(String group) {
    SinkGroupUnit unit = groups.get(group);
    if (unit == null) {
      throw new IllegalArgumentException("agent " + name + " has no sink group " + group);
    }
    return unit;
  }

  /** True when every component is running (none waiting for a restart). */
  public synchronized boolean allRunning() {
    return channels.values().stream().allMatch(supervisor::isRunning)
        && sources.values().stream().allMatch(supervisor::isRunning)
        && groups.values().stream().allMatch(supervisor::isRunning);
  }
}
