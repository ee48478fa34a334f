package io.sluice.edge.syslog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.api.Event;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Flume 1.11 multiport source's headers and bodies (its own SyslogParser's rules, samples written
 * for Sluice); the comparison with Flume's code itself is SyslogHeadersFlumeIT in
 * integration-tests.
 */
class MultiportSyslogParserTest {
  private static final Instant NOW = Instant.parse("2024-06-15T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final String INVALID = "Invalid";

  private static Event parse(String keep, String msg) {
    return new MultiportSyslogParser(KeepFields.parse(keep), false, CLOCK)
        .parse(msg.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8, false);
  }

  private static String body(Event e) {
    return new String(e.getBody(), StandardCharsets.UTF_8);
  }

  private static String millis(String utc) {
    return String.valueOf(LocalDateTime.parse(utc).toInstant(ZoneOffset.UTC).toEpochMilli());
  }

  @Test
  void rfc5424GivesCapitalisedPriorityAndVersion() {
    Event e = parse("none", "<165>1 2024-03-07T08:09:10.48265Z web-03 billing 4711 PAY - ok");
    assertEquals(Map.of("Priority", "165", "Facility", "20", "Severity", "5", "Version", "1",
        "timestamp", millis("2024-03-07T08:09:10.482"), "host", "web-03"), e.getHeaders());
    assertEquals("billing 4711 PAY - ok", body(e));
    // a fraction under three digits is scaled up; an offset is subtracted
    assertEquals(millis("2024-03-07T06:39:10.100"),
        parse("none", "<13>1 2024-03-07T08:09:10.1+01:30 h x").getHeaders().get("timestamp"));
    assertEquals(String.valueOf(NOW.toEpochMilli()),
        parse("none", "<13>1 - h x").getHeaders().get("timestamp"));
  }

  @Test
  void rfc3164IsReadAsUtcInThisYearAndAnUnreadableStampIsZero() {
    Event e = parse("none", "<38>Jun  7 08:09:10 gateway sshd[812]: ok");
    assertEquals(Map.of("Priority", "38", "Facility", "4", "Severity", "6",
        "timestamp", millis("2024-06-07T08:09:10"), "host", "gateway"), e.getHeaders());
    assertEquals("sshd[812]: ok", body(e));
    // Flume takes 15 characters for the stamp and the host after the 16th, whatever they are
    Event odd = parse("none", "<13>Hello world thi_host is it");
    assertEquals("0", odd.getHeaders().get("timestamp"));
    assertEquals("host", odd.getHeaders().get("host"));
    assertEquals("is it", body(odd));
    // over a month ahead: the year before (Flume: 1999)
    assertEquals(millis("2023-09-01T00:00:00"),
        parse("none", "<13>Sep  1 00:00:00 h x").getHeaders().get("timestamp"));
  }

  @Test
  void keepFieldsAsFlume() {
    String msg = "<13>1 2024-03-07T08:09:10Z host-1 the message";
    assertEquals(msg, body(parse("all", msg)));
    assertEquals("<13>1 2024-03-07T08:09:10Z host-1 the message",
        body(parse("priority version timestamp hostname", msg)));
    assertEquals("host-1 the message", body(parse("hostname", msg)));
    assertEquals("<13>the message", body(parse("priority", "<13>- host-1 the message")));
    // nothing after the host: the whole message is the body
    assertEquals("<13>1 - host-1 ", body(parse("none", "<13>1 - host-1 ")));
  }

  @Test
  void invalidMessagesCarryOnlyTheStatusAndTheWholeMessage() {
    for (String bad : new String[] {"", "no priority", "<1234567>x y z", "<ab>x y z", "<13>",
        "<13>1 2024-03-07T08:09:10Z", "<13>lowercase", "<13>1 2024-02-30T08:09:10Z h x",
        "<13>1 2024-03-07T08:09:10.123 h x", "<13>1 2024-03-07T08:09:10+1:00 h x", "<13>-"}) {
      Event e = parse("none", bad);
      assertEquals(Map.of("flume.syslog.status", INVALID), e.getHeaders(), bad);
      assertEquals(bad, body(e), bad);
    }
    byte[] notUtf8 = {'<', '1', '3', '>', (byte) 0xff, ' ', 'h', ' ', 'x'};
    Event e = new MultiportSyslogParser(KeepFields.NONE, false, CLOCK)
        .parse(notUtf8, StandardCharsets.UTF_8, false);
    assertEquals(Map.of("flume.syslog.status", INVALID), e.getHeaders());
    assertArrayEquals(notUtf8, e.getBody());
  }

  @Test
  void aCutMessageThatParsesIsIncomplete() {
    Event e = new MultiportSyslogParser(KeepFields.NONE, false, CLOCK)
        .parse("<13>1 - h cut".getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8, true);
    assertEquals("Incomplete", e.getHeaders().get("flume.syslog.status"));
    assertEquals("13", e.getHeaders().get("Priority"));
  }
}
