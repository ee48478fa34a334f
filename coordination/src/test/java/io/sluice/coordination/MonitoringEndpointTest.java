package io.sluice.coordination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;

/** Agents announcing their monitoring servers, read back as {@code sluice status} reads them. */
class MonitoringEndpointTest {
  @Test
  void announcedEndpointsAreListedWhileTheyLiveAndBadNodesAreSkipped() throws Exception {
    try (TestingServer zk = new TestingServer(true);
        CuratorFramework client = new ZkClientFactory(
            ZkSettings.of(zk.getConnectString(), "c1")).start()) {
      ZkPaths paths = new ZkPaths("/sluice", "c1");
      AgentEndpoint edge = AgentEndpoint.edge("edge1", "127.0.0.1", 41414, 77, "0.1.0");
      AgentEndpoint agg = new AgentEndpoint("agg", AgentEndpoint.Role.AGGREGATOR, "::1", 41415, 0,
          "", "hot", "agg-1");
      MembershipQuery query = new MembershipQuery(client, paths);
      assertEquals(List.of(), query.endpoints(), "nothing announced yet");
      try (EphemeralNode e = announce(client, paths, edge);
          EphemeralNode a = announce(client, paths, agg)) {
        assertTrue(e.awaitCreated(Duration.ofSeconds(10)) && a.awaitCreated(Duration.ofSeconds(10)));
        assertEquals("/sluice/c1/monitoring/edge1@127.0.0.1:41414", e.path());
        client.create().forPath(paths.monitoring("junk"), "{\"agent\":".getBytes(
            StandardCharsets.UTF_8));
        assertEquals(List.of(agg, edge), query.endpoints());
        assertEquals("[::1]:41415", agg.address());
      }
      client.delete().forPath(paths.monitoring("junk"));
      assertEquals(List.of(), query.endpoints(), "deleted on close");
    }
  }

  @Test
  void documentsRoundTripAndMistakesAreNamed() {
    AgentEndpoint agg = new AgentEndpoint("agg", AgentEndpoint.Role.AGGREGATOR, "10.0.0.5", 41414,
        9, "0.1.0", "hot", "agg-1");
    assertEquals(agg, AgentEndpointCodec.decode(AgentEndpointCodec.encode(agg)));
    assertEquals("{\"agent\":\"edge1\",\"role\":\"edge\",\"host\":\"h\",\"port\":1,\"pid\":0,"
        + "\"version\":\"\"}", new String(AgentEndpointCodec.encode(
            AgentEndpoint.edge("edge1", "h", 1, 0, "")), StandardCharsets.UTF_8));
    for (String bad : List.of("{\"agent\":\"a\",\"role\":\"edge\",\"host\":\"h\"}",
        "{\"agent\":\"a\",\"role\":\"boss\",\"host\":\"h\",\"port\":1}",
        "{\"agent\":\"a\",\"role\":\"edge\",\"host\":\"h\",\"port\":\"1\"}",
        "{\"agent\":\"a/b\",\"role\":\"edge\",\"host\":\"h\",\"port\":1}", "[1]", "")) {
      assertThrows(IllegalArgumentException.class,
          () -> AgentEndpointCodec.decode(bad.getBytes(StandardCharsets.UTF_8)), bad);
    }
  }

  private static EphemeralNode announce(CuratorFramework client, ZkPaths paths, AgentEndpoint e) {
    return new EphemeralNode(client, paths.monitoring(e.id()), AgentEndpointCodec.encode(e),
        e.agent(), Duration.ofSeconds(5));
  }
}
