package io.sluice.deploy.quickstart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.core.config.AgentConfigLoader;
import io.sluice.core.config.FlumeProperties;
import io.sluice.core.config.ValueSubstitutor;
import io.sluice.core.registry.ComponentRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated configs load without a problem in the real registry (the agents would start). */
class ClusterConfigsTest {
  @TempDir Path tmp;
  private final AgentConfigLoader loader = new AgentConfigLoader(
      ComponentRegistry.fromContextClassLoader(), ValueSubstitutor.of(Map.of(), Map.of()));

  @Test
  void aggregatorConfigLoads() {
    String text = ClusterConfigs.aggregator("agg1", 4141, "hdfs://127.0.0.1:9000", tmp);
    loader.load(FlumeProperties.parse(text), "agg1");
    assertTrue(text.contains("agg1.sinks.k1.hdfs.path = hdfs://127.0.0.1:9000/sluice/quickstart/agg1"),
        text);
    Map<String, String> p = FlumeProperties.parse(text);
    assertEquals("sequenceCheck", p.get("agg1.sources.r1.interceptors.check.type"));
    assertTrue(p.get("agg1.sources.r1.interceptors.check.stateDir").endsWith("/sequence"), text);
  }

  @Test
  void staticEdgeListsOneAvroSinkPerAggregatorInALoadBalancingGroup() {
    String text = ClusterConfigs.staticEdge("edge1", new EdgeSource.Demo("edge1", 50, 120),
        List.of(4141, 4142), tmp);
    loader.load(FlumeProperties.parse(text), "edge1");
    Map<String, String> p = FlumeProperties.parse(text);
    assertEquals("k1 k2", p.get("edge1.sinkgroups.g1.sinks"));
    assertEquals("4142", p.get("edge1.sinks.k2.port"));
    assertEquals("load_balance", p.get("edge1.sinkgroups.g1.processor.type"));
    assertEquals("demo", p.get("edge1.sources.r1.type"));
    assertEquals("50", p.get("edge1.sources.r1.rate"));
    assertEquals("sequence", p.get("edge1.sources.r1.interceptors.seq.type"));
    assertEquals("edge1", p.get("edge1.sources.r1.interceptors.seq.origin"));
  }

  @Test
  void discoveringEdgeUsesTheZookeeperDiscoveryKeys() {
    Map<String, String> p = FlumeProperties.parse(ClusterConfigs.discoveringEdge("edge2",
        new EdgeSource.Demo("edge2", 10, 100), TierLocation.quickstart("127.0.0.1:2181"), tmp));
    assertEquals("zookeeper", p.get("edge2.sinkgroups.g1.discovery"));
    assertEquals("127.0.0.1:2181", p.get("edge2.sinkgroups.g1.discovery.connect"));
    assertEquals("quickstart", p.get("edge2.sinkgroups.g1.discovery.cluster"));
    assertEquals("aggregators", p.get("edge2.sinkgroups.g1.discovery.tier"));
    assertEquals("c1", p.get("edge2.sinkgroups.g1.channel"));
    assertEquals("load_balance", p.get("edge2.sinkgroups.g1.processor.type"));
  }

  @Test
  void taildirEdgeFollowsOnlyTheActiveFileOfItsLogDirectory() {
    Path logs = tmp.resolve("app1/logs");
    String text = ClusterConfigs.staticEdge("edge1", new EdgeSource.Taildir(logs, "app.log",
        tmp.resolve("edge1/taildir-position.json")), List.of(4141), tmp.resolve("edge1"));
    loader.load(FlumeProperties.parse(text), "edge1");
    Map<String, String> p = FlumeProperties.parse(text);
    assertEquals("TAILDIR", p.get("edge1.sources.r1.type"));
    assertEquals("app", p.get("edge1.sources.r1.filegroups"));
    assertEquals(logs.toAbsolutePath() + "/app[.]log", p.get("edge1.sources.r1.filegroups.app"));
    assertEquals("c1", p.get("edge1.sources.r1.channels"));
  }
}
