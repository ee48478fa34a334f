package io.sluice.edge.syslog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.Event;
import io.sluice.core.testutil.Configs;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Flume's headers and bodies for RFC 5424 and RFC 3164 messages (samples written for Sluice). */
class SyslogParserTest {
  private static final Clock JUNE_2024 = Clock.fixed(Instant.parse("2024-06-15T12:00:00Z"), ZoneOffset.UTC);
  private final SyslogParser flume = new SyslogParser(KeepFields.NONE, false, JUNE_2024);

  private Event parse(SyslogParser p, String msg) {
    return p.parse(msg.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8, false);
  }

  private static String body(Event e) {
    return new String(e.getBody(), StandardCharsets.UTF_8);
  }

  private static long millis(String utc) {
    return LocalDateTime.parse(utc).toInstant(ZoneOffset.UTC).toEpochMilli();
  }

  @Test
  void rfc5424() {
    Event e = parse(flume, "<165>1 2024-03-07T08:09:10.482Z web-03.example.org billing 4711 PAY"
        + " [meta seq=\"9\"] charge ok");
    assertEquals(Map.of("Facility", "20", "Severity", "5", "timestamp", String.valueOf(millis("2024-03-07T08:09:10.482")),
        "host", "web-03.example.org"), e.getHeaders());
    assertEquals("billing 4711 PAY [meta seq=\"9\"] charge ok", body(e));
  }

  @Test
  void rfc5424OffsetsAndNilValues() {
    Event e = parse(flume, "<14>1 2024-03-07T10:09:10+02:00 - app - - - hi");
    assertEquals(String.valueOf(millis("2024-03-07T08:09:10")), e.getHeaders().get("timestamp"));
    assertNull(e.getHeaders().get("host"));
    assertEquals("app - - - hi", body(e));
    Event nil = parse(flume, "<14>1 - box app - - - hi");
    assertNull(nil.getHeaders().get("timestamp"));
    assertEquals("box", nil.getHeaders().get("host"));
  }

  @Test
  void fractionalSecondsAreExact() {
    // Flume reads .1 as 1 ms and cuts .123999 to .123 by text; Sluice reads them as decimals
    assertEquals(String.valueOf(millis("2024-03-07T08:09:10.100")),
        parse(flume, "<14>1 2024-03-07T08:09:10.1Z h a").getHeaders().get("timestamp"));
    assertEquals(String.valueOf(millis("2024-03-07T08:09:10.120")),
        parse(flume, "<14>1 2024-03-07T08:09:10.12Z h a").getHeaders().get("timestamp"));
    assertEquals(String.valueOf(millis("2024-03-07T08:09:10.123")),
        parse(flume, "<14>1 2024-03-07T08:09:10.123999Z h a").getHeaders().get("timestamp"));
    SyslogParser structured = new SyslogParser(KeepFields.NONE, true, JUNE_2024);
    assertEquals("2024-03-07T08:09:10.123999Z",
        parse(structured, "<14>1 2024-03-07T08:09:10.123999Z h a - - - x").getHeaders().get("syslog.timestamp"));
  }

  @Test
  void rfc3164() {
    Event e = parse(flume, "<38>Mar  7 08:09:10 gateway sshd[812]: Accepted publickey for ops");
    assertEquals(Map.of("Facility", "4", "Severity", "6", "timestamp", String.valueOf(millis("2024-03-07T08:09:10")),
        "host", "gateway"), e.getHeaders());
    assertEquals("sshd[812]: Accepted publickey for ops", body(e));
  }

  @Test
  void theHourRepeatedWhenClocksGoBackIsReadInStandardTimeAsFlumeDoes() {
    Clock newYork = Clock.fixed(Instant.parse("2024-11-10T00:00:00Z"), ZoneId.of("America/New_York"));
    SyslogParser p = new SyslogParser(KeepFields.NONE, false, newYork);
    // 01:30 came twice on 2024-11-03 in New York: Flume's Calendar takes EST (UTC-5)
    assertEquals(String.valueOf(Instant.parse("2024-11-03T06:30:00Z").toEpochMilli()),
        parse(p, "<13>Nov  3 01:30:00 h m").getHeaders().get("timestamp"));
    assertEquals(String.valueOf(Instant.parse("2024-11-03T06:30:00Z").toEpochMilli()),
        parse(p, "<13>1 2024-11-03T01:30:00 h app - - - m").getHeaders().get("timestamp"));
  }

  @Test
  void rfc3164YearIsInferredWithinElevenMonthsBackAndOneAhead() {
    Clock jan2 = Clock.fixed(Instant.parse("2025-01-02T00:00:00Z"), ZoneOffset.UTC);
    SyslogParser p = new SyslogParser(KeepFields.NONE, false, jan2);
    // late December seen on January 2nd: last year
    assertEquals(String.valueOf(millis("2024-12-31T23:59:59")),
        parse(p, "<13>Dec 31 23:59:59 h m").getHeaders().get("timestamp"));
    // a few days ahead: this year
    assertEquals(String.valueOf(millis("2025-01-05T00:00:00")),
        parse(p, "<13>Jan  5 00:00:00 h m").getHeaders().get("timestamp"));
    Clock dec30 = Clock.fixed(Instant.parse("2024-12-30T00:00:00Z"), ZoneOffset.UTC);
    // January seen on December 30th: over 11 months back, so next year
    assertEquals(String.valueOf(millis("2025-01-02T00:00:00")),
        parse(new SyslogParser(KeepFields.NONE, false, dec30), "<13>Jan  2 00:00:00 h m").getHeaders().get("timestamp"));
  }

  @Test
  void invalidAndUnparsedMessages() {
    Event bad = parse(flume, "no priority here");
    assertEquals(Map.of("Facility", "0", "Severity", "0", "flume.syslog.status", "Invalid"), bad.getHeaders());
    assertEquals("no priority here", body(bad));
    assertEquals("Invalid", parse(flume, "<1234>x").getHeaders().get("flume.syslog.status"));
    assertEquals("Invalid", parse(flume, "<>x").getHeaders().get("flume.syslog.status"));
    // a valid PRI but neither RFC: Facility and Severity, whole text as body, no status
    Event plain = parse(flume, "<13>just text");
    assertEquals(Map.of("Facility", "1", "Severity", "5"), plain.getHeaders());
    assertEquals("<13>just text", body(plain));
  }

  @Test
  void incompleteIsMarkedAndStillParsed() {
    Event e = flume.parse("<13>1 2024-03-07T08:09:10Z h app cut".getBytes(StandardCharsets.UTF_8),
        StandardCharsets.UTF_8, true);
    assertEquals("Incomplete", e.getHeaders().get("flume.syslog.status"));
    assertEquals("h", e.getHeaders().get("host"));
    assertEquals("app cut", body(e));
  }

  @Test
  void keepFields() {
    String msg = "<13>1 2024-03-07T08:09:10Z h app m";
    assertEquals(msg, body(parse(new SyslogParser(KeepFields.parse("all"), false, JUNE_2024), msg)));
    assertEquals(msg, body(parse(new SyslogParser(KeepFields.parse("true"), false, JUNE_2024), msg)));
    assertEquals("app m", body(parse(new SyslogParser(KeepFields.parse("false"), false, JUNE_2024), msg)));
    assertEquals("<13>h app m", body(parse(new SyslogParser(KeepFields.parse("priority hostname"), false,
        JUNE_2024), msg)));
    assertEquals("<13>1 2024-03-07T08:09:10Z h app m", body(parse(new SyslogParser(
        KeepFields.parse("priority version timestamp hostname"), false, JUNE_2024), msg)));
  }

  @Test
  void structuredHeaders() {
    SyslogParser p = new SyslogParser(KeepFields.NONE, true, JUNE_2024);
    Event e = parse(p, "<165>1 2024-03-07T08:09:10Z h evntslog 77 ID47 [exampleSDID@32473 iut=\"3\""
        + " eventSource=\"App\\\"lication\"][origin ip=\"10.0.0.1\"] \uFEFFAn application event");
    Map<String, String> h = e.getHeaders();
    assertEquals("evntslog", h.get("syslog.appname"));
    assertEquals("77", h.get("syslog.procid"));
    assertEquals("ID47", h.get("syslog.msgid"));
    assertEquals("3", h.get("syslog.sd.exampleSDID@32473.iut"));
    assertEquals("App\"lication", h.get("syslog.sd.exampleSDID@32473.eventSource"));
    assertEquals("10.0.0.1", h.get("syslog.sd.origin.ip"));
    assertEquals("An application event", body(e));
    Event nil = parse(p, "<165>1 2024-03-07T08:09:10Z h - - - -");
    assertFalse(nil.getHeaders().containsKey("syslog.appname"));
    assertEquals("", body(nil));
    // malformed structured data: Flume's headers and body, nothing more
    Event broken = parse(p, "<165>1 2024-03-07T08:09:10Z h app 1 m [unclosed x=\"1\" tail");
    assertFalse(broken.getHeaders().containsKey("syslog.appname"));
    assertEquals("app 1 m [unclosed x=\"1\" tail", body(broken));
  }

  @Test
  void bodiesKeepTheirBytesAndHeadersUseTheCharset() {
    SyslogParser p = new SyslogParser(KeepFields.NONE, true, JUNE_2024);
    Charset latin1 = StandardCharsets.ISO_8859_1;
    byte[] raw = "<13>1 - h app - - [x name=\"caf\u00e9\"] d\u00e9j\u00e0".getBytes(latin1);
    Event e = p.parse(raw, latin1, false);
    assertEquals("caf\u00e9", e.getHeaders().get("syslog.sd.x.name"));
    assertArrayEquals("d\u00e9j\u00e0".getBytes(latin1), e.getBody());
    // an invalid UTF-8 byte in the body is kept as sent
    byte[] odd = {'<', '1', '3', '>', 'x', ' ', (byte) 0xff};
    assertArrayEquals(odd, flume.parse(odd, StandardCharsets.UTF_8, false).getBody());
    // UTF-16 is decoded and re-encoded, as Flume does
    Charset utf16 = StandardCharsets.UTF_16BE;
    Event wide = flume.parse("<13>1 - h \u00fcber".getBytes(utf16), utf16, false);
    assertEquals("h", wide.getHeaders().get("host"));
    assertArrayEquals("\u00fcber".getBytes(utf16), wide.getBody());
    assertTrue(SyslogParser.asciiTransparent(Charset.forName("windows-1252")));
  }

  /** Flume's format.* keys: groups 1-5 are priority, version, timestamp, host and body. */
  private static SyslogParser custom(String search, String replace, String dateFormat, KeepFields keep) {
    Map<String, String> raw = new HashMap<>(Map.of("port", "1",
        "format.regex", "<(\\d{1,3})>()(\\S+) (\\S+) (.*)"));
    if (search != null) {
      raw.put("format.search", search);
      raw.put("format.replace", replace);
    }
    if (dateFormat != null) {
      raw.put("format.dateFormat", dateFormat);
    }
    SyslogSourceConfig c = Configs.configure(new SyslogTcpSourceFactory(), raw);
    return new SyslogParser(keep, false, JUNE_2024, c.customFormat(), c.priorityHeaders());
  }

  @Test
  void customFormatGivesFlumesHeaders() {
    SyslogParser p = custom("_", "T", "yyyy-MM-dd'T'HH.mm.ss", KeepFields.NONE);
    Event e = parse(p, "<34>2024-03-07_08.09.10 gw app: started");
    assertEquals(Map.of("Facility", "4", "Severity", "2", "priority", "34",
        "timestamp", String.valueOf(millis("2024-03-07T08:09:10")), "host", "gw"), e.getHeaders());
    assertEquals("app: started", body(e));
    // kept fields use the timestamp as sent
    Event kept = parse(custom("_", "T", "yyyy-MM-dd'T'HH.mm.ss",
        KeepFields.parse("timestamp hostname")),
        "<34>2024-03-07_08.09.10 gw app: started");
    assertEquals("2024-03-07_08.09.10 gw app: started", body(kept));
    // an empty body with kept fields is those fields, as in Flume
    assertEquals("2024-03-07_08.09.10 gw ", body(parse(custom("_", "T", "yyyy-MM-dd'T'HH.mm.ss",
        KeepFields.parse("timestamp hostname")), "<34>2024-03-07_08.09.10 gw ")));
    // a timestamp the date format cannot read, or no date format: no timestamp header
    assertEquals(Map.of("Facility", "4", "Severity", "2", "priority", "34", "host", "gw"),
        parse(p, "<34>yesterday gw app: started").getHeaders());
    assertNull(parse(custom(null, null, null, KeepFields.NONE), "<34>2024-03-07_08.09.10 gw x").getHeaders()
        .get("timestamp"));
    // messages the regex does not match fall back to RFC 5424 and RFC 3164
    Event std = parse(p, "<38>Mar  7 08:09:10 gateway sshd[812]: ok");
    assertEquals(Map.of("Facility", "4", "Severity", "6", "priority", "38",
        "timestamp", String.valueOf(millis("2024-03-07T08:09:10")), "host", "gateway"), std.getHeaders());
    SyslogParser builtIn = new SyslogParser(KeepFields.NONE, false, JUNE_2024, null, true);
    assertEquals("1", parse(builtIn, "<14>1 2024-03-07T08:09:10Z h a").getHeaders().get("version"));
    assertEquals("sshd[812]: ok", body(std));
    // the custom format is only tried after a valid <PRI>, as in Flume
    assertEquals("Invalid", parse(p, "2024-03-07_08.09.10 gw x").getHeaders().get("flume.syslog.status"));
  }

  @Test
  void customFormatWithoutBodyGroupKeepsTheWholeMessage() {
    SyslogSourceConfig c = Configs.configure(new SyslogUdpSourceFactory(),
        Map.of("port", "1", "format.regex", "<(\\d+)>(\\d) (\\d+) host=(\\S+)",
            "format.dateFormat", "yyyyMMddHHmmss"));
    SyslogParser p = new SyslogParser(KeepFields.NONE, false, JUNE_2024, c.customFormat(), true);
    Event e = parse(p, "<13>7 20240307080910 host=db1");
    assertEquals(Map.of("Facility", "1", "Severity", "5", "priority", "13", "version", "7",
        "timestamp", String.valueOf(millis("2024-03-07T08:09:10")), "host", "db1"), e.getHeaders());
    assertEquals("<13>7 20240307080910 host=db1", body(e));
  }
}
