package io.sluice.deploy;

import static org.awaitility.Awaitility.await;

import io.sluice.coordination.ZkClientFactory;
import io.sluice.core.agent.AgentOptions;
import io.sluice.testsupport.TestZooKeeper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.curator.framework.CuratorFramework;
import org.junit.jupiter.api.Test;

/**
 * An agent that reads its config from ZooKeeper ({@code -z}) reports its client's state as
 * {@code ZooKeeperConnected} ({@code sluice_zookeeper_connected}): 1, then 0 while ZooKeeper is
 * down, then 1 again once it is back, while the agent keeps running.
 */
class ZkAgentConnectedGaugeTest {
  private static final Duration DEADLINE = Duration.ofSeconds(20);

  @Test
  void followsZooKeeperGoingAwayAndComingBack() throws Exception {
    try (TestZooKeeper zk = TestZooKeeper.start()) {
      try (CuratorFramework c = new ZkClientFactory(zk.settings("g"))
          .startConnected(Duration.ofSeconds(10))) {
        c.create().creatingParentsIfNeeded().forPath("/flume/a1",
            ValidateCommandTest.GOOD.getBytes(StandardCharsets.UTF_8));
      }
      AgentCommandLine cl = AgentCommandLine.parse(List.of("-n", "a1", "-z",
          zk.connectString(), "-p", "/flume", "--no-reload-conf"));
      try (ZkAgent agent = ZkAgent.open(cl, AgentOptions.defaults(), Map.of())) {
        agent.start(false);
        awaitGauge(agent, 1);
        zk.stop();
        awaitGauge(agent, 0);
        zk.restart();
        awaitGauge(agent, 1);
      }
    }
  }

  private static void awaitGauge(ZkAgent agent, long expected) {
    await().atMost(DEADLINE).until(() -> agent.application().agent().metrics()
        .value(ZkAgent.METRICS_PREFIX + "a1", "ZooKeeperConnected") == expected);
  }
}
