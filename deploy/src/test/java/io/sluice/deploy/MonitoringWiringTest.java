package io.sluice.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.core.metrics.HttpMetricsServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sluice agent} with {@code -Dflume.monitoring.type=http}: every endpoint, then gone. */
class MonitoringWiringTest {
  @TempDir Path tmp;
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void clearProperties() {
    System.clearProperty(HttpMetricsServer.TYPE_PROPERTY);
    System.clearProperty(HttpMetricsServer.PORT_PROPERTY);
    System.clearProperty(HttpMetricsServer.BIND_PROPERTY);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void anAgentServesFlumeJsonPrometheusAndHealthUntilItStops() throws Exception {
    Path conf = Files.writeString(tmp.resolve("a.conf"), """
        a1.sources = r1
        a1.channels = c1
        a1.sinks = k1
        a1.sources.r1.type = seq
        a1.sources.r1.totalEvents = 50
        a1.sources.r1.channels = c1
        a1.channels.c1.type = memory
        a1.sinks.k1.type = null
        a1.sinks.k1.channel = c1
        """);
    int port = freePort();
    System.setProperty(HttpMetricsServer.TYPE_PROPERTY, "http");
    System.setProperty(HttpMetricsServer.PORT_PROPERTY, Integer.toString(port));
    System.setProperty(HttpMetricsServer.BIND_PROPERTY, "127.0.0.1");
    SluiceMain.Started started = SluiceMain.startAgent(AgentCommandLine.parse(List.of(
        "-n", "a1", "-f", conf.toString(), "--no-reload-conf", "--shutdown-grace", "0")),
        Map.of(), new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(ExitCode.OK, started.code(), err.toString(StandardCharsets.UTF_8));
    try {
      assertTrue(get(port, "/metrics").body().contains("\"SOURCE.r1\":{\"Type\":\"SOURCE\""));
      assertEquals(200, get(port, "/health/ready").statusCode());
      assertEquals(200, get(port, "/health/live").statusCode());
      assertTrue(get(port, "/prometheus").body().contains(
          "sluice_agent_ready{agent=\"a1\"} 1.0"));
      assertTrue(get(port, "/status").body().contains("\"agent\":\"a1\""));
    } finally {
      started.running().close();
    }
    assertThrows(IOException.class, () -> get(port, "/health/live"),
        "the server stops with the agent");
  }

  @Test
  void aBadMonitoringPortRefusesToStartNamingTheProperty() throws Exception {
    Path conf = Files.writeString(tmp.resolve("a.conf"), "a1.channels = c1\n"
        + "a1.channels.c1.type = memory\n");
    System.setProperty(HttpMetricsServer.TYPE_PROPERTY, "http");
    System.setProperty(HttpMetricsServer.PORT_PROPERTY, "not-a-port");
    SluiceMain.Started started = SluiceMain.startAgent(AgentCommandLine.parse(List.of(
        "-n", "a1", "-f", conf.toString(), "--no-reload-conf")), Map.of(),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(ExitCode.BAD_CONFIG, started.code());
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("flume.monitoring.port=not-a-port"),
        err.toString(StandardCharsets.UTF_8));
  }
}
