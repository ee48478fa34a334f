package io.sluice.edge.syslog;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.Event;
import io.sluice.edge.testlog.LogCapture;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The UDP syslog source over real datagrams on 127.0.0.1. */
class SyslogUdpSourceTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private SyslogHarness h;

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
      // an event loop's termination completes just before its thread exits
      await().atMost(WAIT).until(() -> h.liveThreads().isEmpty());
    }
  }

  private void udp(long capacity, Map<String, String> keys) throws Exception {
    Map<String, String> all = new HashMap<>(Map.of("host", "127.0.0.1", "port", "0"));
    all.putAll(keys);
    h = new SyslogHarness(new SyslogUdpSourceFactory(), capacity, all, Clock.systemUTC()).start();
  }

  private void send(byte[]... datagrams) throws Exception {
    try (DatagramSocket s = new DatagramSocket()) {
      s.setSendBufferSize(1 << 20);
      for (byte[] d : datagrams) {
        s.send(new DatagramPacket(d, d.length, InetAddress.getLoopbackAddress(), h.port()));
      }
    }
  }

  private List<Event> awaitEvents(int n) {
    await().atMost(WAIT).until(() -> h.take() >= n);
    return h.events();
  }

  private static byte[] message(int size) {
    byte[] head = "<13>1 2024-03-07T08:09:10Z h app ".getBytes(StandardCharsets.US_ASCII);
    byte[] m = Arrays.copyOf(head, size);
    Arrays.fill(m, head.length, size, (byte) 'z');
    return m;
  }

  @Test
  void rfc3164And5424Datagrams() throws Exception {
    udp(1000, Map.of("clientIPHeader", "ip"));
    send("<30>Jun  1 01:02:03 nas01 smartd[99]: Device /dev/sda: SMART OK\n".getBytes(StandardCharsets.UTF_8));
    Event a = awaitEvents(1).get(0);
    assertEquals("3", a.getHeaders().get("Facility"));
    assertEquals("6", a.getHeaders().get("Severity"));
    assertEquals("nas01", a.getHeaders().get("host"));
    assertEquals("127.0.0.1", a.getHeaders().get("ip"));
    assertEquals("smartd[99]: Device /dev/sda: SMART OK", new String(a.getBody(), StandardCharsets.UTF_8));
    send("<190>1 2024-03-07T08:09:10.25Z edge-7 nginx 12 ACCESS - GET / 200".getBytes(StandardCharsets.UTF_8));
    Event b = awaitEvents(2).get(1);
    assertEquals("edge-7", b.getHeaders().get("host"));
    assertEquals("23", b.getHeaders().get("Facility"));
    assertEquals("nginx 12 ACCESS - GET / 200", new String(b.getBody(), StandardCharsets.UTF_8));
  }

  @Test
  void datagramsAroundTwoKibibytesAndOf60KibibytesArriveWholeWithFlumesDefaults() throws Exception {
    udp(1000, Map.of()); // Flume's syslogudp ignores eventSize: no 2500-byte cut by default
    int[] sizes = {2047, 2048, 2049, 4096, 60 * 1024};
    byte[][] sent = new byte[sizes.length][];
    for (int i = 0; i < sizes.length; i++) {
      sent[i] = message(sizes[i]);
    }
    send(sent);
    List<Event> events = awaitEvents(sizes.length);
    int head = "<13>1 2024-03-07T08:09:10Z h ".length();
    for (int i = 0; i < sizes.length; i++) {
      assertArrayEquals(Arrays.copyOfRange(sent[i], head, sizes[i]), events.get(i).getBody(), "size " + sizes[i]);
      assertEquals(null, events.get(i).getHeaders().get("flume.syslog.status"));
    }
  }

  @Test
  void stampsWithoutAnOffsetAreReadInTheJvmsZoneAsInFlumeNotInTheAgentClocks() throws Exception {
    Map<String, String> all = new HashMap<>(Map.of("host", "127.0.0.1", "port", "0"));
    h = new SyslogHarness(new SyslogUdpSourceFactory(), 100, all, SyslogHarness.clockAwayFromJvmZone())
        .start();
    send("<13>Jun 15 11:00:00 h m".getBytes(StandardCharsets.US_ASCII));
    assertEquals(SyslogHarness.june15At11InJvmZone(), awaitEvents(1).get(0).getHeaders().get("timestamp"));
  }

  @Test
  void aDatagramIsCutOnlyAtAnEventSizeSetForIt() throws Exception {
    udp(1000, Map.of("eventSize", "2500"));
    send(message(3000));
    Event e = awaitEvents(1).get(0);
    assertEquals("Incomplete", e.getHeaders().get("flume.syslog.status"));
    assertEquals(2500 - "<13>1 2024-03-07T08:09:10Z h ".length(), e.getBody().length);
  }

  @Test
  void whileAPutWaitsForRoomDatagramsAreStillReadAndThoseOverTheBoundAreDroppedAndCounted()
      throws Exception {
    // In Flume the I/O thread waits in the put for up to keep-alive: the socket's buffer fills
    // and the kernel drops datagrams that no counter sees.
    io.sluice.api.Channel memory = SyslogHarness.memoryChannel(Map.of("capacity", "10",
        "transactionCapacity", "10", "keep-alive", "60"));
    try {
      h = SyslogHarness.overMemoryChannel(new SyslogUdpSourceFactory(), memory,
          Map.of("host", "127.0.0.1", "port", "0")).start();
      int sent = 0;
      try (DatagramSocket s = new DatagramSocket()) {
        for (int i = 0; i < 11; i++) { // ten fill the channel; the eleventh waits for room
          sendPaced(s, ("<13>1 - h app m" + i).getBytes(StandardCharsets.US_ASCII), ++sent);
        }
        int big = 60_000;
        long bound = UdpReceiver.MAX_WAITING_BYTES;
        for (long queued = 0; queued <= bound + big; queued += big) { // each read while the put waits
          sendPaced(s, message(big), ++sent);
        }
      }
      assertEquals(10, memory.size());
      await().atMost(WAIT).until(() -> h.metric("ChannelWriteFail") >= 1); // over the bound
      // drain: what waited goes in, in order; every datagram is either in the channel or counted
      List<Event> got = new java.util.ArrayList<>();
      int total = sent;
      await().atMost(WAIT).until(() -> {
        got.addAll(SyslogHarness.takeAll(memory, (int) memory.size()));
        return h.metric("EventAcceptedCount") + h.metric("ChannelWriteFail") == total
            && memory.size() == 0;
      });
      assertEquals(h.metric("EventAcceptedCount"), got.size());
      for (int i = 0; i < 11; i++) {
        assertEquals("app m" + i, new String(got.get(i).getBody(), StandardCharsets.US_ASCII));
      }
      assertEquals(h.metric("ChannelWriteFail"), h.metrics.group(h.group)
          .dropped(io.sluice.api.spi.ComponentMetrics.DropReason.CHANNEL_FULL).get());
    } finally {
      memory.stop();
    }
  }

  /** Sends one datagram and waits until the source has read it: the {@code n}th. */
  private void sendPaced(DatagramSocket s, byte[] d, int n) throws Exception {
    s.send(new DatagramPacket(d, d.length, InetAddress.getLoopbackAddress(), h.port()));
    await().atMost(WAIT).until(() -> h.metric("EventReceivedCount") == n);
  }

  @Test
  void datagramsRefusedByAFullChannelAreCounted() throws Exception {
    try (LogCapture log = LogCapture.of(SyslogUdpSource.class)) {
      udp(10, Map.of("batchSize", "1"));
      int total = 50;
      byte[][] all = new byte[total][];
      for (int i = 0; i < total; i++) {
        all[i] = ("<13>1 - h app n" + i).getBytes(StandardCharsets.US_ASCII);
      }
      send(all);
      // the kernel may lose datagrams too; what the source received is either delivered or counted
      await().atMost(WAIT).until(() -> h.metric("EventReceivedCount") > 10
          && h.metric("EventReceivedCount") == h.metric("EventAcceptedCount") + h.metric("ChannelWriteFail"));
      assertEquals(10, h.channel.size());
      assertTrue(h.metric("ChannelWriteFail") > 0);
      assertEquals(1, log.containing("dropped and counted").size(), "one line per episode");
    }
  }
}
