package io.sluice.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class HttpMetricsServerTest {
  @Test
  void servesEveryGroupWithStringValuesLikeFlume() throws Exception {
    MetricsRegistry registry = new MetricsRegistry();
    registry.group("SOURCE.r1").counter("EventAcceptedCount").add(42);
    registry.group("CHANNEL.c1").gauge("ChannelSize", () -> 7);
    try (HttpMetricsServer server = new HttpMetricsServer(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), registry::snapshot)) {
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + server.port() + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode());
      assertEquals("{\"CHANNEL.c1\":{\"Type\":\"CHANNEL\",\"ChannelSize\":\"7\"},"
          + "\"SOURCE.r1\":{\"Type\":\"SOURCE\",\"EventAcceptedCount\":\"42\"}}", r.body());
    }
  }
}
