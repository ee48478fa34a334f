package io.sluice.testsupport;

import io.sluice.coordination.AggregatorMembership;
import io.sluice.coordination.Member;
import io.sluice.coordination.ZkClientFactory;
import io.sluice.coordination.ZkSettings;
import io.sluice.core.agent.Agent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;

/**
 * An aggregator in this JVM: Avro source on a fixed loopback port, memory channel, file_roll sink
 * into its own directory. It can be stopped and started again on the same port, slowed or hung
 * through a {@link DelayInterceptorFactory}, and announced in ZooKeeper as a member of a tier.
 */
public final class InProcessAggregator implements AutoCloseable {
  private final String name;
  private final int port;
  private final Path dir;
  private final Path delayFile;
  private final Duration shutdownGrace;
  private Agent agent;
  private CuratorFramework client;
  private AggregatorMembership membership;

  public InProcessAggregator(String name, Path workDir) throws IOException {
    this(name, workDir, Duration.ofSeconds(30));
  }

  public InProcessAggregator(String name, Path workDir, Duration shutdownGrace)
      throws IOException {
    this.name = name;
    this.port = TestAgents.freePort();
    this.dir = Files.createDirectories(workDir.resolve(name));
    this.delayFile = workDir.resolve(name + ".delay");
    this.shutdownGrace = shutdownGrace;
    DelayInterceptorFactory.set(delayFile, 0);
  }

  /** A started aggregator announced in {@code tier} (closing it leaves the tier, then stops). */
  public static InProcessAggregator registered(String name, Path workDir, ZkSettings zk,
      String tier) throws Exception {
    InProcessAggregator a = new InProcessAggregator(name, workDir, Duration.ofSeconds(20)).start();
    try {
      return a.register(zk, tier);
    } catch (Exception e) {
      a.close();
      throw e;
    }
  }

  /** The agent's config text (agent {@code agg}). */
  public String configText() {
    return """
        agg.sources = r1
        agg.channels = c1
        agg.sinks = k1
        agg.sources.r1.type = avro
        agg.sources.r1.bind = 127.0.0.1
        agg.sources.r1.port = %d
        agg.sources.r1.channels = c1
        agg.sources.r1.interceptors = d
        agg.sources.r1.interceptors.d.type = %s
        agg.sources.r1.interceptors.d.delayFile = %s
        agg.channels.c1.type = memory
        agg.channels.c1.capacity = 1000000
        agg.channels.c1.transactionCapacity = 1000
        agg.channels.c1.keep-alive = 0.2
        agg.sinks.k1.type = file_roll
        agg.sinks.k1.channel = c1
        agg.sinks.k1.sink.directory = %s
        agg.sinks.k1.sink.batchSize = 1000
        agg.sinks.k1.sink.rollInterval = 0
        """.formatted(port, DelayInterceptorFactory.class.getName(), TestAgents.slash(delayFile),
        TestAgents.slash(dir));
  }

  public String name() {
    return name;
  }

  public int port() {
    return port;
  }

  public synchronized InProcessAggregator start() {
    agent = TestAgents.start(configText(), "agg", shutdownGrace);
    return this;
  }

  /**
   * Announces this (started) aggregator in tier {@code tier} of {@code zk}'s cluster, and waits
   * until its member node is there; {@link #close()} leaves the tier before stopping.
   */
  public synchronized InProcessAggregator register(ZkSettings zk, String tier) throws Exception {
    client = new ZkClientFactory(zk).start();
    membership = new AggregatorMembership(client, zk.paths(), tier,
        new Member(name, "127.0.0.1", port, false, 100, "test"), Duration.ofMillis(500));
    membership.register();
    if (!membership.awaitRegistered(Duration.ofSeconds(10))) {
      throw new IOException("aggregator " + name + " did not register in ZooKeeper");
    }
    return this;
  }

  /** Stops the aggregator; what its channel accepted drains into its files first. */
  public synchronized void stop() {
    if (agent != null) {
      agent.stop();
      agent = null;
    }
  }

  /** The running agent, or null when stopped (e.g. to register it in ZooKeeper). */
  public synchronized Agent agent() {
    return agent;
  }

  public synchronized boolean running() {
    return agent != null && agent.allRunning();
  }

  /** Batches this incarnation's Avro source accepted (0 when stopped). */
  public synchronized long batchesAccepted() {
    return agent == null ? 0 : agent.metrics().value("SOURCE.r1", "AppendBatchAcceptedCount");
  }

  /** Events this incarnation's Avro source accepted (0 when stopped). */
  public synchronized long eventsAccepted() {
    return agent == null ? 0 : agent.metrics().value("SOURCE.r1", "EventAcceptedCount");
  }

  /** Holds each batch this long before accepting it; a huge value makes it hang. */
  public void delay(long millis) {
    DelayInterceptorFactory.set(delayFile, millis);
  }

  public List<String> landed() {
    return Landed.lines(dir);
  }

  /** How many lines (events) landed in its files so far. */
  public int landedCount() {
    return landed().size();
  }

  public Path dir() {
    return dir;
  }

  /** Leaves its tier if it joined one, then stops: what the source accepted drains into files. */
  @Override
  public synchronized void close() {
    delay(0);
    if (membership != null) {
      membership.close();
      client.close();
      membership = null;
    }
    stop();
  }
}
