package io.sluice.edge.discovery;

import io.sluice.coordination.AggregatorMembership;
import io.sluice.coordination.Member;
import io.sluice.coordination.ZkClientFactory;
import io.sluice.coordination.ZkSettings;
import io.sluice.core.agent.Agent;
import io.sluice.core.agent.AgentOptions;
import io.sluice.core.avro.AvroSource;
import io.sluice.core.config.AgentConfigLoader;
import io.sluice.core.config.FlumeProperties;
import io.sluice.core.config.ValueSubstitutor;
import io.sluice.core.registry.ComponentRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.curator.framework.CuratorFramework;

/**
 * An aggregator in this JVM for edge tests (collector-edge cannot see collector-aggregator): Avro
 * source on a free loopback port, memory channel, file_roll into its own directory, announced in
 * ZooKeeper with an {@link AggregatorMembership}. Not thread-safe.
 */
final class TestAggregator implements AutoCloseable {
  final String id;
  final Path dir;
  private final Agent agent;
  private final CuratorFramework client;
  private final AggregatorMembership membership;

  TestAggregator(String id, String tier, ZkSettings zk, Path work) throws Exception {
    this.id = id;
    this.dir = Files.createDirectories(work.resolve(id));
    String text = """
        agg.sources = r1
        agg.channels = c1
        agg.sinks = k1
        agg.sources.r1.type = avro
        agg.sources.r1.bind = 127.0.0.1
        agg.sources.r1.port = 0
        agg.sources.r1.channels = c1
        agg.channels.c1.type = memory
        agg.channels.c1.capacity = 1000000
        agg.channels.c1.transactionCapacity = 1000
        agg.channels.c1.keep-alive = 0.2
        agg.sinks.k1.type = file_roll
        agg.sinks.k1.channel = c1
        agg.sinks.k1.sink.directory = %s
        agg.sinks.k1.sink.batchSize = 1000
        agg.sinks.k1.sink.rollInterval = 0
        """.formatted(dir.toString().replace('\\', '/'));
    var loader = new AgentConfigLoader(ComponentRegistry.fromContextClassLoader(),
        ValueSubstitutor.of(Map.of(), Map.of()));
    agent = new Agent(loader.load(FlumeProperties.parse(text), "agg"),
        AgentOptions.defaults().withShutdownGrace(Duration.ofSeconds(20)));
    agent.start();
    int port = ((AvroSource) agent.source("r1")).boundPort();
    client = new ZkClientFactory(zk).start();
    membership = new AggregatorMembership(client, zk.paths(), tier,
        new Member(id, "127.0.0.1", port, false, 100, "test"), Duration.ofMillis(500));
    membership.register();
    if (!membership.awaitRegistered(Duration.ofSeconds(10))) {
      throw new IOException("aggregator " + id + " did not register in ZooKeeper");
    }
  }

  int landed() {
    return Landed.lines(dir).size();
  }

  /** Leaves the tier first, then stops: what the source accepted drains into the files. */
  @Override
  public void close() {
    membership.close();
    agent.stop();
    client.close();
  }
}
