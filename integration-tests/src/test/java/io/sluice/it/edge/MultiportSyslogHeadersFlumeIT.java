package io.sluice.it.edge;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.Event;
import io.sluice.core.metrics.MetricsRegistry;
import io.sluice.core.runtime.DefaultComponentContext;
import io.sluice.core.testutil.Configs;
import io.sluice.core.testutil.TestChannelProcessor;
import io.sluice.core.testutil.TestQueueChannel;
import io.sluice.edge.syslog.MultiportSyslogTcpSourceFactory;
import io.sluice.edge.syslog.SyslogTcpSource;
import io.sluice.it.flume.FlumeClasspath;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue #19: Sluice's {@code multiport_syslogtcp} source (real TCP) gives the same headers and
 * bodies as Apache Flume 1.11.0's multiport source, whose {@code SyslogParser} (its jars, in their
 * own class loader) is run on the same messages, wrapped as that source wraps it (a message it
 * refuses is {@code Invalid} with the message as body): RFC 5424 and RFC 3164 messages, odd and
 * invalid ones, with several {@code keepFields}. Where Flume's parser fails otherwise (Flume then
 * loses the message and the rest of its read) Sluice gives an {@code Invalid} event; an RFC 3164
 * stamp months old gets a year near now where Flume gives 1999 or 2001.
 */
class MultiportSyslogHeadersFlumeIT {
  private static final String STATUS = "flume.syslog.status";
  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private static final String RECENT = rfc3164(NOW.minus(1, ChronoUnit.HOURS));
  private static final String OLD = rfc3164(NOW.minus(90, ChronoUnit.DAYS));
  private static final List<String> MESSAGES = List.of(
      // RFC 5424's own examples (section 6.5)
      "<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - 'su root' failed",
      "<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - - %% It's time",
      "<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47"
          + " [exampleSDID@32473 iut=\"3\" eventSource=\"Application\"] An application event",
      "<13>1 2024-03-07T08:09:10.1+01:30 h x",
      "<13>1 2024-03-07T08:09:10.48265Z web-03 billing 4711 PAY - ok",
      "<13>1 2024-03-07T08:09:10Zjunk h x",
      "<14>1 - box app - - - hi",
      "<13>1 - host-1 ",
      "<38>" + RECENT + " gateway sshd[812]: Accepted publickey for ops",
      "<13>Hello world this is it",
      "<999>1 2024-03-07T08:09:10Z h x",
      "<+5>1 - h x",
      "<14>1 2024-03-07T08:09:10Z h caf\u00e9 \u4e2d",
      // invalid for Flume's parser
      "no priority", "<ab>x y z", "<1234567>x y z", "<13>", "<13>1 2024-03-07T08:09:10Z",
      "<13>lowercase", "<13>1 2024-03-07T08:09:10+1:00 h x",
      // Flume's parser fails with another exception: Flume loses these
      "<13>1 2024-02-30T08:09:10Z h x", "<13>1 2024-03-07T08:09:10.123 h x",
      "<38>" + OLD + " gateway months old");

  @Test
  void headersAndBodiesMatchFlumesMultiportSource() throws Exception {
    Path flumeJars = Path.of(System.getProperty("sluice.flume.agent.lib", "target/flume-agent-lib"));
    try (FlumeClasspath flume = FlumeClasspath.open(flumeJars)) {
      Object parser = flume.create("org.apache.flume.source.SyslogParser");
      for (String keep : List.of("none", "all", "timestamp hostname", "priority version")) {
        Object keepFields = flume.callStatic("org.apache.flume.source.SyslogUtils",
            "chooseFieldsToKeep", keep);
        List<Event> sluice = sluice(keep);
        assertEquals(MESSAGES.size(), sluice.size());
        int lost = 0;
        for (int i = 0; i < MESSAGES.size(); i++) {
          String msg = MESSAGES.get(i);
          String what = keep + ": " + msg;
          Map<String, String> headers = new HashMap<>();
          String body;
          try {
            Object e = FlumeClasspath.call(parser, "parseMessage", msg, StandardCharsets.UTF_8, keepFields);
            @SuppressWarnings("unchecked")
            Map<String, String> h = (Map<String, String>) FlumeClasspath.call(e, "getHeaders");
            headers.putAll(h);
            body = new String((byte[]) FlumeClasspath.call(e, "getBody"), StandardCharsets.UTF_8);
          } catch (IllegalArgumentException e) { // what Flume's multiport source makes of it
            headers.put(STATUS, "Invalid");
            body = msg;
          } catch (Exception e) { // Flume loses it; Sluice keeps it as Invalid
            lost++;
            headers.put(STATUS, "Invalid");
            body = msg;
          }
          Map<String, String> got = new HashMap<>(sluice.get(i).getHeaders());
          if (msg.contains(OLD)) {
            int flumeYear = year(headers.remove("timestamp"));
            assertTrue(flumeYear == 1999 || flumeYear == 2001, what + ": " + flumeYear);
            assertEquals(NOW.minus(90, ChronoUnit.DAYS).toEpochMilli(),
                Long.parseLong(got.remove("timestamp")), what);
          } else if (msg.contains(" - ") && msg.indexOf(" - ") < 7) { // "-": the time now
            long at = Long.parseLong(headers.remove("timestamp"));
            assertTrue(Math.abs(at - Long.parseLong(got.remove("timestamp"))) < 60_000, what);
          }
          assertEquals(headers, got, what);
          assertEquals(body, new String(sluice.get(i).getBody(), StandardCharsets.UTF_8), what);
        }
        assertEquals(2, lost, "messages on which Flume's parser fails other than as invalid");
      }
    }
  }

  private static int year(String millis) {
    return Instant.ofEpochMilli(Long.parseLong(millis)).atZone(ZoneOffset.UTC).getYear();
  }

  /** {@code Mmm dd hh:mm:ss} in UTC, the day padded with a space, as RFC 3164 writes it. */
  private static String rfc3164(Instant t) {
    ZonedDateTime z = t.atZone(ZoneOffset.UTC);
    return String.format(Locale.ROOT, "%s %2d %02d:%02d:%02d",
        z.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH), z.getDayOfMonth(), z.getHour(),
        z.getMinute(), z.getSecond());
  }

  /** The events of Sluice's multiport source for {@link #MESSAGES}, sent on one connection. */
  private static List<Event> sluice(String keepFields) throws Exception {
    MultiportSyslogTcpSourceFactory f = new MultiportSyslogTcpSourceFactory();
    TestQueueChannel channel = new TestQueueChannel("c1", 1000);
    SyslogTcpSource source = (SyslogTcpSource) f.create(Configs.configure(f, Map.of("ports", "0",
        "host", "127.0.0.1", "keepFields", keepFields)),
        DefaultComponentContext.builder("a1", "r1", new MetricsRegistry().group("SOURCE.r1"))
            .channelProcessor(new TestChannelProcessor(channel)).clock(Clock.systemDefaultZone())
            .build());
    source.start();
    List<Event> events = new ArrayList<>();
    try (Socket s = new Socket("127.0.0.1", source.boundPorts().get(0))) {
      OutputStream out = s.getOutputStream();
      out.write((String.join("\n", MESSAGES) + "\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      await().atMost(Duration.ofSeconds(10)).until(() -> {
        events.addAll(channel.drain());
        return events.size() >= MESSAGES.size();
      });
    } finally {
      source.stop();
    }
    assertFalse(events.isEmpty());
    return events;
  }
}
