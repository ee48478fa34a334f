package io.sluice.aggregator.hdfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Golden cases for Flume's BucketPath behaviour, computed independently here. */
class PathTemplateTest {
  private static final ZoneId UTC = ZoneId.of("UTC");
  private static final HostNames HOST = new HostNames("agg1", "10.1.2.3", "agg1.example.org");
  // 2012-06-23T13:46:33.234Z, a Saturday, day 175 of the year.
  private static final long T = ZonedDateTime.of(2012, 6, 23, 13, 46, 33, 234_000_000, UTC)
      .toInstant().toEpochMilli();

  private static String resolve(String template, Map<String, String> headers, TimeRounding r, ZoneId zone)
      throws BadEventException {
    return PathTemplate.parse(template, zone, r, false, HOST, Locale.US).resolve(headers, 0);
  }

  private static Map<String, String> ts(long t) {
    Map<String, String> h = new HashMap<>();
    h.put("timestamp", Long.toString(t));
    return h;
  }

  @Test
  void everyTimeEscapeFormatsLikeFlume() throws Exception {
    Map<String, String> h = ts(T);
    assertEquals("Sat Saturday Jun June", resolve("%a %A %b %B", h, TimeRounding.NONE, UTC));
    assertEquals("Sat Jun 23 13:46:33 2012", resolve("%c", h, TimeRounding.NONE, UTC));
    assertEquals("23 06/23/12 23 13 01 175 13 1", resolve("%d %D %e %H %I %j %k %l", h, TimeRounding.NONE, UTC));
    assertEquals("06 46 6 PM 1340459193 33", resolve("%m %M %n %p %s %S", h, TimeRounding.NONE, UTC));
    assertEquals(T + " 12 2012 +0000", resolve("%t %y %Y %z", h, TimeRounding.NONE, UTC));
  }

  @Test
  void noPaddingEscapesDropLeadingZeros() throws Exception {
    long may3 = ZonedDateTime.of(2014, 5, 3, 9, 5, 0, 0, UTC).toInstant().toEpochMilli();
    long nov13 = ZonedDateTime.of(2014, 11, 13, 21, 5, 0, 0, UTC).toInstant().toEpochMilli();
    assertEquals("5-3 9 9 AM", resolve("%n-%e %k %l %p", ts(may3), TimeRounding.NONE, UTC));
    assertEquals("11-13 21 9 PM", resolve("%n-%e %k %l %p", ts(nov13), TimeRounding.NONE, UTC));
  }

  @Test
  void timeZoneChangesTheFields() throws Exception {
    ZoneId la = ZoneId.of("America/Los_Angeles");
    assertEquals("2012/06/23/06 -0700", resolve("%Y/%m/%d/%H %z", ts(T), TimeRounding.NONE, la));
  }

  @Test
  void roundingGoesDownToMultiplesAndZeroesSmallerFields() throws Exception {
    Map<String, String> h = ts(T);
    assertEquals("Sat Jun 23 12:00:00 2012",
        resolve("%c", h, new TimeRounding(ChronoUnit.HOURS, 12), UTC));
    assertEquals("13:45:00", resolve("%H:%M:%S", h, new TimeRounding(ChronoUnit.MINUTES, 5), UTC));
    assertEquals("13:46:30", resolve("%H:%M:%S", h, new TimeRounding(ChronoUnit.SECONDS, 5), UTC));
    long rounded = ZonedDateTime.of(2012, 6, 23, 13, 45, 0, 0, UTC).toInstant().toEpochMilli();
    assertEquals(Long.toString(rounded / 1000), resolve("%s", h, new TimeRounding(ChronoUnit.MINUTES, 5), UTC));
    assertEquals(Long.toString(T), resolve("%t", h, new TimeRounding(ChronoUnit.HOURS, 1), UTC),
        "%t is never rounded");
  }

  @Test
  void roundingHappensInTheConfiguredZone() throws Exception {
    // Kolkata is UTC+5:30: rounding to 1 hour there is not rounding to the UTC hour.
    ZoneId kolkata = ZoneId.of("Asia/Kolkata");
    assertEquals("19:00", resolve("%H:%M", ts(T), new TimeRounding(ChronoUnit.HOURS, 1), kolkata));
  }

  @Test
  void allEscapesOfOnePathUseOneTime() throws Exception {
    // Flume's "date race": 02:59:59 must not become 02:00 or 03:59 across escapes.
    long t = ZonedDateTime.of(2013, 4, 21, 2, 59, 59, 0, UTC).toInstant().toEpochMilli();
    PathTemplate p = PathTemplate.parse("%H:%M", UTC, new TimeRounding(ChronoUnit.MINUTES, 10), true, HOST,
        Locale.US);
    assertEquals("02:50", p.resolve(Map.of(), t));
  }

  @Test
  void localTimeStampUsesTheClockAndIgnoresTheHeader() throws Exception {
    PathTemplate p = PathTemplate.parse("%Y-%m-%d/%t", UTC, TimeRounding.NONE, true, HOST, Locale.US);
    assertEquals("2012-06-23/" + T, p.resolve(ts(0), T));
  }

  @Test
  void headersHostsAndLiterals() throws Exception {
    Map<String, String> h = new HashMap<>();
    h.put("app", "web");
    h.put("dc.name-1", "ams");
    assertEquals("/logs/web/ams/agg1/10.1.2.3/agg1.example.org/x",
        resolve("/logs/%{app}/%{dc.name-1}/%[localhost]/%[IP]/%[FQDN]/x", h, TimeRounding.NONE, UTC));
    assertEquals("/logs/x-/100%", resolve("/logs/x-%{missing}/100%%", h, TimeRounding.NONE, UTC),
        "a missing header is empty within a name; %% is a percent sign");
    assertEquals("/a$b\\c", resolve("/a%{v}", Map.of("v", "$b\\c"), TimeRounding.NONE, UTC),
        "header values are copied literally");
    assertEquals("ab", resolve("a%Qb", Map.of(), TimeRounding.NONE, UTC), "an unknown escape is empty");
    assertEquals("agg1", resolve("%[LOCALHOST]", Map.of(), TimeRounding.NONE, UTC));
  }

  @Test
  void escapesWithoutTimeNeedNoTimestamp() throws Exception {
    PathTemplate p = PathTemplate.parse("/logs/%{app}", UTC, TimeRounding.NONE, false, HOST, Locale.US);
    assertFalse(p.needsTime());
    assertEquals("/logs/web", p.resolve(Map.of("app", "web"), 0));
    assertEquals("/logs/", p.staticPrefix());
  }

  @Test
  void aMissingOrBadTimestampIsABadEventNamingTheCause() {
    PathTemplate p = PathTemplate.parse("/logs/%Y", UTC, TimeRounding.NONE, false, HOST, Locale.US);
    assertTrue(p.needsTime());
    BadEventException missing = assertThrows(BadEventException.class, () -> p.resolve(Map.of(), 0));
    assertTrue(missing.getMessage().contains("no 'timestamp' header"), missing.getMessage());
    assertTrue(missing.getMessage().contains("hdfs.useLocalTimeStamp"), missing.getMessage());
    BadEventException bad = assertThrows(BadEventException.class,
        () -> p.resolve(Map.of("timestamp", "yesterday"), 0));
    assertTrue(bad.getMessage().contains("\"yesterday\""), bad.getMessage());
    // review §7: a peer's value reaches the bad-event log line escaped, so it cannot forge a line
    BadEventException forged = assertThrows(BadEventException.class,
        () -> p.resolve(Map.of("timestamp", "1\r\nWARN forged\u001b[2J"), 0));
    assertTrue(forged.getMessage().contains("\"1\\u000d\\u000aWARN forged\\u001b[2J\""),
        forged.getMessage());
    assertTrue(forged.getMessage().chars().noneMatch(Character::isISOControl), forged.getMessage());
  }

  @Test
  void headerValuesThatWouldLeaveTheirNameOrThatHdfsRefusesAreBadEvents() throws Exception {
    PathTemplate p = PathTemplate.parse("/logs/%{app}/x", UTC, TimeRounding.NONE, false, HOST, Locale.US);
    String tooLong = "a".repeat(256);
    Map<String, String> cases = new java.util.LinkedHashMap<>();
    cases.put("../x", "contains '/'");
    cases.put("a/b", "contains '/'");
    cases.put("a:b", "contains ':'");
    cases.put("", "is empty");
    cases.put(".", "is \".\"");
    cases.put("..", "is \"..\"");
    cases.put(".reserved", "is \".reserved\"");
    cases.put("a\nb", "\"a\\u000ab\" contains a control character");
    cases.put("a\u0000b", "control character");
    cases.put("a\u007fb", "control character");
    cases.put("a\u0085b", "control character");
    cases.put(tooLong, "longer than 255 bytes");
    cases.put("\u00e9".repeat(128), "longer than 255 bytes"); // 256 bytes in UTF-8
    for (Map.Entry<String, String> c : cases.entrySet()) {
      BadEventException e = assertThrows(BadEventException.class,
          () -> p.resolve(Map.of("app", c.getKey()), 0), () -> "value " + c.getKey());
      assertTrue(e.getMessage().contains("header 'app'"), e.getMessage());
      assertTrue(e.getMessage().contains(c.getValue()), e.getMessage());
      assertFalse(e.getMessage().chars().anyMatch(Character::isISOControl), "escaped: " + e.getMessage());
      assertTrue(e.getMessage().length() < 300, "shortened: " + e.getMessage());
    }
    BadEventException missing = assertThrows(BadEventException.class, () -> p.resolve(Map.of(), 0));
    assertTrue(missing.getMessage().contains("header 'app' is missing"), missing.getMessage());

    // what stays allowed
    assertEquals("/logs/a\\b c\u00e9-1.x/x", p.resolve(Map.of("app", "a\\b c\u00e9-1.x"), 0));
    assertEquals("/logs/...x/x", p.resolve(Map.of("app", "...x"), 0));
    assertEquals("/logs/" + "a".repeat(255) + "/x", p.resolve(Map.of("app", "a".repeat(255)), 0));
    PathTemplate within = PathTemplate.parse("/logs/app-%{app}/%{a}%Y", UTC, TimeRounding.NONE, false,
        HOST, Locale.US);
    assertEquals("/logs/app-/1970", within.resolve(Map.of("timestamp", "0"), 0),
        "empty within a name removes no directory level, as in Flume");
    PathTemplate prefix = PathTemplate.parse("%{host}", UTC, TimeRounding.NONE, false, HOST, Locale.US);
    assertThrows(BadEventException.class, () -> prefix.resolve(Map.of("host", ""), 0),
        "an empty file prefix would make hidden files (.123)");
  }

  @Test
  void bucketsThatLeaveTheFixedDirectoryOrHaveTooLongNamesAreRefused() throws Exception {
    PathTemplate t = PathTemplate.parse("hdfs://nn:8020/logs/%{a}%{b}/%{c}", UTC, TimeRounding.NONE,
        false, HOST, Locale.US);
    BucketCheck check = new BucketCheck(t, 30);
    check.check(t.resolve(Map.of("a", "x", "b", "y", "c", "z"), 0), "FlumeData");
    // values are refused one by one before this; the check holds whatever the resolved string
    BadEventException up = assertThrows(BadEventException.class,
        () -> check.check("hdfs://nn:8020/logs/../etc", "FlumeData"));
    assertTrue(up.getMessage().contains("not under /logs") || up.getMessage().contains("leaves"),
        up.getMessage());
    BadEventException longName = assertThrows(BadEventException.class,
        () -> check.check(t.resolve(Map.of("a", "a".repeat(200), "b", "b".repeat(200), "c", "z"), 0),
            "FlumeData"));
    assertTrue(longName.getMessage().contains("longer than 255"), longName.getMessage());
    assertThrows(BadEventException.class, () -> check.check("hdfs://nn:8020/logs/z", "p".repeat(230)),
        "the file name with its counter and suffixes is too long");

    // "/%{a}%{b}/x" with both empty is "//x": a URI reads x as a host
    PathTemplate root = PathTemplate.parse("/%{a}%{b}/x", UTC, TimeRounding.NONE, false, HOST, Locale.US);
    BucketCheck rootCheck = new BucketCheck(root, 30);
    BadEventException host = assertThrows(BadEventException.class,
        () -> rootCheck.check(root.resolve(Map.of("a", "", "b", ""), 0), "FlumeData"));
    assertTrue(host.getMessage().contains("another file system")
        || host.getMessage().contains("not a valid path"), host.getMessage());
    rootCheck.check(root.resolve(Map.of("a", "k", "b", ""), 0), "FlumeData");

    PathTemplate relative = PathTemplate.parse("%{a}-logs/%{b}", UTC, TimeRounding.NONE, false, HOST,
        Locale.US);
    BucketCheck relCheck = new BucketCheck(relative, 30);
    relCheck.check(relative.resolve(Map.of("a", "web", "b", "x"), 0), "FlumeData");
  }

  @Test
  void anUnknownHostEscapeIsRejectedAtParse() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PathTemplate.parse("/x/%[hostname]", UTC, TimeRounding.NONE, false, HOST, Locale.US));
    assertTrue(e.getMessage().contains("%[hostname]"), e.getMessage());
  }

  @Test
  void theRecoveryScanStartsAtTheDeepestFixedDirectory() {
    java.util.function.Function<String, String> root = t -> HdfsSink.scanRoot(
        PathTemplate.parse(t, UTC, TimeRounding.NONE, false, HOST, Locale.US)).toString();
    assertEquals("hdfs://nn:8020/logs", root.apply("hdfs://nn:8020/logs/%Y/%m"));
    assertEquals("hdfs://nn:8020/logs", root.apply("hdfs://nn:8020/logs/app-%{a}"));
    assertEquals("hdfs://nn:8020/", root.apply("hdfs://nn:8020/%Y"));
    assertEquals("/flume/events", root.apply("/flume/events"));
    assertEquals("/", root.apply("%{dir}/x"));
  }

  @Test
  void constantPathsAreRecognised() {
    assertTrue(PathTemplate.parse("/a/b", UTC, TimeRounding.NONE, false, HOST, Locale.US).isConstant());
    assertTrue(PathTemplate.parse("/a/%[IP]", UTC, TimeRounding.NONE, false, HOST, Locale.US).isConstant());
    assertFalse(PathTemplate.parse("/a/%{h}", UTC, TimeRounding.NONE, false, HOST, Locale.US).isConstant());
  }
}
