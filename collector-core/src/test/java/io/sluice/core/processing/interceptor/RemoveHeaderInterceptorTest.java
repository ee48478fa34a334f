package io.sluice.core.processing.interceptor;

import static io.sluice.core.processing.Components.configure;
import static io.sluice.core.processing.Components.context;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sluice.api.Event;
import io.sluice.api.Interceptor;
import io.sluice.api.config.ConfigException;
import io.sluice.api.config.ConfigProblem;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RemoveHeaderInterceptorTest {
  private final RemoveHeaderInterceptorFactory factory = new RemoveHeaderInterceptorFactory();
  private static final Map<String, String> HEADERS =
      Map.of("a", "1", "b", "2", "c", "3", "tmp.x", "4", "tmp.y", "5", "keep.tmp", "6");

  private Set<String> remaining(Map<String, String> raw) throws Exception {
    Interceptor i = factory.create(configure(factory, raw), context());
    return i.intercept(Event.of(HEADERS, new byte[0])).getHeaders().keySet();
  }

  @Test
  void withoutRulesNothingIsRemoved() throws Exception {
    assertEquals(HEADERS.keySet(), remaining(Map.of()));
  }

  @Test
  void removesByNameListAndWholeNameRegex() throws Exception {
    assertEquals(Set.of("keep.tmp"), remaining(
        Map.of("withName", "a", "fromList", "b , c", "matching", "tmp\\..*")));
  }

  @Test
  void customListSeparator() throws Exception {
    assertEquals(Set.of("c", "tmp.x", "tmp.y", "keep.tmp"),
        remaining(Map.of("fromList", "a|b", "fromListSeparator", "\\|")));
  }

  @Test
  void badRegexesAreReportedByKey() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> remaining(Map.of("matching", "tmp(", "fromListSeparator", "[")));
    assertEquals(Set.of(
        new ConfigProblem("matching", "'tmp(' must be a valid regular expression"),
        new ConfigProblem("fromListSeparator", "'[' must be a valid regular expression")),
        Set.copyOf(e.problems()));
  }

  @Test
  void configureAloneAlsoNamesTheBadKey() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> Patterns.compile(RemoveHeaderInterceptorFactory.MATCHING, "a("));
    assertEquals(List.of("matching"), e.problems().stream().map(ConfigProblem::key).toList());
  }
}
