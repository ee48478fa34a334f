package io.sluice.aggregator.registration;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.coordination.ZkSettings;
import io.sluice.core.agent.Agent;
import io.sluice.core.agent.AgentOptions;
import io.sluice.core.avro.AvroSource;
import io.sluice.testsupport.TestAgents;
import io.sluice.testsupport.TestZooKeeper;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.apache.curator.framework.CuratorFramework;
import org.junit.jupiter.api.Test;

/** Registration of a running aggregator agent in a real (in-process) ZooKeeper. */
class AggregatorRegistrationTest {
  private static final String ONE_AVRO = """
      agg.sources = r1 s2
      agg.channels = c1
      agg.sinks = k1
      agg.sources.r1.type = avro
      agg.sources.r1.bind = 127.0.0.1
      agg.sources.r1.port = 0
      agg.sources.r1.channels = c1
      agg.sources.s2.type = seq
      agg.sources.s2.totalEvents = 1
      agg.sources.s2.channels = c1
      agg.channels.c1.type = memory
      agg.sinks.k1.type = null
      agg.sinks.k1.channel = c1
      """;

  @Test
  void registersTheBoundPortWhileRunningAndDeregistersBeforeThePortCloses() throws Exception {
    try (TestZooKeeper zk = TestZooKeeper.start()) {
      CuratorFramework reader = zk.client("c1");
      ZkSettings settings = zk.settings("c1");
      Agent agent = agent(ONE_AVRO);
      try {
        AggregatorRegistration reg = new AggregatorRegistration(agent,
            RegistrationSettings.of(settings, "hot").withMemberId(Optional.of("agg-7"))
                .withDeregisterGrace(Duration.ofMillis(100)));
        reg.start();
        assertTrue(reg.awaitRegistered(Duration.ofSeconds(10)));
        assertEquals("/sluice/c1/tiers/hot/members/agg-7", reg.memberPath());
        int port = ((AvroSource) agent.source("r1")).boundPort();
        String json = new String(reader.getData().forPath(reg.memberPath()),
            StandardCharsets.UTF_8);
        assertTrue(json.contains("\"port\":" + port) && json.contains("\"host\":\"127.0.0.1\"")
            && json.contains("\"tls\":false"), json);
        assertTrue(json.contains("\"pid\":" + ProcessHandle.current().pid()), json);
        reg.close();
        assertEquals(null, reader.checkExists().forPath(reg.memberPath()), "deregistered");
        try (Socket s = new Socket("127.0.0.1", port)) {
          assertTrue(s.isConnected(), "the port stays open until the agent stops");
        }
      } finally {
        agent.stop();
      }
    }
  }

  @Test
  void waitsForTheAgentToRunBeforeRegistering() throws Exception {
    try (TestZooKeeper zk = TestZooKeeper.start()) {
      CuratorFramework reader = zk.client("c1");
      ZkSettings settings = zk.settings("c1");
      Agent agent = new Agent(load(ONE_AVRO), AgentOptions.defaults());
      AggregatorRegistration reg = new AggregatorRegistration(agent,
          RegistrationSettings.of(settings, "hot"));
      try {
        reg.start();
        assertFalse(reg.awaitRegistered(Duration.ofMillis(300)), "not before the agent runs");
        agent.start();
        assertTrue(reg.awaitRegistered(Duration.ofSeconds(10)));
        assertNotNull(reader.checkExists().forPath("/sluice/c1/tiers/hot/members/agg"),
            "member id defaults to the agent name");
      } finally {
        reg.close();
        agent.stop();
      }
      await().atMost(Duration.ofSeconds(5)).until(() ->
          reader.checkExists().forPath("/sluice/c1/tiers/hot/members/agg") == null);
    }
  }

  @Test
  void sourceChoiceMistakesNameTheSource() {
    var one = load(ONE_AVRO);
    assertEquals("r1", RegisteredSource.pick(one, Optional.empty()).name());
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> RegisteredSource.pick(one, Optional.of("s2"))).getMessage()
        .contains("'s2' of agent 'agg' is not an avro source"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> RegisteredSource.pick(one, Optional.of("nope"))).getMessage()
        .contains("no source 'nope'"));
    var two = load(ONE_AVRO.replace("agg.sources = r1 s2", "agg.sources = r1 r2 s2")
        + "agg.sources.r2.type = avro\nagg.sources.r2.bind = 0.0.0.0\nagg.sources.r2.port = 0\n"
        + "agg.sources.r2.channels = c1\n");
    String msg = assertThrows(IllegalArgumentException.class,
        () -> RegisteredSource.pick(two, Optional.empty())).getMessage();
    assertTrue(msg.contains("several avro sources [r1, r2]") && msg.contains("--register-source"),
        msg);
    RegisteredSource wildcard = RegisteredSource.pick(two, Optional.of("r2"));
    assertFalse(wildcard.defaultAdvertiseHost().equals("0.0.0.0"),
        "a wildcard bind advertises the host name");
    assertEquals("127.0.0.1", RegisteredSource.pick(two, Optional.of("r1"))
        .defaultAdvertiseHost());
  }

  private static Agent agent(String text) {
    return TestAgents.start(text, "agg", AgentOptions.defaults());
  }

  private static io.sluice.core.config.AgentConfig load(String text) {
    return TestAgents.load(text, "agg");
  }
}
