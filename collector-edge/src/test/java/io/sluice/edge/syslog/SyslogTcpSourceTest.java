package io.sluice.edge.syslog;

import static io.sluice.testpeers.HostilePeers.assertClosedByServer;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.Event;
import io.sluice.core.avro.TestKeys;
import io.sluice.core.metrics.MetricsRegistry;
import io.sluice.core.processing.DefaultChannelProcessor;
import io.sluice.core.processing.selector.MultiplexingChannelSelector;
import io.sluice.core.processing.selector.ReplicatingChannelSelector;
import io.sluice.core.testutil.TestQueueChannel;
import io.sluice.edge.testlog.LogCapture;
import io.sluice.testpeers.HostilePeers;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TCP syslog sources over real sockets on 127.0.0.1. */
class SyslogTcpSourceTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private SyslogHarness h;
  @TempDir Path tmp;

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
      // an event loop's termination completes just before its thread exits
      await().atMost(WAIT).until(() -> h.liveThreads().isEmpty());
    }
  }

  private SyslogHarness tcp(Map<String, String> keys) throws Exception {
    Map<String, String> all = new HashMap<>(Map.of("host", "127.0.0.1", "port", "0"));
    all.putAll(keys);
    h = new SyslogHarness(new SyslogTcpSourceFactory(), all).start();
    return h;
  }

  private Socket connect() throws IOException {
    return HostilePeers.connect(h.port(), WAIT);
  }

  private static void send(Socket s, String text) throws IOException {
    s.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
    s.getOutputStream().flush();
  }

  private List<Event> awaitEvents(int n) {
    await().atMost(WAIT).until(() -> h.take() >= n);
    List<Event> events = h.events();
    assertEquals(n, events.size(), "events: " + events);
    return events;
  }

  private static String body(Event e) {
    return new String(e.getBody(), StandardCharsets.UTF_8);
  }

  @Test
  void rfc3164And5424LinesLikeRsyslogSendsThem() throws Exception {
    tcp(Map.of("clientIPHeader", "ip", "clientHostnameHeader", "peer"));
    try (Socket s = connect()) {
      send(s, "<86>Mar  7 08:09:10 bastion sudo: ops : TTY=pts/0 ; COMMAND=/bin/true\n"
          + "<165>1 2024-03-07T08:09:10.5+01:00 app-1.example.net orders 991 ORD - created #42\r\n"
          + "\n"
          + "plain text without a header\n");
      List<Event> events = awaitEvents(3);
      Event a = events.get(0);
      assertEquals("10", a.getHeaders().get("Facility"));
      assertEquals("6", a.getHeaders().get("Severity"));
      assertEquals("bastion", a.getHeaders().get("host"));
      assertEquals("127.0.0.1", a.getHeaders().get("ip"));
      // the peer's name as Flume gives it: the reverse lookup of its address
      assertEquals(new java.net.InetSocketAddress("127.0.0.1", 1).getHostName(),
          a.getHeaders().get("peer"));
      assertEquals("sudo: ops : TTY=pts/0 ; COMMAND=/bin/true", body(a));
      Event b = events.get(1);
      assertEquals("app-1.example.net", b.getHeaders().get("host"));
      assertEquals(String.valueOf(java.time.Instant.parse("2024-03-07T07:09:10.500Z").toEpochMilli()),
          b.getHeaders().get("timestamp"));
      assertEquals("orders 991 ORD - created #42", body(b),
          "the CR of a CRLF ends the line (Flume keeps it in the body)");
      assertEquals("Invalid", events.get(2).getHeaders().get("flume.syslog.status"));
    }
    await().atMost(WAIT).until(() -> h.metric("EventAcceptedCount") == 3);
    assertEquals(1, h.metric("InvalidCount"));
  }

  @Test
  void stampsWithoutAnOffsetAreReadInTheJvmsZoneAsInFlumeNotInTheAgentClocks() throws Exception {
    Map<String, String> all = new HashMap<>(Map.of("host", "127.0.0.1", "port", "0"));
    h = new SyslogHarness(new SyslogTcpSourceFactory(), 100, all, SyslogHarness.clockAwayFromJvmZone())
        .start();
    try (Socket s = connect()) {
      send(s, "<13>Jun 15 11:00:00 h m\n");
      assertEquals(SyslogHarness.june15At11InJvmZone(), awaitEvents(1).get(0).getHeaders().get("timestamp"));
    }
  }

  @Test
  void octetCountedMultiLineMessageIsOneEventAndFramingIsChosenPerMessage() throws Exception {
    tcp(Map.of());
    String multi = "<11>1 2024-03-07T08:09:10Z worker jvm 7 EXC - java.lang.IllegalStateException: boom\n"
        + "\tat a.B.c(B.java:1)\n\tat a.B.main(B.java:9)";
    int len = multi.getBytes(StandardCharsets.UTF_8).length;
    try (Socket s = connect()) {
      String last = "<13>1 - h a b c";
      send(s, len + " " + multi + "<13>after it, a plain line\n" + last.length() + " " + last);
      List<Event> events = awaitEvents(3);
      assertEquals("jvm 7 EXC - java.lang.IllegalStateException: boom\n\tat a.B.c(B.java:1)\n\tat a.B.main(B.java:9)",
          body(events.get(0)));
      assertEquals("worker", events.get(0).getHeaders().get("host"));
      assertEquals("<13>after it, a plain line", body(events.get(1)));
      assertEquals("a b c", body(events.get(2)));
    }
  }

  @Test
  void messagesOverEventSizeAreIncompleteAndNeverBufferedWhole() throws Exception {
    tcp(Map.of("eventSize", "100"));
    try (Socket s = connect()) {
      // an octet-counted message claiming 20 MB: the first 100 bytes become an event, the rest is skipped
      int huge = 20 << 20;
      OutputStream out = s.getOutputStream();
      out.write((huge + " <13>1 - h app ").getBytes(StandardCharsets.US_ASCII));
      byte[] chunk = new byte[1 << 16];
      java.util.Arrays.fill(chunk, (byte) 'x');
      int left = huge - "<13>1 - h app ".length();
      while (left > 0) {
        int n = Math.min(left, chunk.length);
        out.write(chunk, 0, n);
        left -= n;
      }
      // then an LF line of 250 bytes: its first 100 bytes Incomplete, the rest read as new messages
      // without a <PRI>, so Invalid, as in Flume
      send(s, "<13>" + "y".repeat(246) + "\n<13>1 - h app done\n");
      List<Event> events = awaitEvents(5);
      Event first = events.get(0);
      assertEquals("Incomplete", first.getHeaders().get("flume.syslog.status"));
      assertEquals("h", first.getHeaders().get("host"));
      assertEquals(100 - "<13>1 - h ".length(), first.getBody().length);
      assertEquals("Incomplete", events.get(1).getHeaders().get("flume.syslog.status"));
      assertEquals(100, events.get(1).getBody().length);
      assertEquals("Invalid", events.get(2).getHeaders().get("flume.syslog.status"));
      assertEquals(100, events.get(2).getBody().length);
      assertEquals("Invalid", events.get(3).getHeaders().get("flume.syslog.status"));
      assertEquals(50, events.get(3).getBody().length);
      assertEquals("app done", body(events.get(4)));
    }
    assertEquals(2, h.metric("IncompleteCount"));
    assertEquals(2, h.metric("InvalidCount"));
  }

  @Test
  void theRestOfACutLineIsNeitherAnOctetCountNorGarbage() throws Exception {
    tcp(Map.of("eventSize", "10"));
    try (Socket s = connect()) {
      // cut after "<13>abcdef": the rest starts like an octet count ("12 ") and holds a control
      // byte; it is one Invalid message up to its LF, and the next line is read as its own
      send(s, "<13>abcdef12 hel\u0001o\n<14>next\n<13>abcdefghijk\n6 <15>ok\n");
      List<Event> events = awaitEvents(6);
      assertEquals("Incomplete", events.get(0).getHeaders().get("flume.syslog.status"));
      assertEquals("Invalid", events.get(1).getHeaders().get("flume.syslog.status"));
      assertEquals("12 hel\u0001o", body(events.get(1)));
      assertEquals("<14>next", body(events.get(2)));
      assertEquals("6", events.get(2).getHeaders().get("Severity"));
      assertEquals("Incomplete", events.get(3).getHeaders().get("flume.syslog.status"));
      assertEquals("Invalid", events.get(4).getHeaders().get("flume.syslog.status"));
      assertEquals("ghijk", body(events.get(4)));
      assertEquals("<15>ok", body(events.get(5)), "an octet count right after a cut line's LF counts");
    }
  }

  @Test
  void aBatchOneRequiredChannelTookIsRetriedIntoTheFullOneOnly() throws Exception {
    TestQueueChannel c1 = new TestQueueChannel("c1", 1000);
    TestQueueChannel c2 = new TestQueueChannel("c2", 10);
    c2.putAllCommitted(List.of(Event.of(new byte[1]), Event.of(new byte[1]), Event.of(new byte[1]),
        Event.of(new byte[1]), Event.of(new byte[1]))); // half full: a batch of 10 does not fit
    DefaultChannelProcessor replicating = new DefaultChannelProcessor("r1",
        new ReplicatingChannelSelector(List.of(c1, c2), List.of()), List.of(),
        new MetricsRegistry().group("SOURCE.r1"));
    h = new SyslogHarness(new SyslogTcpSourceFactory(), c1, replicating,
        Map.of("host", "127.0.0.1", "port", "0", "batchSize", "10"), java.time.Clock.systemUTC())
        .start();
    try (Socket s = connect()) {
      send(s, IntStream.range(0, 10).mapToObj(i -> "<13>1 - h app m" + i + "\n")
          .collect(Collectors.joining()));
      await().atMost(WAIT).until(() -> c2.rollbacks() >= 3); // retried into c2, refused again
      assertEquals(10, c1.size());
      c2.drain();
      await().atMost(WAIT).until(() -> c2.size() == 10);
      assertEquals(10, c1.size(), "c1 took the batch once, however often c2 refused it");
      assertEquals("app m9", body(c2.drain().get(9)));
    }
  }

  @Test
  void aChannelWhoseTransactionsAreSmallerThanTheBatchGetsSmallerBatches() throws Exception {
    // A Flume config's memory channel with transactionCapacity 10 (Flume's syslog sources put one
    // event per transaction) under Sluice's default batchSize of 100.
    io.sluice.api.Channel memory = SyslogHarness.memoryChannel(1000, 10);
    try (LogCapture log = LogCapture.of(SyslogTcpSource.class,
        org.apache.logging.log4j.Level.INFO)) {
      h = SyslogHarness.overMemoryChannel(new SyslogTcpSourceFactory(), memory,
          Map.of("host", "127.0.0.1", "port", "0")).start();
      try (Socket s = connect()) {
        send(s, IntStream.range(0, 50).mapToObj(i -> "<13>1 - h app m" + i + "\n")
            .collect(Collectors.joining()));
        await().atMost(WAIT).until(() -> memory.size() == 50);
      }
      List<Event> got = SyslogHarness.takeAll(memory, 50);
      for (int i = 0; i < 50; i++) {
        assertEquals("app m" + i, body(got.get(i)));
      }
      await().atMost(WAIT).until(() -> h.metric("EventAcceptedCount") == 50);
      assertTrue(!log.containing("putting at most").isEmpty(), "says the batch was made smaller");
    } finally {
      memory.stop();
    }
  }

  @Test
  void channelsOfDifferentTransactionSizesEachGetEveryEventOnce() throws Exception {
    // A replicating selector over channels whose transactions differ: a batch the larger took and
    // the smaller refused for its size used to be split and put into both again.
    io.sluice.api.Channel big = SyslogHarness.memoryChannel(1000, 100);
    io.sluice.api.Channel small = SyslogHarness.memoryChannel(1000, 10);
    DefaultChannelProcessor replicating = new DefaultChannelProcessor("r1",
        new ReplicatingChannelSelector(List.of(big, small), List.of()), List.of(),
        new MetricsRegistry().group("SOURCE.r1"));
    assertEquals(10, replicating.maxBatchEvents());
    try (LogCapture log = LogCapture.of(SyslogTcpSource.class,
        org.apache.logging.log4j.Level.INFO)) {
      h = replicatingTo(replicating, Map.of("batchSize", "50"));
      try (Socket s = connect()) {
        send(s, lines(50));
        await().atMost(WAIT).until(() -> big.size() == 50 && small.size() == 50);
      }
      for (io.sluice.api.Channel c : List.of(big, small)) {
        List<Event> got = SyslogHarness.takeAll(c, 50);
        for (int i = 0; i < 50; i++) {
          assertEquals("app m" + i, body(got.get(i)), c.getName());
        }
        assertEquals(0, c.size(), "no event twice in " + c.getName());
      }
      await().atMost(WAIT).until(() -> h.metric("EventAcceptedCount") == 50);
      assertTrue(log.containing("batchSize 50 is more than a channel's transactionCapacity 10")
          .size() == 1, "said once at start");
    } finally {
      big.stop();
      small.stop();
    }
  }

  @Test
  void aLaterRequiredChannelThatFailsGetsTheBatchOnceItRecoversAndTheEarlierOneHasItOnce()
      throws Exception {
    // A replicating selector whose second channel fails for another reason than being full (a
    // file channel short of disk): retrying used to split the batch and put the halves into the
    // first channel again, and then one event into it on every retry.
    io.sluice.api.Channel first = SyslogHarness.memoryChannel(1000, 100);
    TestQueueChannel second = new TestQueueChannel("second", 1000);
    AtomicBoolean broken = new AtomicBoolean(true);
    second.onCommit(() -> {
      if (broken.get()) {
        throw new io.sluice.api.ChannelException("disk below minimumRequiredSpace");
      }
    });
    DefaultChannelProcessor replicating = new DefaultChannelProcessor("r1",
        new ReplicatingChannelSelector(List.of(first, second), List.of()), List.of(),
        new MetricsRegistry().group("SOURCE.r1"));
    try {
      h = replicatingTo(replicating, Map.of("batchSize", "50"));
      try (Socket s = connect()) {
        send(s, lines(50));
        await().atMost(WAIT).until(() -> second.rollbacks() >= 5); // retried, still failing
        assertEquals(50, first.size(), "the first channel has the batch once");
        broken.set(false);
        await().atMost(WAIT).until(() -> second.size() == 50);
      }
      List<Event> got = SyslogHarness.takeAll(first, 50);
      assertEquals(0, first.size(), "no event twice in the first channel");
      List<Event> inSecond = second.drain();
      for (int i = 0; i < 50; i++) {
        assertEquals("app m" + i, body(got.get(i)));
        assertEquals("app m" + i, body(inSecond.get(i)));
      }
      await().atMost(WAIT).until(() -> h.metric("EventAcceptedCount") == 50);
    } finally {
      first.stop();
    }
  }

  @Test
  void aBatchWaitingForAFullChannelHoldsUpNoOtherConnectionOfItsIoThread() throws Exception {
    // One I/O thread; host hA goes to a full channel whose put waits 60 s for room (keep-alive),
    // host hB to one with room. In Flume (and Sluice before) the waiting put held the I/O thread.
    io.sluice.api.Channel full = SyslogHarness.memoryChannel(Map.of("capacity", "10",
        "transactionCapacity", "10", "keep-alive", "60"));
    io.sluice.api.Channel free = SyslogHarness.memoryChannel(1000, 100);
    DefaultChannelProcessor byHost = new DefaultChannelProcessor("r1",
        new MultiplexingChannelSelector(List.of(full, free), "host",
            Map.of("hA", List.of(full), "hB", List.of(free)), Map.of(), List.of(full)),
        List.of(), new MetricsRegistry().group("SOURCE.r1"));
    try {
      h = replicatingTo(byHost, Map.of("batchSize", "10", "numProcessors", "1"));
      try (Socket a = connect(); Socket b = connect()) {
        send(a, hostLines("hA", 0, 20));
        await().atMost(WAIT).until(() -> full.size() == 10 && h.metric("EventReceivedCount") == 20);
        send(b, hostLines("hB", 0, 5));
        await().atMost(WAIT).until(() -> free.size() == 5);
        assertEquals(10, full.size(), "the second batch of hA still waits for room");
        List<Event> first = SyslogHarness.takeAll(full, 10);
        await().atMost(WAIT).until(() -> full.size() == 10);
        List<Event> second = SyslogHarness.takeAll(full, 10);
        for (int i = 0; i < 10; i++) {
          assertEquals("app m" + i, body(first.get(i)));
          assertEquals("app m" + (10 + i), body(second.get(i)));
        }
      }
      await().atMost(WAIT).until(() -> h.metric("EventAcceptedCount") == 25);
      assertEquals(0, h.metric("ChannelWriteFail"));
    } finally {
      full.stop();
      free.stop();
    }
  }

  @Test
  void aStopLetsNoPutWaitForRoomAndCountsWhatWasNotInTheChannelAsLost() throws Exception {
    io.sluice.api.Channel full = SyslogHarness.memoryChannel(Map.of("capacity", "10",
        "transactionCapacity", "10", "keep-alive", "60"));
    try (LogCapture log = LogCapture.of(SyslogTcpSource.class,
        org.apache.logging.log4j.Level.INFO)) {
      h = SyslogHarness.overMemoryChannel(new SyslogTcpSourceFactory(), full,
          Map.of("host", "127.0.0.1", "port", "0", "batchSize", "10"));
      h.start();
      try (Socket a = connect()) {
        send(a, hostLines("hA", 0, 20));
        await().atMost(WAIT).until(() -> full.size() == 10 && h.metric("EventReceivedCount") == 20);
        long started = System.nanoTime();
        h.close();
        assertTrue(System.nanoTime() - started < Duration.ofSeconds(30).toNanos(),
            "the stop did not wait out the channel's keep-alive");
      }
      assertEquals(10, h.metric("EventAcceptedCount"));
      assertEquals(10, h.metric("ChannelWriteFail"), "the batch left waiting is counted as lost");
      assertEquals(1, log.containing("10 events of 1 connection(s) waited").size());
    } finally {
      full.stop();
    }
  }

  @Test
  void aStopCommitsWhatItsConnectionsReadWhenTheChannelTakesIt() throws Exception {
    // Every batch goes through a commit thread here (as with a file channel); the first commit
    // is slow, so the stop comes while the connection's later events still wait for it.
    TestQueueChannel slow = new TestQueueChannel("slow", 100_000);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    AtomicBoolean first = new AtomicBoolean(true);
    slow.onCommit(() -> {
      if (first.getAndSet(false)) {
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    });
    h = new SyslogHarness(new SyslogTcpSourceFactory(), slow, null,
        Map.of("host", "127.0.0.1", "port", "0", "batchSize", "10"), java.time.Clock.systemUTC())
        .start();
    SyslogTcpSource source = (SyslogTcpSource) h.source;
    try (Socket s = connect()) {
      send(s, lines(500));
      // the first batch is with the slow commit; the connection reads nothing more meanwhile
      await().atMost(WAIT).until(() -> h.metric("EventReceivedCount") > 10);
      Thread stopper = new Thread(h::close, "syslog-test-stop");
      stopper.start();
      await().atMost(WAIT).until(() -> source.openConnections() == 0); // the stop closed it
      release.countDown();
      stopper.join(WAIT.toMillis());
      assertTrue(!stopper.isAlive(), "stopped");
    }
    long read = h.metric("EventReceivedCount");
    assertEquals(read, h.metric("EventAcceptedCount"), "all it read is in the channel");
    assertEquals(0, h.metric("ChannelWriteFail"));
    List<Event> got = slow.drain();
    assertEquals(read, got.size());
    for (int i = 0; i < read; i++) {
      Event e = got.get(i);
      // the stop may cut a line short: the last event is then that line, Incomplete
      boolean cutByTheStop = i == read - 1
          && "Incomplete".equals(e.getHeaders().get("flume.syslog.status"));
      assertTrue(cutByTheStop || body(e).equals("app m" + i), "event " + i + ": " + body(e));
    }
  }

  /** RFC 5424 lines from {@code host}: {@code app m<from>} ... with their LFs. */
  private static String hostLines(String host, int from, int n) {
    return IntStream.range(from, from + n).mapToObj(i -> "<13>1 - " + host + " app m" + i + "\n")
        .collect(Collectors.joining());
  }

  /** A started TCP syslog source on an ephemeral port whose events go to {@code channels}. */
  private static SyslogHarness replicatingTo(DefaultChannelProcessor channels,
      Map<String, String> keys) throws Exception {
    Map<String, String> all = new HashMap<>(Map.of("host", "127.0.0.1", "port", "0"));
    all.putAll(keys);
    return new SyslogHarness(new SyslogTcpSourceFactory(), new TestQueueChannel("unused", 1),
        channels, all, java.time.Clock.systemUTC()).start();
  }

  /** RFC 5424 lines {@code app m0} ... with their LFs. */
  private static String lines(int n) {
    return IntStream.range(0, n).mapToObj(i -> "<13>1 - h app m" + i + "\n")
        .collect(Collectors.joining());
  }

  @Test
  void aBatchOverTheChannelsByteBudgetIsSplitAndAnEventThatCanNeverFitIsDroppedAndCounted()
      throws Exception {
    // 40,000 body bytes usable (byteCapacity 50,000 less Flume's default 20% for headers)
    io.sluice.api.Channel memory = SyslogHarness.memoryChannel(Map.of("capacity", "1000",
        "transactionCapacity", "1000", "byteCapacity", "50000"));
    try (LogCapture log = LogCapture.of(SyslogTcpSource.class)) {
      h = SyslogHarness.overMemoryChannel(new SyslogTcpSourceFactory(), memory,
          Map.of("host", "127.0.0.1", "port", "0", "eventSize", "100000")).start();
      String pad = "x".repeat(1000);
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < 21; i++) {
        text.append("<13>1 - h app ").append(i == 10 ? "y".repeat(45_000) : "m" + i + pad).append('\n');
      }
      try (Socket s = connect()) {
        send(s, text.toString());
        await().atMost(WAIT).until(() -> memory.size() == 20);
      }
      List<Event> got = SyslogHarness.takeAll(memory, 20);
      List<Integer> order = IntStream.range(0, 21).filter(i -> i != 10).boxed().toList();
      for (int i = 0; i < 20; i++) {
        assertEquals("app m" + order.get(i) + pad, body(got.get(i)));
      }
      assertEquals(1, h.metric("ChannelWriteFail"));
      await().atMost(WAIT).until(() -> h.metric("EventAcceptedCount") == 20);
      assertEquals(1, log.containing("dropped an event of 45004 body bytes").size());
      assertTrue(log.containing("putting at most").isEmpty(), "later batches keep their size");
    } finally {
      memory.stop();
    }
  }

  @Test
  void channelsOfDifferentByteBudgetsEachGetEveryEventOnce() throws Exception {
    // A replicating selector over channels whose byte budgets differ: a batch the larger took and
    // the smaller could never take used to be split and put into both again.
    io.sluice.api.Channel big = SyslogHarness.memoryChannel(Map.of("capacity", "1000",
        "transactionCapacity", "1000"));
    io.sluice.api.Channel small = SyslogHarness.memoryChannel(Map.of("capacity", "1000",
        "transactionCapacity", "1000", "byteCapacity", "50000")); // 40,000 body bytes usable
    DefaultChannelProcessor replicating = new DefaultChannelProcessor("r1",
        new ReplicatingChannelSelector(List.of(big, small), List.of()), List.of(),
        new MetricsRegistry().group("SOURCE.r1"));
    try (LogCapture log = LogCapture.of(SyslogTcpSource.class)) {
      h = replicatingTo(replicating, Map.of("eventSize", "100000"));
      String pad = "x".repeat(1000);
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < 31; i++) {
        text.append("<13>1 - h app ").append(i == 15 ? "y".repeat(45_000) : "m" + i + pad)
            .append('\n');
      }
      try (Socket s = connect()) {
        send(s, text.toString());
        await().atMost(WAIT).until(() -> h.metric("EventAcceptedCount") == 30);
      }
      List<Integer> order = IntStream.range(0, 31).filter(i -> i != 15).boxed().toList();
      for (io.sluice.api.Channel c : List.of(big, small)) {
        assertEquals(30, c.size(), "every event once in " + c.getName());
        List<Event> got = SyslogHarness.takeAll(c, 30);
        for (int i = 0; i < 30; i++) {
          assertEquals("app m" + order.get(i) + pad, body(got.get(i)), c.getName());
        }
      }
      // the one event no transaction of the smaller channel can hold goes into neither
      assertEquals(1, h.metric("ChannelWriteFail"));
      assertEquals(1, log.containing("dropped an event of 45004 body bytes").size());
    } finally {
      big.stop();
      small.stop();
    }
  }

  @Test
  void fullChannelSlowsTheSenderAndLosesNothing() throws Exception {
    Map<String, String> all = new HashMap<>(Map.of("host", "127.0.0.1", "port", "0", "batchSize", "50"));
    LogCapture log = LogCapture.of(SyslogTcpSource.class, org.apache.logging.log4j.Level.INFO);
    try (log) {
      fillAndDrain(all);
    }
    // many episodes (the channel refuses whenever the drain falls behind): logged once, counted all
    assertEquals(1, log.containing("the channel refused a batch").size(), "one WARN line");
    assertEquals(1, log.containing("reading resumed").size(), "one INFO line at its end");
    assertTrue(h.metric("ChannelFullEpisodes") >= 1);
  }

  private void fillAndDrain(Map<String, String> all) throws Exception {
    h = new SyslogHarness(new SyslogTcpSourceFactory(), 200, all, java.time.Clock.systemUTC()).start();
    int total = 200_000;
    AtomicLong written = new AtomicLong();
    try (Socket s = connect()) {
      Thread sender = new Thread(() -> {
        try {
          OutputStream out = new java.io.BufferedOutputStream(s.getOutputStream(), 8192);
          for (int i = 0; i < total; i++) {
            out.write(("<13>1 - h app - - - seq=" + i + " " + "p".repeat(80) + "\n")
                .getBytes(StandardCharsets.US_ASCII));
            written.incrementAndGet();
          }
          out.flush();
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }, "syslog-test-sender");
      sender.start();
      // nobody drains: the channel fills, the source stops reading, TCP stops the sender
      // (batches of up to 50: the channel holds 151..200 when it refuses the next one)
      await().atMost(WAIT).until(() -> h.metric("ChannelFullEpisodes") >= 1 && h.channel.size() > 150);
      long stalledAt = written.get();
      assertTrue(sender.isAlive() && stalledAt < total, "the sender is held back: " + stalledAt);
      // now drain: everything arrives exactly once, in order
      long[] next = {0};
      await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(5)).until(() -> {
        for (Event e : h.channel.drain()) {
          String b = body(e);
          long seq = Long.parseLong(b.substring(b.indexOf("seq=") + 4, b.indexOf(' ', b.indexOf("seq="))));
          assertEquals(next[0], seq, "ledger: events arrive once and in order");
          next[0]++;
        }
        return next[0] == total;
      });
      sender.join(10_000);
    }
    await().atMost(WAIT).until(() -> h.metric("EventAcceptedCount") == total);
    assertEquals(0, h.metric("ChannelWriteFail"));
  }

  @Test
  void garbageClosesItsConnectionWithOneLogLineAndOthersCarryOn() throws Exception {
    try (LogCapture log = LogCapture.of(SyslogTcpSource.class)) {
      tcp(Map.of());
      try (Socket good = connect(); Socket bad = connect()) {
        send(good, "<13>1 - h app before\n");
        byte[] garbage = HostilePeers.randomBytes(8192, 7);
        garbage[0] = 'x';
        HostilePeers.sendIgnoringClose(bad, garbage); // the server may close before all is sent
        assertClosedByServer(bad);
        HostilePeers.assertOneLogLine(log::containing, bad, "not syslog text", WAIT);
        send(good, "<13>1 - h app after\n");
        await().atMost(WAIT).until(() -> h.events().stream().anyMatch(e -> body(e).equals("app after")));
      }
      assertEquals(1, h.metric("ConnectionsClosedForFaults"));
    }
  }

  @Test
  void connectionLimitAndStalledMessages() throws Exception {
    try (LogCapture log = LogCapture.of(SyslogTcpSource.class)) {
      tcp(Map.of("max-connections", "1", "idle-timeout", "1"));
      try (Socket first = connect()) {
        send(first, "<13>1 - h app one\n");
        awaitEvents(1);
        for (int i = 0; i < 5; i++) {
          try (Socket extra = connect()) {
            assertClosedByServer(extra);
          }
        }
        assertEquals(1, log.containing("max-connections").size(), "one line per episode");
        assertEquals(5, h.metric("ConnectionsRefusedCount"));
        // half a message, then nothing: closed after the idle timeout
        send(first, "<13>1 - h app half");
        assertClosedByServer(first);
        await().atMost(WAIT).until(() -> !log.containing("and then nothing").isEmpty());
      }
    }
  }

  @Test
  void tlsWithAKeyStore() throws Exception {
    TestKeys keys = TestKeys.create(tmp, "syslog");
    tcp(Map.of("ssl", "true", "keystore", keys.keyStore().toString(), "keystore-password", TestKeys.PASSWORD,
        "keystore-type", "PKCS12", "exclude-protocols", "SSLv3 TLSv1 TLSv1.1"));
    try (SSLSocket s = tlsClient(keys)) {
      s.startHandshake();
      send(s, "<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8\n");
      Event e = awaitEvents(1).get(0);
      assertEquals("mymachine", e.getHeaders().get("host"));
      assertEquals("su: 'su root' failed for lonvick on /dev/pts/8", body(e));
    }
    try (LogCapture log = LogCapture.of(SyslogTcpSource.class); Socket plain = connect()) {
      send(plain, "<13>1 - h app not encrypted\n");
      assertClosedByServer(plain);
      HostilePeers.assertOneLogLine(log::containing, plain, "closed connection from", WAIT);
    }
  }

  @Test
  void tlsFromFlumesGlobalSettingsWithAnExcludedProtocolRefused() throws Exception {
    // no keystore key in the source's config: Flume's global javax.net.ssl.* settings give it
    TestKeys keys = TestKeys.create(tmp, "syslog");
    Map<String, String> globals = Map.of("javax.net.ssl.keyStore", keys.keyStore().toString(),
        "javax.net.ssl.keyStorePassword", TestKeys.PASSWORD, "javax.net.ssl.keyStoreType", "PKCS12");
    h = new SyslogHarness(new SyslogTcpSourceFactory(new SyslogTls(globals::get, n -> null)),
        new TestQueueChannel("c1", 1000), null, Map.of("host", "127.0.0.1", "port", "0",
            "ssl", "true", "exclude-protocols", "SSLv3 TLSv1 TLSv1.1 TLSv1.3"),
        java.time.Clock.systemUTC()).start();
    try (SSLSocket s = tlsClient(keys, "TLSv1.2")) {
      s.startHandshake();
      assertEquals("TLSv1.2", s.getSession().getProtocol());
      send(s, "<34>Oct 11 22:14:15 gw su: over TLS\n");
      assertEquals("su: over TLS", body(awaitEvents(1).get(0)));
    }
    try (SSLSocket s = tlsClient(keys, "TLSv1.3")) {
      org.junit.jupiter.api.Assertions.assertThrows(IOException.class, s::startHandshake,
          "a protocol the config excludes is refused");
    }
  }

  /** A TLS client that trusts the test keys; it offers only {@code protocols} when given any. */
  private SSLSocket tlsClient(TestKeys keys, String... protocols) throws Exception {
    KeyStore trust = KeyStore.getInstance("JKS");
    try (InputStream in = java.nio.file.Files.newInputStream(keys.trustStore())) {
      trust.load(in, TestKeys.PASSWORD.toCharArray());
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", h.port());
    s.setSoTimeout(20_000);
    if (protocols.length > 0) {
      s.setEnabledProtocols(protocols);
    }
    return s;
  }

  @Test
  void aThousandIdleConnectionsHoldingPartsOfMessagesDoNotHoldUpAGoodSender() throws Exception {
    tcp(Map.of("numProcessors", "1"));
    SyslogTcpSource source = (SyslogTcpSource) h.source;
    List<Socket> idle = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < 1000; i++) {
        Socket s = connect();
        idle.add(s);
        send(s, "<13>1 - h app part " + i); // no LF: the source keeps it until more comes
      }
      await().atMost(WAIT).until(() -> source.openConnections() == 1000);
      assertEquals(1, h.liveThreads().stream().filter(n -> n.contains("-io-")).count(),
          "numProcessors 1: one I/O thread serves them all");
      try (Socket good = connect()) {
        send(good, lines(200));
        List<Event> got = awaitEvents(200);
        for (int i = 0; i < 200; i++) {
          assertEquals("app m" + i, body(got.get(i)));
        }
      }
    } finally {
      for (Socket s : idle) {
        s.close();
      }
    }
    // a part left without LF when its peer closes is one last message: none is lost
    awaitEvents(1200);
    await().atMost(WAIT).until(() -> source.openConnections() == 0);
    assertEquals(0, h.metric("ConnectionsClosedForFaults"));
  }

  @Test
  void charsetDefaultDecodesEveryPortsMessages() throws Exception {
    tcp(Map.of("charset.default", "ISO-8859-1", "structuredHeaders", "true"));
    try (Socket s = connect()) {
      s.getOutputStream().write("<13>1 - gw-01 app - - [who name=\"Jos\u00e9\"] ol\u00e9\n"
          .getBytes(StandardCharsets.ISO_8859_1));
      Event e = awaitEvents(1).get(0);
      assertEquals("Jos\u00e9", e.getHeaders().get("syslog.sd.who.name"));
      assertEquals("gw-01", e.getHeaders().get("host"));
      assertEquals("ol\u00e9", new String(e.getBody(), StandardCharsets.ISO_8859_1));
    }
  }

  @Test
  void multiportWithPerPortCharsetAndPortHeader() throws Exception {
    int p1 = freePort();
    int p2 = freePort();
    Map<String, String> keys = Map.of("host", "127.0.0.1", "ports", p1 + " " + p2, "portHeader", "port",
        "charset.port." + p2, "ISO-8859-1", "structuredHeaders", "true", "numProcessors", "2");
    h = new SyslogHarness(new MultiportSyslogTcpSourceFactory(), keys).start();
    assertEquals(List.of(p1, p2), ((SyslogTcpSource) h.source).boundPorts());
    String msg = "<13>1 - h app - - [who name=\"Jos\u00e9\"] ol\u00e9\n";
    try (Socket a = new Socket("127.0.0.1", p1); Socket b = new Socket("127.0.0.1", p2)) {
      a.getOutputStream().write(msg.getBytes(StandardCharsets.UTF_8));
      awaitEvents(1);
      b.getOutputStream().write(msg.getBytes(StandardCharsets.ISO_8859_1));
      List<Event> events = awaitEvents(2);
      assertEquals(String.valueOf(p1), events.get(0).getHeaders().get("port"));
      assertEquals(String.valueOf(p2), events.get(1).getHeaders().get("port"));
      for (Event e : events) {
        assertEquals("Jos\u00e9", e.getHeaders().get("syslog.sd.who.name"));
      }
      assertEquals("ol\u00e9", body(events.get(0)));
      assertEquals("ol\u00e9", new String(events.get(1).getBody(), StandardCharsets.ISO_8859_1));
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
