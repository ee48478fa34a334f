package io.sluice.edge.discovery;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.core.agent.Agent;
import io.sluice.core.metrics.ComponentKind;
import io.sluice.testsupport.InProcessAggregator;
import io.sluice.testsupport.InProcessCluster;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Avro sinks an edge builds from ZooKeeper for a discovered sink group are MBeans under Flume's
 * names, as configured sinks are: a JMX client (over RMI) sees a member appear when its aggregator
 * joins the tier, reads Flume's attribute names and counts from it, and sees it go when the
 * aggregator leaves.
 */
class DiscoveredMemberMBeansTest {
  private static final Duration DEADLINE = Duration.ofSeconds(20);
  private static final int EVENTS = 50;
  /** Flume 1.11's SinkCounter attributes, and what every Flume MBean has. */
  private static final Set<String> FLUME_SINK_ATTRIBUTES = Set.of("ConnectionCreatedCount",
      "ConnectionClosedCount", "ConnectionFailedCount", "BatchEmptyCount", "BatchUnderflowCount",
      "BatchCompleteCount", "EventDrainAttemptCount", "EventDrainSuccessCount", "EventWriteFail",
      "ChannelReadFail", "StartTime", "StopTime", "Type");

  @TempDir Path tmp;

  @Test
  void discoveredMembersComeAndGoAsFlumeSinkMBeans() throws Exception {
    JMXConnectorServer jmxServer = JMXConnectorServerFactory.newJMXConnectorServer(
        new JMXServiceURL("service:jmx:rmi://127.0.0.1"), null,
        ManagementFactory.getPlatformMBeanServer());
    jmxServer.start();
    try (JMXConnector jmx = JMXConnectorFactory.connect(jmxServer.getAddress())) {
      MBeanServerConnection c = jmx.getMBeanServerConnection();
      ObjectName first = new ObjectName("org.apache.flume.sink:type=jmxtier-m1");
      ObjectName second = new ObjectName("org.apache.flume.sink:type=jmxtier-m2");
      try (InProcessCluster cluster = InProcessCluster.builder(tmp).zooKeeper("mbeans")
          .tier("jmxtier").aggregators("m1").edge("e1", EDGE.formatted(EVENTS)).start()) {
        Agent edge = cluster.edge("e1");
        InProcessAggregator m1 = cluster.aggregator("m1");
        await().atMost(DEADLINE).until(() -> c.isRegistered(first));
        assertEquals(first, edge.mbeans().nameOf(ComponentKind.SINK, "jmxtier-m1"));
        Set<String> names = Arrays.stream(c.getMBeanInfo(first).getAttributes())
            .map(MBeanAttributeInfo::getName).collect(Collectors.toSet());
        assertTrue(names.containsAll(FLUME_SINK_ATTRIBUTES), "attributes: " + names);
        assertEquals("SINK", c.getAttribute(first, "Type"));
        assertTrue((Long) c.getAttribute(first, "StartTime") > 0);
        await().atMost(DEADLINE).until(() -> m1.landedCount() == EVENTS);
        assertEquals((long) EVENTS, c.getAttribute(first, "EventDrainSuccessCount"));

        InProcessAggregator m2 = cluster.addAggregator("m2");
        try {
          await().atMost(DEADLINE).until(() -> c.isRegistered(second));
          assertTrue(c.isRegistered(first));
        } finally {
          m2.close(); // leaves the tier: the edge drops its member
        }
        await().atMost(DEADLINE).until(() -> !c.isRegistered(second));
        assertTrue(c.isRegistered(first), "the member that stays keeps its MBean");
      }
      assertFalse(c.isRegistered(first), "a stopped edge leaves no member MBean behind");
    } finally {
      jmxServer.stop();
    }
  }

  /** An edge whose only sink group is discovered; a seq source puts {@link #EVENTS} events. */
  private static final String EDGE = """
      e1.sources = r1
      e1.sources.r1.type = seq
      e1.sources.r1.totalEvents = %d
      e1.sources.r1.channels = c1
      e1.channels = c1
      e1.channels.c1.type = memory
      e1.sinkgroups = g1
      e1.sinkgroups.g1.channel = c1
      e1.sinkgroups.g1.discovery = zookeeper
      e1.sinkgroups.g1.discovery.connect = {{zk.connect}}
      e1.sinkgroups.g1.discovery.cluster = {{zk.cluster}}
      e1.sinkgroups.g1.discovery.tier = jmxtier
      e1.sinkgroups.g1.discovery.cacheDir = {{dir}}/cache
      e1.sinkgroups.g1.processor.type = load_balance
      """;
}
