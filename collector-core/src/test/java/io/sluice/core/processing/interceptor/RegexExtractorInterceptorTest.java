package io.sluice.core.processing.interceptor;

import static io.sluice.core.processing.Components.configure;
import static io.sluice.core.processing.Components.context;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sluice.api.Event;
import io.sluice.api.Interceptor;
import io.sluice.api.config.ConfigException;
import io.sluice.api.config.ConfigProblem;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegexExtractorInterceptorTest {
  private final RegexExtractorInterceptorFactory factory = new RegexExtractorInterceptorFactory();
  private final Clock clock = Clock.fixed(Instant.EPOCH, ZoneId.of("Europe/Paris"));

  private Map<String, String> headersAfter(Map<String, String> raw, String body) throws Exception {
    Interceptor i = factory.create(configure(factory, raw), context(clock));
    return i.intercept(Event.of(body.getBytes(StandardCharsets.UTF_8))).getHeaders();
  }

  private static Map<String, String> raw(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  @Test
  void groupIGoesToSerializerI() throws Exception {
    assertEquals(Map.of("level", "WARN", "user", "bob"), headersAfter(
        raw("regex", "(\\w+) user=(\\w+)", "serializers", "s1 s2",
            "serializers.s1.name", "level", "serializers.s2.name", "user"),
        "WARN user=bob logged in"));
  }

  @Test
  void extraGroupsAndUnmatchedOptionalGroupsAreSkipped() throws Exception {
    assertEquals(Map.of("a", "x"), headersAfter(
        raw("regex", "(x)(y)?(z)", "serializers", "s1 s2",
            "serializers.s1.name", "a", "serializers.s2.name", "b"),
        "xz"));
  }

  @Test
  void noMatchLeavesHeadersAlone() throws Exception {
    assertEquals(Map.of(), headersAfter(
        raw("regex", "(\\d+)", "serializers", "s1", "serializers.s1.name", "n"), "none here"));
  }

  @Test
  void millisSerializerYieldsEpochMillisInTheClocksZone() throws Exception {
    Map<String, String> h = headersAfter(
        raw("regex", "^(\\S+ \\S+) (\\S+)", "serializers", "ts day",
            "serializers.ts.name", "timestamp",
            "serializers.ts.type", "org.apache.flume.interceptor.RegexExtractorInterceptorMillisSerializer",
            "serializers.ts.pattern", "yyyy-MM-dd HH:mm:ss",
            "serializers.day.name", "day", "serializers.day.type", "millis",
            "serializers.day.pattern", "yyyy-MM-dd"),
        "2024-01-02 03:04:05 2024-01-02");
    // Paris is UTC+1 in January.
    assertEquals(String.valueOf(Instant.parse("2024-01-02T02:04:05Z").toEpochMilli()), h.get("timestamp"));
    assertEquals(String.valueOf(Instant.parse("2024-01-01T23:00:00Z").toEpochMilli()), h.get("day"));
  }

  @Test
  void unparsableDateLeavesHeaderUnsetAndKeepsEvent() throws Exception {
    Map<String, String> h = headersAfter(
        raw("regex", "(\\S+) (\\S+)", "serializers", "s1 s2",
            "serializers.s1.name", "when", "serializers.s1.type", "millis",
            "serializers.s1.pattern", "yyyy-MM-dd", "serializers.s2.name", "what"),
        "yesterday boom");
    assertEquals(Map.of("what", "boom"), h);
  }

  @Test
  void regexAndSerializersAreRequired() {
    ConfigException e = assertThrows(ConfigException.class, () -> headersAfter(raw(), "x"));
    assertEquals(List.of("regex", "serializers"),
        e.problems().stream().map(ConfigProblem::key).sorted().toList());
  }

  @Test
  void everySerializerProblemIsReportedByKey() {
    ConfigException e = assertThrows(ConfigException.class, () -> headersAfter(raw(
        "regex", "(a)", "serializers", "s1 s2 s3 s4",
        "serializers.s1.type", "millis",
        "serializers.s2.name", "b", "serializers.s2.type", "fancy",
        "serializers.s3.name", "c", "serializers.s3.pattern", "yyyy",
        "serializers.s4.name", "d", "serializers.s4.type", "millis", "serializers.s4.pattern", "yyyy-bb",
        "serializers.s5.name", "e",
        "serializers.s1.nmae", "a"), "a"));
    assertEquals(List.of(
        new ConfigProblem("serializers.s5.name", "serializer 's5' is not listed in serializers [s1, s2, s3, s4]"),
        new ConfigProblem("serializers.s1.nmae",
            "unknown key; expected serializers.s1.<name|type|pattern> (did you mean 'name'?)"),
        new ConfigProblem("serializers.s1.name", "is required (the header that receives group 1)"),
        new ConfigProblem("serializers.s1.pattern", "is required by the millis serializer"),
        new ConfigProblem("serializers.s2.type", "unknown serializer type 'fancy'; use passthrough (the default) or millis"),
        new ConfigProblem("serializers.s3.pattern", "applies only to the millis serializer"),
        new ConfigProblem("serializers.s4.pattern",
            "'yyyy-bb' is not a valid date-time pattern: Unknown pattern letter: b")),
        e.problems());
  }

  @Test
  void badRegexIsReportedByKey() {
    ConfigException e = assertThrows(ConfigException.class, () -> headersAfter(
        raw("regex", "(a", "serializers", "s1", "serializers.s1.name", "n"), "a"));
    assertEquals("regex", e.problems().get(0).key());
  }
}
