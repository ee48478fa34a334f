package io.sluice.core.processing.interceptor;

import static io.sluice.core.processing.Components.configure;
import static io.sluice.core.processing.Components.context;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sluice.api.Event;
import io.sluice.api.Interceptor;
import io.sluice.api.config.ConfigException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegexFilteringInterceptorTest {
  private final RegexFilteringInterceptorFactory factory = new RegexFilteringInterceptorFactory();

  private List<String> kept(Map<String, String> raw, String... bodies) throws Exception {
    Interceptor i = factory.create(configure(factory, raw), context());
    List<Event> in = java.util.Arrays.stream(bodies)
        .map(b -> Event.of(b.getBytes(StandardCharsets.UTF_8))).toList();
    return i.intercept(in).stream()
        .map(e -> new String(e.getBody(), StandardCharsets.UTF_8)).toList();
  }

  @Test
  void defaultKeepsEverything() throws Exception {
    assertEquals(List.of("a", ""), kept(Map.of(), "a", ""));
  }

  @Test
  void keepsOnlyEventsWhereRegexIsFound() throws Exception {
    assertEquals(List.of("x ERROR y"), kept(Map.of("regex", "ERROR"), "x ERROR y", "INFO"));
  }

  @Test
  void excludeEventsDropsMatches() throws Exception {
    assertEquals(List.of("INFO"),
        kept(Map.of("regex", "ERROR", "excludeEvents", "true"), "x ERROR y", "INFO"));
  }

  @Test
  void bodyIsReadAsUtf8() throws Exception {
    assertEquals(List.of("naïve café"), kept(Map.of("regex", "ï.*é"), "naïve café", "naive cafe"));
  }

  @Test
  void badRegexIsAConfigError() {
    ConfigException e = assertThrows(ConfigException.class, () -> kept(Map.of("regex", "*x")));
    assertEquals("regex", e.problems().get(0).key());
  }
}
