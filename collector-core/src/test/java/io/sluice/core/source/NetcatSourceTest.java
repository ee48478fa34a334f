package io.sluice.core.source;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.Event;
import io.sluice.core.metrics.MetricsRegistry;
import io.sluice.core.testutil.Configs;
import io.sluice.core.testutil.TestChannelProcessor;
import io.sluice.core.testutil.TestQueueChannel;
import io.sluice.testpeers.HostilePeers;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NetcatSourceTest {
  private final TestQueueChannel channel = new TestQueueChannel("c1", 3);
  private final MetricsRegistry metrics = new MetricsRegistry();
  private NetcatSource source;

  private NetcatSource start(Map<String, String> extra) throws Exception {
    source = NetcatSources.start(extra, new TestChannelProcessor(channel), metrics);
    return source;
  }

  @AfterEach
  void stop() {
    if (source != null) {
      source.stop();
    }
  }

  private static List<String> bodies(List<Event> events) {
    List<String> out = new ArrayList<>();
    events.forEach(e -> out.add(new String(e.getBody(), StandardCharsets.UTF_8)));
    return out;
  }

  @Test
  void linesBecomeEventsAndAreAckedAfterThePut() throws Exception {
    start(Map.of("max-line-length", "5"));
    try (Socket s = new Socket("127.0.0.1", source.boundPort())) {
      s.setSoTimeout(5000);
      OutputStream out = s.getOutputStream();
      BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      out.write("hello\r\nabcdefgh\n".getBytes(StandardCharsets.UTF_8));
      out.flush();
      assertEquals("OK", in.readLine());
      assertEquals("OK", in.readLine());
      assertEquals(List.of("hello", "abcde"), bodies(channel.drain()), "CR dropped, long line truncated");

      out.write("one\ntwo\nthree\nfour\n".getBytes(StandardCharsets.UTF_8));
      out.flush();
      assertEquals("OK", in.readLine());
      assertEquals("OK", in.readLine());
      assertEquals("OK", in.readLine());
      assertEquals("FAILED: the channel is full", in.readLine(), "no internal text in the reply");
    }
    assertEquals(List.of("one", "two", "three"), bodies(channel.drain()));
    assertEquals(6, metrics.value("SOURCE.r1", "EventReceivedCount"));
    assertEquals(5, metrics.value("SOURCE.r1", "EventAcceptedCount"));
  }

  @Test
  void stopClosesOpenConnectionsAndEndsItsThreads() throws Exception {
    start(Map.of("ack-every-event", "false"));
    try (Socket s = new Socket("127.0.0.1", source.boundPort())) {
      s.setSoTimeout(5000);
      s.getOutputStream().write("x\n".getBytes(StandardCharsets.UTF_8));
      await().atMost(Duration.ofSeconds(5)).until(() -> channel.size() == 1);
      source.stop();
      assertEquals(-1, s.getInputStream().read(), "the server side closed the connection");
    }
    // Netty and the executor complete their termination just before each thread's last step,
    // so a thread may still be returning when stop() does: wait briefly for it to end.
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertTrue(
        Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().startsWith("a1-r1-")),
        "no source thread survives stop()"));
  }

  /**
   * #16 (Low): without acks the client never hears of a line again, so the lines the source has
   * read are stored before stop() closes the connection, even when the channel is full for a while.
   */
  @Test
  void stopStoresTheLinesAlreadyReadWithoutAcks() throws Exception {
    start(Map.of("ack-every-event", "false")); // the channel holds 3
    try (Socket s = connect("127.0.0.1")) {
      s.getOutputStream().write("1\n2\n3\n4\n5\n".getBytes(StandardCharsets.UTF_8));
      await().atMost(Duration.ofSeconds(5)).until(() -> channel.size() == 3
          && metrics.value("SOURCE.r1", "EventReceivedCount") > 3); // 4 and 5 read, refused
      int port = source.boundPort();
      CompletableFuture<Void> stopping = CompletableFuture.runAsync(source::stop);
      await().atMost(Duration.ofSeconds(5)).until(() -> refuses(port)); // stop() has begun
      List<String> stored = new ArrayList<>(bodies(channel.drain())); // room, while stopping
      await().atMost(Duration.ofSeconds(5)).until(() -> {
        stored.addAll(bodies(channel.drain()));
        return stored.size() >= 5;
      });
      stopping.get(10, TimeUnit.SECONDS);
      assertEquals(List.of("1", "2", "3", "4", "5"), stored);
      assertEquals(-1, s.getInputStream().read(), "closed once its lines were stored");
    }
    assertEquals(5, metrics.value("SOURCE.r1", "EventAcceptedCount"));
  }

  @Test
  void portIsRequiredAndBounded() {
    NetcatSourceFactory f = new NetcatSourceFactory();
    assertEquals("port", Configs.parse(f, Map.of("bind", "0.0.0.0")).problems().get(0).key());
    assertEquals("port", Configs.parse(f, Map.of("bind", "0.0.0.0", "port", "70000")).problems().get(0).key());
  }

  @Test
  void maxLineLengthIsBoundedNamingTheKey() {
    NetcatSourceFactory f = new NetcatSourceFactory();
    var problems = Configs.parse(f, Map.of("bind", "0.0.0.0", "port", "0",
        "max-line-length", "2000000000")).problems();
    assertEquals("max-line-length", problems.get(0).key(), problems.toString());
    assertTrue(Configs.parse(f, Map.of("bind", "0.0.0.0", "port", "0", "max-line-length", "10000"))
        .ok(), "a real config's 10000 is fine");
  }

  @Test
  void aFloodOverTheCapsIsRefusedWhileAGoodClientGetsItsLinesThrough() throws Exception {
    TestQueueChannel big = new TestQueueChannel("c1", 1000);
    source = NetcatSources.start(Map.of("max-connections", "15", "max-connections-per-peer", "10"),
        new TestChannelProcessor(big), metrics);
    List<Socket> flood = new ArrayList<>();
    try {
      for (int i = 0; i < 200; i++) {
        flood.add(connect("127.0.0.1"));
      }
      goodClientIsServed(big);
      assertEquals(190, countClosed(flood, 100), "all but max-connections-per-peer of one address");
      List<Socket> more = new ArrayList<>();
      for (int i = 0; i < 15; i++) {
        more.add(connect("127.0.0.3"));
      }
      flood.addAll(more);
      await().atMost(Duration.ofSeconds(5)).until(() -> countClosed(more, 10) == 10);
      assertEquals(15, source.openConnections(), "max-connections holds across addresses");
    } finally {
      for (Socket s : flood) {
        s.close();
      }
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> source.openConnections() == 0);
  }

  /**
   * A client from another address sends a line and gets its OK. The source serves connections in
   * order on one I/O thread, so by then every earlier connection is accepted or refused.
   */
  private void goodClientIsServed(TestQueueChannel big) throws IOException {
    try (Socket good = connect("127.0.0.2")) {
      good.getOutputStream().write("good line\n".getBytes(StandardCharsets.UTF_8));
      assertEquals("OK", readLine(good.getInputStream()));
    }
    assertEquals(List.of("good line"), bodies(big.drain()));
  }

  private static long countClosed(List<Socket> sockets, int millisEach) {
    return sockets.stream().filter(s -> closedByServer(s, millisEach)).count();
  }

  @Test
  void idleAndTricklingClientsAreClosedButBusyOnesStay() throws Exception {
    TestQueueChannel big = new TestQueueChannel("c1", 1000);
    source = NetcatSources.start(Map.of("idle-timeout", "1", "ack-every-event", "false"),
        new TestChannelProcessor(big), metrics);
    long start = System.nanoTime();
    try (Socket silent = connect("127.0.0.1"); Socket trickler = connect("127.0.0.1");
        Socket busy = connect("127.0.0.1")) {
      long deadline = start + Duration.ofSeconds(4).toNanos();
      boolean silentClosed = false;
      boolean tricklerClosed = false;
      while (System.nanoTime() < deadline && !(silentClosed && tricklerClosed)) {
        busy.getOutputStream().write("x\n".getBytes(StandardCharsets.UTF_8));
        if (!tricklerClosed) {
          try {
            trickler.getOutputStream().write('a'); // never a complete line
          } catch (IOException closed) {
            tricklerClosed = true;
          }
        }
        silentClosed = silentClosed || closedByServer(silent, 100);
        tricklerClosed = tricklerClosed || closedByServer(trickler, 100);
      }
      long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
      assertTrue(silentClosed && tricklerClosed, "both idle clients closed within 4 s");
      assertTrue(elapsedMillis >= 900, "not before idle-timeout: " + elapsedMillis + " ms");
      busy.getOutputStream().write("last\n".getBytes(StandardCharsets.UTF_8));
      await().atMost(Duration.ofSeconds(5)).until(() -> bodies(big.drain()).contains("last"));
      assertEquals(1, source.openConnections(), "the client sending lines stays");
    }
  }

  @Test
  void fiveHundredClientsAreServedByAFixedNumberOfThreads() throws Exception {
    TestQueueChannel big = new TestQueueChannel("c1", 1000);
    source = NetcatSources.start(Map.of("max-connections", "1000", "max-connections-per-peer", "1000"),
        new TestChannelProcessor(big), metrics);
    List<Socket> clients = new ArrayList<>();
    try {
      for (int i = 0; i < 500; i++) {
        Socket s = connect("127.0.0.1");
        clients.add(s);
        s.getOutputStream().write(("line " + i + "\n").getBytes(StandardCharsets.UTF_8));
      }
      for (Socket s : clients) {
        assertEquals("OK", readLine(s.getInputStream()));
      }
      assertEquals(500, source.openConnections());
      long threads = Thread.getAllStackTraces().keySet().stream()
          .filter(t -> t.getName().startsWith("a1-r1-")).count();
      assertTrue(threads <= 6, "accept + io + 4 put threads at most, got " + threads);
      assertEquals(500, big.drain().size());
    } finally {
      for (Socket s : clients) {
        s.close();
      }
    }
  }

  private Socket connect(String from) throws IOException {
    return HostilePeers.connectFrom(from, source.boundPort(), Duration.ofSeconds(5));
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int b;
    while ((b = in.read()) != -1 && b != '\n') {
      line.append((char) b);
    }
    return line.toString();
  }

  private static boolean refuses(int port) {
    try (Socket s = new Socket("127.0.0.1", port)) {
      return false;
    } catch (IOException refused) {
      return true;
    }
  }

  /** True when the server closed {@code s} (EOF or reset) within {@code millis}. */
  private static boolean closedByServer(Socket s, int millis) {
    return HostilePeers.closedWithin(s, Duration.ofMillis(millis));
  }
}
