package io.sluice.core.agent;

import io.sluice.api.Channel;
import io.sluice.api.ResizableSinkProcessor;
import io.sluice.api.Sink;
import io.sluice.api.SinkProcessor;
import io.sluice.api.spi.MemberSink;
import io.sluice.core.config.ComponentSpecs.ProcessorSpec;
import io.sluice.core.config.ComponentSpecs.SinkGroupSpec;
import io.sluice.core.config.ComponentSpecs.SinkSpec;
import io.sluice.core.runner.BackoffPolicy;
import io.sluice.core.runner.SinkRunner;
import io.sluice.core.runtime.DefaultComponentContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sink group (or a lone sink in its implicit group): its sinks, processor and runners, one per
 * unit of the processor's parallelism. Members of a resizable group can be added and removed while
 * it runs; the runner count follows.
 */
final class SinkGroupUnit implements Supervised {
  private static final Logger LOG = LoggerFactory.getLogger(SinkGroupUnit.class);

  private final SinkGroupSpec spec;
  private final List<SinkSpec> members;
  private final Function<String, Channel> channels;
  private final ContextFactory contexts;
  private final Map<String, Sink> sinks = new LinkedHashMap<>();
  // The channel of each running member; read without the unit's lock (a stopping agent asks while
  // a start attempt may hold it).
  private final Map<String, String> memberChannels = new ConcurrentHashMap<>();
  // Members added while running (discovered ones), read without the lock by the agent's JMX view.
  private final Map<String, SinkSpec> addedMembers = new ConcurrentHashMap<>();
  private final Runnable membersChanged;
  private final List<SinkRunner> runners = new ArrayList<>();
  private final BiFunction<String, MemberSink, SinkSpec> sinkSpecs;
  private final Function<Map<String, String>, ProcessorSpec> processorSpecs;
  private SinkProcessor processor;
  private ThreadFactory runnerThreads;
  private DiscoveredMembers discovered;

  /**
   * @param sinkSpecs builds a member's spec from its sink, for discovered groups
   * @param membersChanged told after the membership thread added or removed a member, or a stop
   *     dropped such members; it must not take the agent's lock (stopping waits for that thread)
   */
  SinkGroupUnit(SinkGroupSpec spec, List<SinkSpec> members,
      Function<String, Channel> channels, ContextFactory contexts,
      BiFunction<String, MemberSink, SinkSpec> sinkSpecs,
      Function<Map<String, String>, ProcessorSpec> processorSpecs, Runnable membersChanged) {
    this.membersChanged = membersChanged;
    this.spec = spec;
    this.processorSpecs = processorSpecs;
    this.members = members;
    this.channels = channels;
    this.contexts = contexts;
    this.sinkSpecs = sinkSpecs;
  }

  SinkGroupSpec spec() {
    return spec;
  }

  List<SinkSpec> members() {
    return members;
  }

  /** The members added while running (not configured), as now. Does not lock the unit. */
  List<SinkSpec> addedMembers() {
    return List.copyOf(addedMembers.values());
  }

  /** The running sinks by name, in listing order; empty when stopped. */
  synchronized Map<String, Sink> sinks() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(sinks));
  }

  /** The channels the running members take from; empty when stopped. Does not lock the unit. */
  Set<String> drainedChannels() {
    return Set.copyOf(memberChannels.values());
  }

  synchronized int runnerCount() {
    return runners.size();
  }

  @Override
  public String describe() {
    return spec.implicit() ? "sink " + spec.name() : "sink group " + spec.name();
  }

  @Override
  public synchronized void start() throws Exception {
    for (SinkSpec s : members) {
      sinks.put(s.name(), startSink(s));
    }
    DefaultComponentContext ctx = processorContext();
    processor = spec.processor().create(spec.processorConfig(), ctx);
    processor.start();
    runnerThreads = ctx.threadFactory("runner");
    matchRunnersToParallelism();
    if (spec.discovery() != null) {
      discovered = new DiscoveredMembers(ctx.agentName(), spec.name(), spec.discovery(), sinkSpecs,
          new DiscoveredMembers.Membership() {
            @Override
            public void add(SinkSpec sink) throws Exception {
              addMember(sink);
              membersChanged.run();
            }

            @Override
            public void remove(String name) throws InterruptedException {
              if (removeMember(name)) {
                membersChanged.run();
              }
            }

            @Override
            public void replaceProcessor(Map<String, String> keys) throws Exception {
              SinkGroupUnit.this.replaceProcessor(processorSpecs.apply(keys));
            }
          });
      discovered.start(contexts.builder(spec.name(), "DISCOVERY." + spec.name()).build());
    }
    LOG.info("Started {} with sinks {} and {} runner(s)", describe(), sinks.keySet(),
        runners.size());
  }

  private Sink startSink(SinkSpec s) throws Exception {
    Channel ch = channels.apply(s.channel());
    Sink sink = s.factory().create(s.config(), contexts.builder(s.name(), "SINK." + s.name())
        .channel(ch).build());
    sink.start();
    memberChannels.put(s.name(), s.channel());
    return sink;
  }

  /** Adds a member to a running resizable group: the sink starts and takes batches at once. */
  synchronized void addMember(SinkSpec s) throws Exception {
    ResizableSinkProcessor resizable = resizable();
    if (sinks.containsKey(s.name())) {
      throw new IllegalArgumentException(describe() + " already has a member " + s.name());
    }
    Sink sink = startSink(s);
    sinks.put(s.name(), sink);
    resizable.addSink(s.name(), sink);
    addedMembers.put(s.name(), s);
    contexts.metrics().started("SINK." + s.name(), s.factory().type(), contexts.clock().millis());
    matchRunnersToParallelism();
    LOG.info("{}: member {} added; members now {}", describe(), s.name(), sinks.keySet());
  }

  /**
   * Removes a member from a running resizable group; returns after its batch in flight committed
   * or rolled back, then stops it.
   */
  synchronized boolean removeMember(String name) throws InterruptedException {
    Sink removed = resizable().removeSink(name);
    if (removed == null) {
      return false;
    }
    sinks.remove(name);
    memberChannels.remove(name);
    matchRunnersToParallelism();
    SourceUnit.stopQuietly(removed::stop, "sink " + name);
    if (addedMembers.remove(name) != null) {
      contexts.metrics().stopped("SINK." + name, contexts.clock().millis());
    }
    LOG.info("{}: member {} removed; members now {}", describe(), name, sinks.keySet());
    return true;
  }

  /**
   * Swaps the processor of a running group (its members stay): the runners finish their batches
   * in flight and stop, the new processor takes over the same sinks, new runners start.
   */
  synchronized void replaceProcessor(ProcessorSpec next) throws Exception {
    runners.forEach(SinkRunner::stop);
    runners.clear();
    SourceUnit.stopQuietly(processor::stop, "the processor of " + describe());
    DefaultComponentContext ctx = processorContext();
    processor = next.factory().create(next.config(), ctx);
    processor.start();
    matchRunnersToParallelism();
    LOG.info("{}: now run by the {} processor with {} runner(s)", describe(),
        next.factory().type(), runners.size());
  }

  /**
   * The processor's context over the running sinks. A lone sink's implicit group counts where no
   * endpoint shows it: Flume lists no {@code SINK_PROCESSOR} group for it either.
   */
  private DefaultComponentContext processorContext() {
    DefaultComponentContext.Builder b = spec.implicit() ? contexts.unlistedBuilder(spec.name())
        : contexts.builder(spec.name(), "SINK_PROCESSOR." + spec.name());
    return b.sinks(Collections.unmodifiableMap(new LinkedHashMap<>(sinks)))
        .discoveredMembers(spec.discovery() != null).build();
  }

  private ResizableSinkProcessor resizable() {
    if (processor instanceof ResizableSinkProcessor r) {
      return r;
    }
    throw new IllegalStateException(describe() + " is not running or its processor ("
        + spec.processor().type() + ") cannot change members");
  }

  private void matchRunnersToParallelism() {
    int wanted = Math.max(1, processor.parallelism());
    while (runners.size() < wanted) {
      SinkRunner r = new SinkRunner(spec.name() + "#" + runners.size(), processor, runnerThreads,
          BackoffPolicy.sinkDefault());
      r.start();
      runners.add(r);
    }
    while (runners.size() > wanted) {
      runners.remove(runners.size() - 1).stop();
    }
  }

  @Override
  public void stop() {
    if (discovered != null) {
      discovered.stop(); // outside the lock: its thread may be adding a member
      discovered = null;
    }
    if (stopGroup()) {
      membersChanged.run();
    }
  }

  /** Returns whether members added while running were dropped. */
  private synchronized boolean stopGroup() {
    runners.forEach(SinkRunner::stop);
    runners.clear();
    if (processor != null) {
      SourceUnit.stopQuietly(processor::stop, "the processor of " + describe());
      processor = null;
    }
    memberChannels.clear();
    sinks.forEach((name, sink) -> SourceUnit.stopQuietly(sink::stop, "sink " + name));
    sinks.clear();
    long now = contexts.clock().millis();
    addedMembers.keySet().forEach(name -> contexts.metrics().stopped("SINK." + name, now));
    boolean hadAdded = !addedMembers.isEmpty();
    addedMembers.clear();
    return hadAdded;
  }

  @Override
  public synchronized boolean healthy() {
    return runners.stream().allMatch(SinkRunner::isAlive);
  }
}
