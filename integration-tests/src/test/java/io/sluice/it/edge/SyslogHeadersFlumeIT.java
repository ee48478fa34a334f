package io.sluice.it.edge;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.api.Event;
import io.sluice.core.metrics.MetricsRegistry;
import io.sluice.core.runtime.DefaultComponentContext;
import io.sluice.core.testutil.Configs;
import io.sluice.core.testutil.TestChannelProcessor;
import io.sluice.core.testutil.TestQueueChannel;
import io.sluice.edge.syslog.SyslogUdpSource;
import io.sluice.edge.syslog.SyslogUdpSourceFactory;
import io.sluice.it.flume.FlumeClasspath;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Issue #19: Sluice's {@code syslogudp} source (real datagrams) gives the same headers and bodies
 * as Apache Flume 1.11.0's own {@code SyslogUtils} (its jars, in their own class loader), message
 * for message, at the same clock and zone: messages in a custom format (Flume's {@code format.regex},
 * {@code format.search}, {@code format.replace}, {@code format.dateFormat}), and RFC 5424 and
 * RFC 3164 messages it does not match (with Flume's {@code priority} and {@code version} headers).
 */
class SyslogHeadersFlumeIT {
  private static final Map<String, String> FORMAT = Map.of(
      "regex", "<(\\d{1,3})>(\\d?) ?(\\d{4}/\\d{2}/\\d{2}_\\d{2}:\\d{2}:\\d{2}) (\\S+) (.*)",
      "search", "_", "replace", "T", "dateFormat", "yyyy/MM/dd'T'HH:mm:ss");
  private static final List<String> MESSAGES = List.of(
      "<34>2024/03/07_08:09:10 gw app: started",
      "<165>1 2023/12/31_23:59:59 db-1.example.org replica lag 0",
      "<13>2024/02/30_25:61:61 lenient sshd[1]: dates roll over as SimpleDateFormat does",
      "<14>2024/03/07_08:09:10 gw ",
      // no fractional seconds: Flume reads those in the JVM's zone whatever the offset says
      "<165>1 2024-03-07T08:09:10Z web-03.example.org billing 4711 PAY - charge ok",
      "<13>1 2024-03-07T08:09:10+02:00 web-03 ",
      "<38>Mar  7 08:09:10 gateway sshd[812]: Accepted publickey for ops");
  private final Clock clock = Clock.fixed(Instant.parse("2024-06-15T12:00:00Z"), ZoneId.systemDefault());

  @Test
  void headersAndBodiesMatchFlume() throws Exception {
    sameAsFlume("none", null);
    sameAsFlume("timestamp hostname", Set.of("timestamp", "hostname"));
  }

  private void sameAsFlume(String keepFields, Set<String> flumeKeep) throws Exception {
    Map<String, String> raw = new HashMap<>(Map.of("port", "0", "host", "127.0.0.1", "keepFields", keepFields));
    FORMAT.forEach((k, v) -> raw.put("format." + k, v));
    List<Event> sluice = sluice(raw);
    // Flume's agent jars, which the build copies for the interop tests (bench/run's flume-lib is
    // not there in a plain mvn verify)
    Path flumeJars = Path.of(System.getProperty("sluice.flume.agent.lib", "target/flume-agent-lib"));
    try (FlumeClasspath flume = FlumeClasspath.open(flumeJars)) {
      for (int i = 0; i < MESSAGES.size(); i++) {
        Object utils = flume.load("org.apache.flume.source.SyslogUtils")
            .getConstructor(Integer.class, Set.class, boolean.class, Clock.class)
            .newInstance(2500, flumeKeep, true, clock);
        FlumeClasspath.call(utils, "addFormats", FORMAT);
        Object buf = flume.load("io.netty.buffer.Unpooled").getMethod("wrappedBuffer", byte[].class)
            .invoke(null, (Object) MESSAGES.get(i).getBytes(StandardCharsets.UTF_8));
        Object event = FlumeClasspath.call(utils, "extractEvent", buf);
        String what = keepFields + ": " + MESSAGES.get(i);
        assertEquals(FlumeClasspath.call(event, "getHeaders"), sluice.get(i).getHeaders(), what);
        assertEquals(new String((byte[]) FlumeClasspath.call(event, "getBody"), StandardCharsets.UTF_8),
            new String(sluice.get(i).getBody(), StandardCharsets.UTF_8), what);
      }
    }
  }

  /** The events of Sluice's syslogudp source for {@link #MESSAGES}, one datagram each, in order. */
  private List<Event> sluice(Map<String, String> raw) throws Exception {
    SyslogUdpSourceFactory f = new SyslogUdpSourceFactory();
    TestQueueChannel channel = new TestQueueChannel("c1", 1000);
    SyslogUdpSource source = (SyslogUdpSource) f.create(Configs.configure(f, raw),
        DefaultComponentContext.builder("a1", "r1", new MetricsRegistry().group("SOURCE.r1"))
            .channelProcessor(new TestChannelProcessor(channel)).clock(clock).build());
    source.start();
    List<Event> events = new ArrayList<>();
    try (DatagramSocket socket = new DatagramSocket()) {
      for (String m : MESSAGES) {
        byte[] b = m.getBytes(StandardCharsets.UTF_8);
        socket.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), source.boundPort()));
        int want = events.size() + 1; // one at a time keeps datagrams in order
        await().atMost(Duration.ofSeconds(10)).until(() -> {
          events.addAll(channel.drain());
          return events.size() >= want;
        });
      }
    } finally {
      source.stop();
    }
    return events;
  }
}
