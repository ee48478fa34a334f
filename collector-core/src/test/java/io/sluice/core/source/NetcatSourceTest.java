package io.sluice.core.source;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.Event;
import io.sluice.core.metrics.MetricsRegistry;
import io.sluice.core.runtime.DefaultComponentContext;
import io.sluice.core.testutil.Configs;
import io.sluice.core.testutil.TestChannelProcessor;
import io.sluice.core.testutil.TestQueueChannel;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NetcatSourceTest {
  private final TestQueueChannel channel = new TestQueueChannel("c1", 3);
  private final MetricsRegistry metrics = new MetricsRegistry();
  private NetcatSource source;

  private NetcatSource start(Map<String, String> extra) throws Exception {
    Map<String, String> raw = new java.util.HashMap<>(Map.of("bind", "127.0.0.1", "port", "0"));
    raw.putAll(extra);
    NetcatSourceFactory f = new NetcatSourceFactory();
    source = (NetcatSource) f.create(Configs.configure(f, raw),
        DefaultComponentContext.builder("a1", "r1", metrics.group("SOURCE.r1"))
            .channelProcessor(new TestChannelProcessor(channel)).build());
    source.start();
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
      String refused = in.readLine();
      assertTrue(refused.startsWith("FAILED: channel c1 is full"), refused);
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
    assertTrue(Thread.getAllStackTraces().keySet().stream()
        .noneMatch(t -> t.getName().startsWith("a1-r1-")), "no source thread survives stop()");
  }

  @Test
  void portIsRequiredAndBounded() {
    NetcatSourceFactory f = new NetcatSourceFactory();
    assertEquals("port", Configs.parse(f, Map.of("bind", "0.0.0.0")).problems().get(0).key());
    assertEquals("port", Configs.parse(f, Map.of("bind", "0.0.0.0", "port", "70000")).problems().get(0).key());
  }
}
