package io.sluice.coordination;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.core.agent.AgentApplication;
import io.sluice.core.agent.AgentOptions;
import io.sluice.core.registry.ComponentRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Agent configs in Flume's znode-per-agent layout, read and hot-reloaded from a real ZooKeeper. */
class ZooKeeperConfigSourceTest {
  private static final String CONFIG = """
      a1.sources = r1
      a1.channels = c1
      a1.sinks = k1
      a1.sources.r1.type = seq
      a1.sources.r1.channels = c1
      a1.channels.c1.type = memory
      a1.sinks.k1.type = null
      a1.sinks.k1.channel = c1
      """;
  private static TestingServer server;
  private static CuratorFramework client;
  private static ZkSettings settings;

  @BeforeAll
  static void start() throws Exception {
    server = new TestingServer(true);
    settings = Zk.settings(server.getConnectString(), "cfg");
    client = Zk.client(settings);
  }

  @AfterAll
  static void stop() throws Exception {
    client.close();
    server.close();
  }

  @Test
  void readsTheWholePropertiesTextOfTheAgentNode() throws Exception {
    String path = new AgentConfigStore(client, settings.paths()).push("a1", CONFIG);
    assertEquals("/sluice/cfg/agents/a1", path);
    ZooKeeperConfigSource src = new ZooKeeperConfigSource(client, "/sluice/cfg/agents", "a1");
    Map<String, String> props = src.read();
    assertEquals("seq", props.get("a1.sources.r1.type"));
    assertEquals(8, props.size());
    assertEquals("zookeeper:/sluice/cfg/agents/a1", src.describe());
  }

  @Test
  void flumeLayoutUnderAnyBasePathIsReadToo() throws Exception {
    // Flume's -p /flume with the agent's text as the node data, written by Flume's own tooling.
    client.create().creatingParentsIfNeeded().forPath("/flume/a9", "a9.sources = x\n".getBytes());
    assertEquals(Map.of("a9.sources", "x"),
        new ZooKeeperConfigSource(client, "/flume", "a9").read());
  }

  @Test
  void aMissingNodeIsAnIoErrorNamingThePath() {
    IOException e = assertThrows(IOException.class,
        () -> new ZooKeeperConfigSource(client, "/sluice/cfg/agents", "nobody").read());
    assertTrue(e.getMessage().contains("no agent config in ZooKeeper at /sluice/cfg/agents/nobody"),
        e.getMessage());
  }

  @Test
  void pushRefusesTextThatDefinesNothingForTheAgent() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new AgentConfigStore(client, settings.paths()).push("a2", CONFIG));
    assertTrue(e.getMessage().contains("defines nothing for agent 'a2'"), e.getMessage());
  }

  @Test
  void anAgentStartsFromZooKeeperAndReloadsWhenTheNodeChanges() throws Exception {
    AgentConfigStore store = new AgentConfigStore(client, settings.paths());
    store.push("a3", CONFIG.replace("a1.", "a3."));
    AtomicInteger changes = new AtomicInteger();
    try (ZooKeeperConfigSource src = new ZooKeeperConfigSource(client, "/sluice/cfg/agents", "a3");
        AgentApplication app = new AgentApplication(src, "a3", Duration.ZERO,
            AgentOptions.defaults(), ComponentRegistry.fromContextClassLoader())) {
      app.start();
      assertNotNull(app.agent().sink("k1"));
      src.onChange(() -> {
        changes.incrementAndGet();
        app.pollOnce();
      });
      store.push("a3", CONFIG.replace("a1.", "a3.").replace("k1", "k2"));
      await().atMost(Duration.ofSeconds(5)).until(() -> app.agent().sink("k2") != null);
      assertNull(app.agent().sink("k1"));
      assertTrue(changes.get() >= 1);
    }
  }
}
