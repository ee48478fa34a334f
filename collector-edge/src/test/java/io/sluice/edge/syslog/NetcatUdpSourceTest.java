package io.sluice.edge.syslog;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.Event;
import io.sluice.api.config.ConfigException;
import io.sluice.api.spi.ComponentFactory;
import io.sluice.core.metrics.MetricsRegistry;
import io.sluice.core.runtime.DefaultComponentContext;
import io.sluice.core.testutil.Configs;
import io.sluice.core.testutil.TestChannelProcessor;
import io.sluice.core.testutil.TestQueueChannel;
import io.sluice.edge.testlog.LogCapture;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The netcatudp source over real datagrams on 127.0.0.1. */
class NetcatUdpSourceTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private final String component = "netcatudp" + Long.toHexString(System.nanoTime());
  private final MetricsRegistry metrics = new MetricsRegistry();
  private final List<Event> taken = new ArrayList<>();
  private TestQueueChannel channel;
  private NetcatUdpSource source;

  @AfterEach
  void stop() {
    if (source != null) {
      source.stop();
      // an event loop's termination completes just before its thread exits
      await().atMost(WAIT).until(() -> liveThreads().isEmpty());
    }
  }

  private void start(long capacity, Map<String, String> keys) {
    Map<String, String> all = new HashMap<>(Map.of("bind", "127.0.0.1", "port", "0"));
    all.putAll(keys);
    channel = new TestQueueChannel("c1", capacity);
    NetcatUdpSourceFactory f = new NetcatUdpSourceFactory();
    DefaultComponentContext ctx = DefaultComponentContext.builder("a1", component,
        metrics.group("SOURCE." + component)).channelProcessor(new TestChannelProcessor(channel)).build();
    source = (NetcatUdpSource) f.create(Configs.configure(f, all), ctx);
    source.start();
  }

  private void send(byte[]... datagrams) throws Exception {
    try (DatagramSocket s = new DatagramSocket()) {
      s.setSendBufferSize(1 << 20);
      for (byte[] d : datagrams) {
        s.send(new DatagramPacket(d, d.length, InetAddress.getLoopbackAddress(), source.boundPort()));
      }
    }
  }

  private synchronized List<Event> awaitEvents(int n) {
    await().atMost(WAIT).until(() -> {
      taken.addAll(channel.drain());
      return taken.size() >= n;
    });
    return List.copyOf(taken);
  }

  private long metric(String name) {
    return metrics.value("SOURCE." + component, name);
  }

  private List<String> liveThreads() {
    String prefix = "a1-" + component + "-";
    return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
        .filter(n -> n.startsWith(prefix)).toList();
  }

  @Test
  void foundByServiceLoaderUnderFlumesNames() {
    int found = 0;
    for (ComponentFactory<?> f : ServiceLoader.load(ComponentFactory.class)) {
      if (f.type().equals("netcatudp")) {
        found++;
        assertEquals(Set.of("org.apache.flume.source.NetcatUdpSource"), f.aliases());
      }
    }
    assertEquals(1, found);
  }

  @Test
  void keysAndTheirProblems() {
    NetcatUdpSourceFactory f = new NetcatUdpSourceFactory();
    NetcatUdpSourceConfig c = Configs.configure(f, Map.of("port", "6666"));
    assertEquals(new NetcatUdpSourceConfig(null, 6666, null), c);
    assertEquals("h", Configs.configure(f, Map.of("port", "1", "remoteAddressHeader", "h")).remoteAddressHeader());
    assertEquals("h", Configs.configure(f, Map.of("port", "1", "remoteAddress", "h")).remoteAddressHeader());
    assertEquals("port", Configs.parse(f, Map.of()).problems().get(0).key());
    assertEquals("port", Configs.parse(f, Map.of("port", "70000")).problems().get(0).key());
    ConfigException both = assertThrows(ConfigException.class,
        () -> Configs.configure(f, Map.of("port", "1", "remoteAddressHeader", "a", "remoteAddress", "b")));
    assertEquals("remoteAddress", both.problems().get(0).key());
  }

  @Test
  void oneDatagramIsOneEventWithTheSendersAddress() throws Exception {
    start(1000, Map.of("remoteAddressHeader", "from"));
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      byte[] d = "hello world\n".getBytes(StandardCharsets.UTF_8);
      s.send(new DatagramPacket(d, d.length, InetAddress.getLoopbackAddress(), source.boundPort()));
      Event e = awaitEvents(1).get(0);
      assertEquals("hello world", new String(e.getBody(), StandardCharsets.UTF_8));
      assertEquals("/127.0.0.1:" + s.getLocalPort(), e.getHeaders().get("from"));
    }
    send("two\nlines".getBytes(StandardCharsets.UTF_8), new byte[0]);
    List<Event> events = awaitEvents(3);
    assertEquals("two\nlines", new String(events.get(1).getBody(), StandardCharsets.UTF_8),
        "Flume keeps only the first line; Sluice loses nothing");
    assertEquals(0, events.get(2).getBody().length, "an empty datagram is an empty event, as in Flume");
    assertEquals(3, metric("EventAcceptedCount"));
  }

  @Test
  void withoutAHeaderKeyNoHeaderIsAdded() throws Exception {
    start(1000, Map.of());
    send("x".getBytes(StandardCharsets.UTF_8));
    assertTrue(awaitEvents(1).get(0).getHeaders().isEmpty());
  }

  @Test
  void datagramsAroundTwoKibibytesAndOf64KibibytesArriveWhole() throws Exception {
    start(1000, Map.of());
    int[] sizes = {2047, 2048, 2049, 60 * 1024, 65_507};
    byte[][] sent = new byte[sizes.length][];
    for (int i = 0; i < sizes.length; i++) {
      sent[i] = new byte[sizes[i]];
      Arrays.fill(sent[i], (byte) ('a' + i));
    }
    send(sent);
    List<Event> events = awaitEvents(sizes.length);
    for (int i = 0; i < sizes.length; i++) {
      assertArrayEquals(sent[i], events.get(i).getBody(), "size " + sizes[i]);
    }
  }

  @Test
  void datagramsRefusedByAFullChannelAreCountedOneByOne() throws Exception {
    try (LogCapture log = LogCapture.of(NetcatUdpSource.class)) {
      start(10, Map.of());
      byte[][] all = new byte[50][];
      for (int i = 0; i < all.length; i++) {
        all[i] = ("n" + i).getBytes(StandardCharsets.US_ASCII);
      }
      send(Arrays.copyOf(all, 10));
      await().atMost(WAIT).until(() -> metric("EventAcceptedCount") == 10);
      send(Arrays.copyOfRange(all, 10, 50));
      // the kernel may lose datagrams too; what the source received is either delivered or counted
      await().atMost(WAIT).until(() -> metric("EventReceivedCount") > 10
          && metric("EventReceivedCount") == metric("EventAcceptedCount") + metric("ChannelWriteFail"));
      assertEquals(10, channel.size());
      assertEquals(10, metric("EventAcceptedCount"));
      assertTrue(metric("ChannelWriteFail") > 0);
      assertEquals(1, log.containing("dropped and counted").size(), "one line per episode");
    }
  }
}
