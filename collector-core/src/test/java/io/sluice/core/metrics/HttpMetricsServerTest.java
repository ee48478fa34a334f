package io.sluice.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The monitoring server over real sockets: Flume's JSON, methods, bad and stalled clients. */
class HttpMetricsServerTest {
  private static final InetSocketAddress ANY_PORT =
      new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();

  /** A running agent with fixed components, standing in for one that counts. */
  private record FixedAgent(MetricsRegistry metrics, AgentPhase phase) implements MonitoredAgent {
    @Override
    public String name() {
      return "a1";
    }

    @Override
    public AgentStatus status() {
      return new AgentStatus("a1", phase, 1_000, 0, 0,
          List.of(new ComponentStatus(ComponentKind.SOURCE, "r1", "seq", true)));
    }
  }

  private static MetricsRegistry flumeLikeRegistry() {
    MetricsRegistry registry = new MetricsRegistry();
    registry.group("SOURCE.r1").counter("EventAcceptedCount").add(42);
    registry.group("CHANNEL.c1").gauge("ChannelSize", () -> 7);
    return registry;
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesEveryGroupWithStringValuesLikeFlume() throws Exception {
    MonitoredAgent agent = new FixedAgent(flumeLikeRegistry(), AgentPhase.RUNNING);
    try (HttpMetricsServer server = new HttpMetricsServer(ANY_PORT, "a1", () -> agent)) {
      HttpResponse<String> r = get(server.port(), "/metrics");
      assertEquals(200, r.statusCode());
      // As Flume's: each group holds its MBean's attributes, Flume's names "0" until counted, a
      // channel's fill a double (Flume's MAX_VALUE while the capacity is unknown).
      assertEquals("{\"CHANNEL.c1\":{\"Type\":\"CHANNEL\",\"ChannelSize\":\"7\","
          + "\"ChannelCapacity\":\"0\",\"EventPutAttemptCount\":\"0\","
          + "\"EventPutSuccessCount\":\"0\","
          + "\"EventTakeAttemptCount\":\"0\",\"EventTakeSuccessCount\":\"0\","
          + "\"ChannelFillPercentage\":\"1.7976931348623157E308\",\"StartTime\":\"0\","
          + "\"StopTime\":\"0\"},\"SOURCE.r1\":{\"Type\":\"SOURCE\","
          + "\"EventReceivedCount\":\"0\",\"EventAcceptedCount\":\"42\","
          + "\"AppendReceivedCount\":\"0\",\"AppendAcceptedCount\":\"0\","
          + "\"AppendBatchReceivedCount\":\"0\",\"AppendBatchAcceptedCount\":\"0\","
          + "\"OpenConnectionCount\":\"0\",\"EventReadFail\":\"0\",\"ChannelWriteFail\":\"0\","
          + "\"GenericProcessingFail\":\"0\",\"StartTime\":\"0\",\"StopTime\":\"0\"}}", r.body());
      assertEquals("application/json; charset=utf-8",
          r.headers().firstValue("Content-Type").orElseThrow());
    }
  }

  @Test
  void answersOnlyGetAndUnknownPathsWith404() throws Exception {
    MonitoredAgent agent = new FixedAgent(flumeLikeRegistry(), AgentPhase.RUNNING);
    try (HttpMetricsServer server = new HttpMetricsServer(ANY_PORT, "a1", () -> agent)) {
      for (String method : List.of("POST", "PUT", "DELETE", "TRACE", "OPTIONS")) {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
            .method(method, HttpRequest.BodyPublishers.ofString("x")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(405, r.statusCode(), method);
        assertEquals("GET", r.headers().firstValue("Allow").orElseThrow(), method);
      }
      assertEquals(404, get(server.port(), "/nope").statusCode());
    }
  }

  @Test
  void readinessFollowsThePhaseWhileLivenessStaysUp() throws Exception {
    MonitoredAgent draining = new FixedAgent(new MetricsRegistry(), AgentPhase.DRAINING);
    try (HttpMetricsServer starting = new HttpMetricsServer(ANY_PORT, "a1", () -> null);
        HttpMetricsServer stopping = new HttpMetricsServer(ANY_PORT, "a1", () -> draining)) {
      HttpResponse<String> r = get(starting.port(), "/health/ready");
      assertEquals(503, r.statusCode());
      assertTrue(r.body().contains("agent is starting"), r.body());
      assertEquals(200, get(starting.port(), "/health/live").statusCode());
      assertTrue(get(starting.port(), "/status").body().contains("\"phase\":\"STARTING\""));
      r = get(stopping.port(), "/health/ready");
      assertEquals(503, r.statusCode());
      assertTrue(r.body().contains("agent is draining"), r.body());
      assertEquals(200, get(stopping.port(), "/health/live").statusCode());
    }
  }

  @Test
  void garbageRequestsGet400AndOthersAreStillAnswered() throws Exception {
    MonitoredAgent agent = new FixedAgent(flumeLikeRegistry(), AgentPhase.RUNNING);
    try (HttpMetricsServer server = new HttpMetricsServer(ANY_PORT, "a1", () -> agent)) {
      for (String garbage : List.of("\u0000\u0001\u0002 nonsense\r\n\r\n",
          "GET /" + "x".repeat(10_000) + " HTTP/1.1\r\n\r\n",
          "GET /metrics HTTP/1.1\r\nHost: h\r\n" + "X: y\r\n".repeat(3000) + "\r\n")) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
          s.setSoTimeout(5000);
          s.getOutputStream().write(garbage.getBytes(StandardCharsets.ISO_8859_1));
          String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
          assertTrue(answer.startsWith("HTTP/1.1 4"), answer);
        }
        assertEquals(200, get(server.port(), "/metrics").statusCode());
      }
    }
  }

  @Test
  void aStalledClientNeitherStallsOthersNorHoldsItsConnection() throws Exception {
    MonitoredAgent agent = new FixedAgent(flumeLikeRegistry(), AgentPhase.RUNNING);
    Duration timeout = Duration.ofSeconds(2);
    try (HttpMetricsServer server = new HttpMetricsServer(ANY_PORT,
            new MonitoringRoutes("a1", () -> agent), timeout);
        Socket stalled = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      OutputStream out = stalled.getOutputStream();
      out.write("GET /metrics HTTP/1.1\r\nHost: lo".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      long start = System.nanoTime();
      for (int i = 0; i < 20; i++) {
        assertEquals(200, get(server.port(), "/metrics").statusCode());
        assertEquals(200, get(server.port(), "/health/live").statusCode());
      }
      // Everyone else was answered while the stalled request was still open.
      assertTrue(System.nanoTime() - start < timeout.toNanos(),
          "answers took longer than the stalled client's timeout");
      stalled.setSoTimeout(10_000);
      InputStream in = stalled.getInputStream();
      assertEquals(-1, readToEnd(in), "the server closes a stalled request after its timeout");
    }
  }

  @Test
  void listensOnlyOnTheBindAddressAndAnUnknownOneNamesTheProperty() throws Exception {
    MonitoredAgent agent = new FixedAgent(flumeLikeRegistry(), AgentPhase.RUNNING);
    try (HttpMetricsServer server = HttpMetricsServer.fromProperties(Map.of(
        HttpMetricsServer.TYPE_PROPERTY, "http", HttpMetricsServer.PORT_PROPERTY, "0",
        HttpMetricsServer.BIND_PROPERTY, " 127.0.0.1 ")::get, "a1", () -> agent)) {
      assertEquals(200, get(server.port(), "/health/live").statusCode());
      // 127.0.0.2 is this host's loopback too: only a wildcard bind would answer there.
      assertThrows(ConnectException.class, () -> new Socket("127.0.0.2", server.port()).close());
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> HttpMetricsServer.fromProperties(Map.of(HttpMetricsServer.TYPE_PROPERTY, "http",
            HttpMetricsServer.BIND_PROPERTY, "no-such-host.invalid")::get, "a1", () -> agent));
    assertEquals("sluice.monitoring.bind=no-such-host.invalid is not a known address",
        e.getMessage());
  }

  @Test
  void connectionsPastTheCapAreClosedAtOnceAndTheServerAnswersAgainAfter() throws Exception {
    MonitoredAgent agent = new FixedAgent(flumeLikeRegistry(), AgentPhase.RUNNING);
    List<Socket> held = new ArrayList<>();
    try (HttpMetricsServer server = new HttpMetricsServer(ANY_PORT,
        new MonitoringRoutes("a1", () -> agent), Duration.ofMinutes(1))) {
      for (int i = 0; i < HttpMetricsServer.MAX_CONNECTIONS; i++) {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port());
        held.add(s);
        s.getOutputStream().write("GET /metrics HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
      }
      try (Socket extra = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
        extra.setSoTimeout(10_000); // far below the request timeout: closed for the cap
        assertEquals(-1, extra.getInputStream().read());
      }
      for (Socket s : held) {
        s.close();
      }
      held.clear();
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      int status = 0;
      while (status != 200 && System.nanoTime() < deadline) {
        try {
          status = get(server.port(), "/metrics").statusCode();
        } catch (IOException closedWhileOthersStillCount) {
          Thread.onSpinWait();
        }
      }
      assertEquals(200, status, "slots come back once the held connections close");
    } finally {
      for (Socket s : held) {
        s.close();
      }
    }
  }

  private static int readToEnd(InputStream in) throws IOException {
    int b;
    do {
      b = in.read();
    } while (b != -1);
    return b;
  }
}
