package io.sluice.coordination;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.core.agent.AgentApplication;
import io.sluice.core.agent.AgentOptions;
import io.sluice.core.registry.ComponentRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
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
  private static AgentConfigStore store;

  @BeforeAll
  static void start() throws Exception {
    server = new TestingServer(true);
    settings = Zk.settings(server.getConnectString(), "cfg");
    client = Zk.client(settings);
    store = new AgentConfigStore(client, settings.paths());
  }

  @AfterAll
  static void stop() throws Exception {
    client.close();
    server.close();
  }

  /** A source under Sluice's layout for the test cluster, following with the default jitter. */
  private static ZooKeeperConfigSource source(String agent) {
    return new ZooKeeperConfigSource(client, "/sluice/cfg/agents", agent,
        JitteredBackoff.defaults(), Zk.THREADS);
  }

  /** Pushes the test config, renamed for {@code agent}, to the agent's node; answers the text. */
  private static String pushConfigOf(String agent) {
    String text = CONFIG.replace("a1.", agent + ".");
    store.push(agent, text);
    return text;
  }

  @Test
  void readsTheWholePropertiesTextOfTheAgentNode() throws Exception {
    String path = store.push("a1", CONFIG);
    assertEquals("/sluice/cfg/agents/a1", path);
    ZooKeeperConfigSource src = source("a1");
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
        new ZooKeeperConfigSource(client, "/flume", "a9", JitteredBackoff.defaults(),
            Zk.THREADS).read());
  }

  @Test
  void aMissingNodeIsAnIoErrorNamingThePath() {
    IOException e = assertThrows(IOException.class,
        () -> source("nobody").read());
    assertTrue(e.getMessage().contains("no agent config in ZooKeeper at /sluice/cfg/agents/nobody"),
        e.getMessage());
  }

  @Test
  void pushRefusesTextThatDefinesNothingForTheAgent() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> store.push("a2", CONFIG));
    assertTrue(e.getMessage().contains("defines nothing for agent 'a2'"), e.getMessage());
  }

  @Test
  void anAgentStartsFromZooKeeperAndReloadsWhenTheNodeChanges() throws Exception {
    String a3 = pushConfigOf("a3");
    AtomicInteger changes = new AtomicInteger();
    try (ZooKeeperConfigSource src = source("a3");
        AgentApplication app = new AgentApplication(src, "a3", Duration.ZERO,
            AgentOptions.defaults(), ComponentRegistry.fromContextClassLoader())) {
      app.start();
      assertNotNull(app.agent().sink("k1"));
      src.onChange(() -> {
        changes.incrementAndGet();
        app.pollOnce();
      });
      store.push("a3", a3.replace("k1", "k2"));
      await().atMost(Duration.ofSeconds(5)).until(() -> app.agent().sink("k2") != null);
      assertNull(app.agent().sink("k1"));
      assertTrue(changes.get() >= 1);
    }
  }

  @Test
  void aWriteOfTheNodeCallsBackOnceAfterTheDebounceAsDoDeletionAndCreation() throws Exception {
    String a4 = pushConfigOf("a4");
    List<Long> calls = new CopyOnWriteArrayList<>();
    try (ZooKeeperConfigSource src = source("a4")) {
      src.read();
      src.onChange(() -> calls.add(System.nanoTime()));
      await().atMost(Duration.ofSeconds(5)).until(() -> src.checks() == 1);
      assertEquals(List.of(), calls, "nothing changed since the read");

      long pushedAt = System.nanoTime();
      store.push("a4", a4.replace("k1", "k2"));
      await().atMost(Duration.ofSeconds(5)).until(() -> calls.size() == 1);
      long after = TimeUnit.NANOSECONDS.toMillis(calls.get(0) - pushedAt);
      assertTrue(after >= 200, "called back " + after + " ms after the push, not debounced");

      client.delete().forPath(src.path());
      await().atMost(Duration.ofSeconds(5)).until(() -> calls.size() == 2);
      store.push("a4", a4);
      await().atMost(Duration.ofSeconds(5)).until(() -> calls.size() == 3);
      assertEquals("seq", src.read().get("a4.sources.r1.type"));
      long checks = src.checks();
      await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
          .until(() -> calls.size() == 3 && src.checks() == checks);
    }
  }

  @Test
  void closeStopsTheFollowingThreadAndLaterChangesCallNothing() throws Exception {
    String a5 = pushConfigOf("a5");
    List<Thread> threads = new CopyOnWriteArrayList<>();
    AtomicInteger calls = new AtomicInteger();
    ZooKeeperConfigSource src = new ZooKeeperConfigSource(client, "/sluice/cfg/agents", "a5",
        JitteredBackoff.defaults(), Zk.recording("a5-zk-config", threads));
    assertEquals(List.of(), threads, "no thread before anyone follows the node");
    src.onChange(calls::incrementAndGet);
    await().atMost(Duration.ofSeconds(5)).until(() -> src.checks() == 1);
    src.close();
    src.close();
    assertEquals(1, threads.size());
    assertTrue(threads.get(0).getName().startsWith("a5-zk-config"), threads.get(0).getName());
    threads.get(0).join(TimeUnit.SECONDS.toMillis(5));
    assertFalse(threads.get(0).isAlive(), "the source's thread ended");
    store.push("a5", a5.replace("k1", "k2"));
    assertEquals("null", src.read().get("a5.sinks.k2.type"), "read still works after close");
    assertEquals(0, calls.get());
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> src.onChange(calls::incrementAndGet));
    assertTrue(e.getMessage().contains("/sluice/cfg/agents/a5 is closed"), e.getMessage());
  }
}
