package io.sluice.aggregator.registration;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.core.agent.Agent;
import io.sluice.core.avro.AvroSource;
import io.sluice.core.metrics.FullChannelLimits;
import io.sluice.core.metrics.FullChannelReadiness;
import io.sluice.core.metrics.HttpMetricsServer;
import io.sluice.core.metrics.MonitoredAgent;
import io.sluice.testsupport.TestAgents;
import io.sluice.testsupport.TestZooKeeper;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.apache.curator.framework.CuratorFramework;
import org.junit.jupiter.api.Test;

/**
 * An aggregator whose sink cannot deliver fills its channel, becomes not ready and leaves its tier;
 * once its sink delivers again and the channel drains it is ready and a member again. Real agents,
 * a real in-process ZooKeeper and the real monitoring server.
 */
class FullAggregatorLeavesItsTierTest {
  private static final String MEMBER = "/sluice/c1/tiers/hot/members/agg";
  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(2)).build();

  @Test
  void aFullAggregatorLeavesItsTierUntilItHasDrained() throws Exception {
    int downstreamPort = TestAgents.freePort();
    FullChannelReadiness fill = new FullChannelReadiness(
        new FullChannelLimits(0.8, 0.3, Duration.ofMillis(300)), System::nanoTime);
    try (TestZooKeeper zk = TestZooKeeper.start()) {
      CuratorFramework reader = zk.client("c1");
      Agent agg = start("""
          agg.sources = r1
          agg.channels = c1
          agg.sinks = k1
          agg.sources.r1.type = avro
          agg.sources.r1.bind = 127.0.0.1
          agg.sources.r1.port = 0
          agg.sources.r1.channels = c1
          agg.channels.c1.type = memory
          agg.channels.c1.capacity = 100
          agg.channels.c1.transactionCapacity = 10
          agg.sinks.k1.type = avro
          agg.sinks.k1.hostname = 127.0.0.1
          agg.sinks.k1.port = %d
          agg.sinks.k1.batch-size = 10
          agg.sinks.k1.channel = c1
          """.formatted(downstreamPort), "agg");
      MonitoredAgent monitored = fill.gate(agg);
      Agent edge = null;
      Agent downstream = null;
      try (HttpMetricsServer server = new HttpMetricsServer(
              new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), "agg", () -> monitored);
          AggregatorRegistration reg = new AggregatorRegistration(agg, monitored,
              RegistrationSettings.of(zk.settings("c1"), "hot")
                  .withDeregisterGrace(Duration.ZERO))) {
        reg.start();
        assertTrue(reg.awaitRegistered(Duration.ofSeconds(10)), "joins while its channel is empty");
        assertEquals(200, get(server.port()).statusCode());

        // An edge fills the aggregator's channel: its sink has nowhere to deliver.
        edge = start(edgeSending(100, ((AvroSource) agg.source("r1")).boundPort()), "edge");
        await().atMost(Duration.ofSeconds(15)).until(() ->
            reader.checkExists().forPath(MEMBER) == null);
        HttpResponse<String> ready = get(server.port());
        assertEquals(503, ready.statusCode(), ready.body());
        assertTrue(ready.body().contains("channel c1 is 100% full (at or above 80% for 0.3 s;"
            + " ready again below 30%)"), ready.body());

        // The next hop appears: the sink drains the channel and the aggregator rejoins.
        downstream = start(receiving(downstreamPort), "down");
        await().atMost(Duration.ofSeconds(20)).until(() ->
            reader.checkExists().forPath(MEMBER) != null);
        assertEquals(200, get(server.port()).statusCode());
        assertTrue(agg.metrics().value("CHANNEL.c1", "ChannelSize") < 30);
      } finally {
        for (Agent a : new Agent[] {edge, agg, downstream}) {
          if (a != null) {
            a.stop();
          }
        }
      }
    }
  }

  private HttpResponse<String> get(int port) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
        + "/health/ready")).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String edgeSending(int events, int port) {
    return """
        edge.sources = s1
        edge.channels = c1
        edge.sinks = k1
        edge.sources.s1.type = seq
        edge.sources.s1.totalEvents = %d
        edge.sources.s1.channels = c1
        edge.channels.c1.type = memory
        edge.sinks.k1.type = avro
        edge.sinks.k1.hostname = 127.0.0.1
        edge.sinks.k1.port = %d
        edge.sinks.k1.batch-size = 10
        edge.sinks.k1.channel = c1
        """.formatted(events, port);
  }

  private static String receiving(int port) {
    return """
        down.sources = r1
        down.channels = c1
        down.sinks = k1
        down.sources.r1.type = avro
        down.sources.r1.bind = 127.0.0.1
        down.sources.r1.port = %d
        down.sources.r1.channels = c1
        down.channels.c1.type = memory
        down.sinks.k1.type = null
        down.sinks.k1.channel = c1
        """.formatted(port);
  }

  private static Agent start(String text, String name) {
    return TestAgents.start(text, name, Duration.ZERO);
  }
}
