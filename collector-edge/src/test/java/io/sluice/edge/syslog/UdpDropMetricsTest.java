package io.sluice.edge.syslog;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.core.agent.Agent;
import io.sluice.core.agent.AgentOptions;
import io.sluice.core.config.AgentConfigLoader;
import io.sluice.core.config.FlumeProperties;
import io.sluice.core.config.ValueSubstitutor;
import io.sluice.core.metrics.HttpMetricsServer;
import io.sluice.core.metrics.PrometheusText;
import io.sluice.core.registry.ComponentRegistry;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Datagrams a full channel refuses are lost (UDP cannot slow its sender); a real scrape of the
 * agent's {@code /prometheus} shows them as
 * {@code sluice_events_dropped_total{reason="channel_full"}}.
 */
class UdpDropMetricsTest {
  private static final Duration DEADLINE = Duration.ofSeconds(30);
  // A channel of 5 events whose sink cannot deliver (nothing listens at its port): it fills.
  private static final String CONFIG = """
      udp.sources = r1
      udp.channels = c1
      udp.sinks = k1
      udp.sources.r1.type = netcatudp
      udp.sources.r1.bind = 127.0.0.1
      udp.sources.r1.port = 0
      udp.sources.r1.channels = c1
      udp.channels.c1.type = memory
      udp.channels.c1.capacity = 5
      udp.channels.c1.transactionCapacity = 5
      udp.channels.c1.keep-alive = 0
      udp.sinks.k1.type = avro
      udp.sinks.k1.channel = c1
      udp.sinks.k1.hostname = 127.0.0.1
      udp.sinks.k1.port = %d
      udp.sinks.k1.batch-size = 5
      """;

  @Test
  void datagramsOnAFullChannelAreCountedAsDroppedWithTheirReason() throws Exception {
    int deadPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      deadPort = s.getLocalPort();
    }
    AgentConfigLoader loader = new AgentConfigLoader(ComponentRegistry.fromContextClassLoader(),
        ValueSubstitutor.of(Map.of(), Map.of()));
    try (Agent agent = new Agent(loader.load(FlumeProperties.parse(CONFIG.formatted(deadPort)),
            "udp"), AgentOptions.defaults().withShutdownGrace(Duration.ofSeconds(2)));
        HttpMetricsServer server = new HttpMetricsServer(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), "udp", () -> agent);
        DatagramSocket sender = new DatagramSocket()) {
      agent.start();
      int port = ((NetcatUdpSource) agent.source("r1")).boundPort();
      for (int i = 0; i < 5; i++) {
        send(sender, port, "fits " + i);
        long accepted = i + 1;
        await().atMost(DEADLINE).until(() -> agent.metrics()
            .value("SOURCE.r1", "EventAcceptedCount") == accepted);
      }
      for (int i = 0; i < 3; i++) {
        send(sender, port, "lost " + i);
      }
      await().atMost(DEADLINE).until(() -> agent.metrics()
          .value("SOURCE.r1", "ChannelWriteFail") == 3);

      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + server.port() + "/prometheus")).build(),
          HttpResponse.BodyHandlers.ofString());
      Map<String, PrometheusText.Sample> s = PrometheusText.parse(r.body());
      PrometheusText.Sample dropped = PrometheusText.one(s, "sluice_events_dropped_total",
          "component", "r1", "reason", "channel_full");
      assertEquals(3.0, dropped.value());
      assertEquals("netcatudp", dropped.labels().get("component_type"));
      assertEquals("source", dropped.labels().get("component_kind"));
    }
  }

  private static void send(DatagramSocket sender, int port, String text) throws Exception {
    byte[] d = text.getBytes(StandardCharsets.UTF_8);
    sender.send(new DatagramPacket(d, d.length, InetAddress.getLoopbackAddress(), port));
  }
}
