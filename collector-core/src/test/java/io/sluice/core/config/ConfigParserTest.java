package io.sluice.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.config.ConfigDef;
import io.sluice.api.config.ConfigKey;
import io.sluice.api.config.ConfigPrefix;
import io.sluice.api.config.ConfigProblem;
import io.sluice.core.text.DidYouMean;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigParserTest {
  static final ConfigKey<Integer> PORT = ConfigKey.integer("port").required().between(1, 65535);
  static final ConfigKey<Integer> THREADS = ConfigKey.integer("threads").defaultValue(4).atLeast(1);
  static final ConfigKey<Boolean> SSL = ConfigKey.bool("ssl").defaultValue(false);
  static final ConfigKey<String> MODE = ConfigKey.string("compression-type").defaultValue("none")
      .oneOf("none", "deflate");
  static final ConfigKey<String> IO = ConfigKey.ignored("maxIoWorkers", "Netty sizes its own pools");
  static final ConfigPrefix<Integer> PRIORITY = ConfigPrefix.integers("priority.");
  static final ConfigDef DEF = ConfigDef.of(PORT, THREADS, SSL, MODE, IO).withPrefixes(PRIORITY);

  private static ConfigParser.Result parse(Map<String, String> raw) {
    return ConfigParser.parse(DEF, raw, "a1.sources.r1.");
  }

  @Test
  void parsesValuesAndDefaults() {
    ConfigParser.Result r = parse(Map.of("port", " 4141 ", "ssl", "TRUE", "priority.k1", "5"));
    assertTrue(r.ok(), r.problems().toString());
    assertEquals(4141, r.values().get(PORT));
    assertEquals(4, r.values().get(THREADS));
    assertTrue(r.values().get(SSL));
    assertTrue(r.values().isSet(PORT));
    assertFalse(r.values().isSet(THREADS));
    assertEquals(Map.of("k1", 5), r.values().get(PRIORITY));
  }

  @Test
  void reportsEveryProblemWithItsFullKey() {
    Map<String, String> raw = new LinkedHashMap<>();
    raw.put("threads", "0");
    raw.put("ssl", "yes");
    raw.put("compression-type", "gzip");
    raw.put("treads", "2");
    raw.put("priority.k2", "high");
    List<ConfigProblem> problems = parse(raw).problems();
    assertEquals(List.of(
        new ConfigProblem("a1.sources.r1.threads", "'0' must be at least 1"),
        new ConfigProblem("a1.sources.r1.ssl", "'yes' is not a valid boolean (true|false)"),
        new ConfigProblem("a1.sources.r1.compression-type", "'gzip' must be one of none, deflate"),
        new ConfigProblem("a1.sources.r1.treads", "unknown key (did you mean 'threads'?)"),
        new ConfigProblem("a1.sources.r1.priority.k2", "'high' is not a valid integer"),
        new ConfigProblem("a1.sources.r1.port", "is required")), problems);
  }

  @Test
  void portOutOfRangeNamesTheKey() {
    assertEquals(List.of(new ConfigProblem("a1.sources.r1.port", "'70000' must be between 1 and 65535")),
        parse(Map.of("port", "70000")).problems());
  }

  @Test
  void ignoredFlumeKeyIsAcceptedWithOneWarning() {
    ConfigParser.Result r = parse(Map.of("port", "1", "maxIoWorkers", "8"));
    assertTrue(r.ok());
    assertEquals(List.of("a1.sources.r1.maxIoWorkers is accepted for Flume compatibility but "
        + "ignored: Netty sizes its own pools"), r.warnings());
  }

  @Test
  void didYouMeanOnlyForCloseNames() {
    assertEquals(" (did you mean 'capacity'?)", DidYouMean.suggest("capacty", List.of("capacity",
        "keep-alive")));
    assertEquals("", DidYouMean.suggest("zzzzzzzz", List.of("capacity", "keep-alive")));
  }
}
