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
import java.time.OffsetDateTime;
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
 * RFC 3164 messages it does not match (with Flume's {@code priority} and {@code version} headers);
 * the forms Flume's own syslog tests use, invalid ones included, and what {@code logger} and
 * rsyslog send, with {@code keepFields} none and all; and the one documented difference, stamps
 * with a fraction and an offset.
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

  /**
   * The forms of Flume 1.11's own syslog tests ({@code TestSyslogUtils}: RFC 5424 with and without
   * version, offset, {@code Z}, fraction, nil stamp or host; RFC 3164 with one or two spaces before
   * the day and a body starting with a dash; invalid priorities), and what {@code logger} and
   * rsyslog's forwarding format send, in texts of our own.
   */
  private static final List<String> FLUME_TEST_FORMS = List.of(
      "<11>2023-09-21T06:30:45+05:30 build-7.example.net nightly job started",
      "<11>1 2023-09-21T06:30:45 build-7.example.net nightly job started",
      "<11>1 2023-09-21T06:30:45Z build-7.example.net nightly job started",
      "<11>1 2023-09-21T06:30:45-03:00 build-7.example.net nightly job started",
      "<11>1 - build-7.example.net nightly job started",
      "<11>1 2023-09-21T06:30:45 - nightly job started",
      "<11>1 2023-09-21T06:30:45Z - nightly job started",
      "<11>1 2023-09-21T06:30:45-03:00 - nightly job started",
      "<11>1 2023-09-21T06:30:45.250 build-7.example.net nightly job started",
      "<11>Sep  21 06:30:45 build-7.example.net nightly job started",
      "<11>Sep  1 06:30:45 build-7.example.net nightly job started",
      "<11>Sep 21 06:30:45 build-7.example.net - dash first [21/Sep/2023:06:30:45 -0300]",
      "<11X> the priority is not a number",
      "look: <11> the message does not start with its priority",
      "<> an empty priority",
      "<11111111111111111111111111> a priority far too long",
      "<11>no header after the priority",
      // rsyslog's RSYSLOG_ForwardFormat without fractional seconds, logger --rfc5424 without them
      "<30>2024-03-07T08:09:10+01:00 web-01 nginx[42]: GET / 200",
      "<13>1 2024-03-07T08:09:10+01:00 web-01 ops - - [timeQuality tzKnown=\"1\" isSynced=\"1\"]"
          + " deploy done");
  /**
   * Stamps with fractional seconds and an offset or {@code Z}, which Flume reads in the JVM's zone
   * (docs/sources/syslog.md): the same headers but {@code timestamp}, which is the stamp's instant.
   */
  private static final Map<String, String> FRACTION_AND_OFFSET = Map.of(
      "<11>2023-09-21T06:30:45.123456-03:00 build-7.example.net nightly job started",
      "2023-09-21T06:30:45.123-03:00",
      "<13>1 2024-03-07T08:09:10.123456+01:00 web-01 ops - - [timeQuality tzKnown=\"1\"] deploy",
      "2024-03-07T08:09:10.123+01:00",
      "<30>2024-03-07T08:09:10.654321Z web-01 nginx[42]: GET / 200",
      "2024-03-07T08:09:10.654Z");

  @Test
  void headersAndBodiesMatchFlume() throws Exception {
    sameAsFlume(MESSAGES, FORMAT, "none");
    sameAsFlume(MESSAGES, FORMAT, "timestamp hostname");
  }

  @Test
  void flumesOwnTestFormsAndLoggerAndRsyslogMessagesMatchFlume() throws Exception {
    sameAsFlume(FLUME_TEST_FORMS, Map.of(), "none");
    sameAsFlume(FLUME_TEST_FORMS, Map.of(), "all");
  }

  @Test
  void stampsWithAFractionAndAnOffsetDifferFromFlumeOnlyInTheirTimestamp() throws Exception {
    List<String> messages = List.copyOf(FRACTION_AND_OFFSET.keySet());
    List<Event> sluice = sluice(messages, Map.of("port", "0", "host", "127.0.0.1"));
    List<Map<String, String>> flume = flume(messages, Map.of(), "none");
    for (int i = 0; i < messages.size(); i++) {
      String m = messages.get(i);
      Map<String, String> ours = new HashMap<>(sluice.get(i).getHeaders());
      Map<String, String> theirs = new HashMap<>(flume.get(i));
      assertEquals(String.valueOf(OffsetDateTime.parse(FRACTION_AND_OFFSET.get(m)).toInstant()
          .toEpochMilli()), ours.remove("timestamp"), m);
      theirs.remove("timestamp");
      theirs.remove(BODY);
      assertEquals(theirs, ours, m);
      assertEquals(flume.get(i).get(BODY), new String(sluice.get(i).getBody(),
          StandardCharsets.UTF_8), m);
    }
  }

  /** Flume's body, kept beside its headers under a key no header has. */
  private static final String BODY = "\u0000body";

  private void sameAsFlume(List<String> messages, Map<String, String> format, String keepFields)
      throws Exception {
    Map<String, String> raw = new HashMap<>(Map.of("port", "0", "host", "127.0.0.1",
        "keepFields", keepFields));
    format.forEach((k, v) -> raw.put("format." + k, v));
    List<Event> sluice = sluice(messages, raw);
    List<Map<String, String>> flume = flume(messages, format, keepFields);
    for (int i = 0; i < messages.size(); i++) {
      String what = keepFields + ": " + messages.get(i);
      Map<String, String> theirs = new HashMap<>(flume.get(i));
      String body = theirs.remove(BODY);
      assertEquals(theirs, sluice.get(i).getHeaders(), what);
      assertEquals(body, new String(sluice.get(i).getBody(), StandardCharsets.UTF_8), what);
    }
  }

  /** What Flume's {@code SyslogUtils} makes of each message: its headers, and its body. */
  private List<Map<String, String>> flume(List<String> messages, Map<String, String> format,
      String keepFields) throws Exception {
    // Flume's agent jars, which the build copies for the interop tests (bench/run's flume-lib is
    // not there in a plain mvn verify)
    Path flumeJars = Path.of(System.getProperty("sluice.flume.agent.lib", "target/flume-agent-lib"));
    List<Map<String, String>> out = new ArrayList<>();
    try (FlumeClasspath flume = FlumeClasspath.open(flumeJars)) {
      Class<?> syslogUtils = flume.load("org.apache.flume.source.SyslogUtils");
      Object flumeKeep = syslogUtils.getMethod("chooseFieldsToKeep", String.class)
          .invoke(null, keepFields);
      for (String m : messages) {
        Object utils = syslogUtils
            .getConstructor(Integer.class, Set.class, boolean.class, Clock.class)
            .newInstance(2500, flumeKeep, true, clock);
        if (!format.isEmpty()) {
          FlumeClasspath.call(utils, "addFormats", format);
        }
        Object buf = flume.load("io.netty.buffer.Unpooled").getMethod("wrappedBuffer", byte[].class)
            .invoke(null, (Object) m.getBytes(StandardCharsets.UTF_8));
        Object event = FlumeClasspath.call(utils, "extractEvent", buf);
        @SuppressWarnings("unchecked")
        Map<String, String> headers = new HashMap<>(
            (Map<String, String>) FlumeClasspath.call(event, "getHeaders"));
        headers.put(BODY, new String((byte[]) FlumeClasspath.call(event, "getBody"),
            StandardCharsets.UTF_8));
        out.add(headers);
      }
    }
    return out;
  }

  /** The events of Sluice's syslogudp source for {@code messages}, one datagram each, in order. */
  private List<Event> sluice(List<String> messages, Map<String, String> raw) throws Exception {
    SyslogUdpSourceFactory f = new SyslogUdpSourceFactory();
    TestQueueChannel channel = new TestQueueChannel("c1", 1000);
    SyslogUdpSource source = (SyslogUdpSource) f.create(Configs.configure(f, raw),
        DefaultComponentContext.builder("a1", "r1", new MetricsRegistry().group("SOURCE.r1"))
            .channelProcessor(new TestChannelProcessor(channel)).clock(clock).build());
    source.start();
    List<Event> events = new ArrayList<>();
    try (DatagramSocket socket = new DatagramSocket()) {
      for (String m : messages) {
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
