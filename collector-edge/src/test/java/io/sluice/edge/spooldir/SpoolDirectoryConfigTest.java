package io.sluice.edge.spooldir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.config.ConfigException;
import io.sluice.api.config.ConfigProblem;
import io.sluice.api.spi.ComponentKind;
import io.sluice.core.config.AgentConfig;
import io.sluice.core.config.AgentConfigLoader;
import io.sluice.core.config.ConfigParser;
import io.sluice.core.config.FlumeProperties;
import io.sluice.core.config.ValueSubstitutor;
import io.sluice.core.registry.ComponentRegistry;
import io.sluice.core.testutil.Configs;
import io.sluice.edge.spooldir.SpoolDirectorySourceConfig.ConsumeOrder;
import io.sluice.edge.spooldir.SpoolDirectorySourceConfig.DecodeErrorPolicy;
import io.sluice.edge.spooldir.SpoolDirectorySourceConfig.DeletePolicy;
import io.sluice.edge.spooldir.SpoolDirectorySourceConfig.TrackingPolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpoolDirectoryConfigTest {
  private final SpoolDirectorySourceFactory factory = new SpoolDirectorySourceFactory();

  @Test
  void flumeDefaults() {
    SpoolDirectorySourceConfig c = Configs.configure(factory, Map.of("spoolDir", "/var/spool/app"));
    assertEquals(Path.of("/var/spool/app"), c.spoolDir());
    assertEquals(".COMPLETED", c.fileSuffix());
    assertEquals(DeletePolicy.NEVER, c.deletePolicy());
    assertEquals(Path.of("/var/spool/app/.flumespool"), c.resolvedTrackerDir());
    assertEquals(TrackingPolicy.RENAME, c.trackingPolicy());
    assertEquals("^.*$", c.includePattern().pattern());
    assertEquals("^$", c.ignorePattern().pattern());
    assertEquals(ConsumeOrder.OLDEST, c.consumeOrder());
    assertEquals(500, c.pollDelay());
    assertFalse(c.recursive());
    assertEquals(4000, c.maxBackoff());
    assertEquals(100, c.batchSize());
    assertEquals(StandardCharsets.UTF_8, c.inputCharset());
    assertEquals(DecodeErrorPolicy.FAIL, c.decodeErrorPolicy());
    assertEquals(new DeserializerConfig(DeserializerConfig.Type.LINE, 2048, StandardCharsets.UTF_8, 100_000_000,
        DeserializerConfig.SchemaType.HASH), c.deserializer());
    assertEquals(new FileHeaders(false, "file", false, "basename"), c.headers());
    assertEquals("batchSize", c.batchSizeKey());
  }

  @Test
  void flumeValuesInAnyCaseAndFlumeDeserializerNames() {
    Map<String, String> raw = new HashMap<>(Map.of("spoolDir", "/s", "deletePolicy", "IMMEDIATE",
        "trackingPolicy", "TRACKER_DIR", "consumeOrder", "Random", "decodeErrorPolicy", "replace",
        "deserializer", "org.apache.flume.serialization.AvroEventDeserializer$Builder",
        "deserializer.schemaType", "literal", "trackerDir", "/var/lib/tracker"));
    SpoolDirectorySourceConfig c = Configs.configure(factory, raw);
    assertEquals(DeletePolicy.IMMEDIATE, c.deletePolicy());
    assertEquals(TrackingPolicy.TRACKER_DIR, c.trackingPolicy());
    assertEquals(ConsumeOrder.RANDOM, c.consumeOrder());
    assertEquals(DecodeErrorPolicy.REPLACE, c.decodeErrorPolicy());
    assertEquals(DeserializerConfig.Type.AVRO, c.deserializer().type());
    assertEquals(DeserializerConfig.SchemaType.LITERAL, c.deserializer().schemaType());
    assertEquals(Path.of("/var/lib/tracker"), c.resolvedTrackerDir());
    assertEquals(DeserializerConfig.Type.LINE,
        Configs.configure(factory, Map.of("spoolDir", "/s",
            "deserializer", "org.apache.flume.serialization.LineDeserializer$Builder")).deserializer().type());
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(delimiter = '|', value = {
      "includePattern|[unclosed|must be a valid regular expression",
      "ignorePattern|(|must be a valid regular expression",
      "deletePolicy|sometimes|must be one of never, immediate",
      "trackingPolicy|move|must be one of rename, tracker_dir",
      "consumeOrder|newest|must be one of oldest, youngest, random",
      "decodeErrorPolicy|SKIP|must be one of FAIL, REPLACE, IGNORE",
      "inputCharset|no-such-charset|must be a charset this JVM supports",
      "batchSize|0|must be at least 1",
      "pollDelay|0|must be at least 1",
      "deserializer.maxLineLength|x|is not a valid integer",
      "fileHeader|yes|is not a valid boolean",
      "spoolDirectory|/tmp|unknown key"})
  void keyProblemsNameTheKey(String key, String value, String expected) {
    Map<String, String> raw = new HashMap<>(Map.of("spoolDir", "/s"));
    raw.put(key, value);
    ConfigParser.Result r = Configs.parse(factory, raw);
    assertEquals(1, r.problems().size(), r.problems().toString());
    ConfigProblem p = r.problems().get(0);
    assertEquals(key, p.key());
    assertTrue(p.message().contains(expected), p.message());
  }

  @Test
  void spoolDirIsRequired() {
    ConfigParser.Result r = Configs.parse(factory, Map.of("fileHeader", "true"));
    assertEquals(List.of("spoolDir"), r.problems().stream().map(ConfigProblem::key).toList());
  }

  @Test
  void crossKeyProblemsNameTheKey() {
    ConfigException e = assertThrows(ConfigException.class, () -> configure(Map.of("spoolDir", "/s",
        "deserializer", "CSV")));
    assertEquals("deserializer", e.problems().get(0).key());
    assertTrue(e.getMessage().contains("unknown deserializer 'CSV'"), e.getMessage());

    e = assertThrows(ConfigException.class, () -> configure(Map.of("spoolDir", "/s", "inputCharset", "UTF-16")));
    assertEquals("inputCharset", e.problems().get(0).key());
    assertTrue(e.getMessage().contains("LINE deserializer"), e.getMessage());
    // BLOB does not split lines, so any charset will do.
    configure(Map.of("spoolDir", "/s", "inputCharset", "UTF-16", "deserializer", "BLOB"));

    e = assertThrows(ConfigException.class, () -> configure(Map.of("spoolDir", "/s", "trackerDir", "../up")));
    assertEquals("trackerDir", e.problems().get(0).key());

    // deserializer.* keys are a named class's; the built-ins take only their own.
    e = assertThrows(ConfigException.class, () -> configure(Map.of("spoolDir", "/s", "deserializer.bodyKey", "m")));
    assertEquals("deserializer.bodyKey", e.problems().get(0).key());
    assertTrue(e.getMessage().contains("the LINE deserializer takes only maxLineLength"), e.getMessage());
  }

  @Test
  void aDeserializerClassNeedsAnAdapterAndTheErrorNamesKeyAndClass() {
    // This module's tests have no flume-compat, so no resolver knows the class.
    ConfigException e = assertThrows(ConfigException.class, () -> configure(Map.of("spoolDir", "/s",
        "deserializer", "com.example.Records$Builder", "deserializer.bodyKey", "msg")));
    assertEquals(List.of("deserializer"), e.problems().stream().map(ConfigProblem::key).toList());
    assertTrue(e.getMessage().contains("deserializer class 'com.example.Records$Builder' cannot be loaded"),
        e.getMessage());
  }

  private SpoolDirectorySourceConfig configure(Map<String, String> raw) {
    ConfigParser.Result r = Configs.parse(factory, raw);
    assertTrue(r.ok(), r.problems().toString());
    return factory.configure(r.values());
  }

  @Test
  void deprecatedFlumeKeysAreAcceptedWithAWarning() {
    ConfigParser.Result r = Configs.parse(factory, Map.of("spoolDir", "/s", "bufferMaxLines", "100"));
    assertTrue(r.ok(), r.problems().toString());
    assertEquals(1, r.warnings().size());
  }

  /** Flume 1.11 user guide, Spooling Directory Source, with the channel given a type so the agent is whole. */
  private static final String USER_GUIDE = """
      a1.channels = ch-1
      a1.sources = src-1

      a1.sources.src-1.type = spooldir
      a1.sources.src-1.channels = ch-1
      a1.sources.src-1.spoolDir = /var/log/apache/flumeSpool
      a1.sources.src-1.fileHeader = true
      a1.channels.ch-1.type = memory
      """;

  @Test
  void flumeUserGuideExampleLoads() {
    SpoolDirectorySourceConfig c = Configs.configure(factory,
        Map.of("spoolDir", "/var/log/apache/flumeSpool", "fileHeader", "true"));
    assertTrue(c.headers().file());

    AgentConfigLoader loader = new AgentConfigLoader(ComponentRegistry.fromContextClassLoader(),
        ValueSubstitutor.of(Map.of(), Map.of()));
    for (String type : List.of("spooldir", "SPOOLDIR", "org.apache.flume.source.SpoolDirectorySource")) {
      AgentConfig agent = loader.load(FlumeProperties.parse(USER_GUIDE.replace("= spooldir", "= " + type)
          + "a1.sources.src-1.deserializer = org.apache.flume.sink.solr.morphline.BlobDeserializer$Builder\n"),
          "a1");
      Object config = agent.sources().get("src-1").config();
      assertTrue(config instanceof SpoolDirectorySourceConfig, type);
      assertEquals(Path.of("/var/log/apache/flumeSpool"), ((SpoolDirectorySourceConfig) config).spoolDir());
      assertEquals(DeserializerConfig.Type.BLOB, ((SpoolDirectorySourceConfig) config).deserializer().type());
    }
    assertTrue(ComponentRegistry.fromContextClassLoader().lookup(ComponentKind.SOURCE, "Spooldir").found());
  }
}
