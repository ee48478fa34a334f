package io.sluice.edge.syslog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sluice.api.config.ConfigException;
import io.sluice.api.spi.ComponentFactory;
import io.sluice.api.spi.SourceFactory;
import io.sluice.core.config.ConfigParser;
import io.sluice.core.config.FlumeProperties;
import io.sluice.core.testutil.Configs;
import io.sluice.edge.testlog.LogCapture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Keys, defaults, lookup by Flume's names, and Flume's own syslog configs. */
class SyslogFactoryTest {
  private static final Path CORPUS = Path.of("..", "..", "shared", "flume-configs");

  @Test
  void foundByServiceLoaderUnderFlumesNames() {
    Map<String, String> expected = Map.of("syslogtcp", "org.apache.flume.source.SyslogTcpSource",
        "multiport_syslogtcp", "org.apache.flume.source.MultiportSyslogTCPSource",
        "syslogudp", "org.apache.flume.source.SyslogUDPSource");
    Map<String, String> found = new HashMap<>();
    for (ComponentFactory<?> f : ServiceLoader.load(ComponentFactory.class)) {
      if (expected.containsKey(f.type())) {
        assertNull(found.put(f.type(), f.aliases().iterator().next()), "one factory per type");
      }
    }
    assertEquals(expected, found);
  }

  @Test
  void aKeepFieldsValueThatNamesNoFieldIsTakenAsNoneWithOneWarning() {
    try (LogCapture log = LogCapture.of(SyslogKeys.class)) {
      assertEquals(KeepFields.NONE, Configs.configure(new SyslogTcpSourceFactory(),
          Map.of("port", "1", "keepFields", "host")).keepFields());
      assertEquals(1, log.containing("keepFields = 'host' names none of").size());
      Configs.configure(new SyslogTcpSourceFactory(), Map.of("port", "1", "keepFields", "none"));
      Configs.configure(new SyslogTcpSourceFactory(), Map.of("port", "1", "keepFields", "hostnames"));
      assertEquals(1, log.containing("keepFields").size(), "none and hostnames say what they mean");
    }
  }

  @Test
  void flumeDefaults() {
    SyslogSourceConfig c = Configs.configure(new SyslogTcpSourceFactory(), Map.of("port", "5140"));
    assertNull(c.host());
    assertEquals(List.of(5140), c.ports());
    assertEquals(2500, c.eventSize());
    assertEquals(KeepFields.NONE, c.keepFields());
    assertEquals(StandardCharsets.UTF_8, c.defaultCharset());
    assertEquals(100, c.batchSize());
    assertNull(c.tls());
    assertEquals(Duration.ofSeconds(60), c.idleTimeout());
    assertEquals(65_535, Configs.configure(new SyslogUdpSourceFactory(), Map.of("port", "1")).eventSize(),
        "Flume's syslogudp ignores eventSize: whole datagrams unless it is set");
    assertEquals(10, Configs.configure(new SyslogUdpSourceFactory(), Map.of("port", "1", "eventSize", "3")).eventSize());
    assertEquals(65_535, Configs.configure(new SyslogUdpSourceFactory(), Map.of("port", "1", "eventSize", "1000000"))
        .eventSize());
    SyslogSourceConfig m = Configs.configure(new MultiportSyslogTcpSourceFactory(),
        Map.of("ports", "10001 10002", "charset.port.10002", "ISO-8859-1", "keepFields", "timestamp hostname"));
    assertEquals(StandardCharsets.ISO_8859_1, m.charsetFor(10002));
    assertEquals(StandardCharsets.UTF_8, m.charsetFor(10001));
    assertTrue(m.keepFields().timestamp() && m.keepFields().hostname() && !m.keepFields().priority());
  }

  @Test
  void problemsNameTheirKey() {
    SyslogTcpSourceFactory f = new SyslogTcpSourceFactory();
    assertEquals("port", firstProblemKey(f, Map.of()));
    assertEquals("eventSize", firstProblemKey(f, Map.of("port", "1", "eventSize", "0")));
    assertEquals("charset.default", firstProblemKey(f, Map.of("port", "1", "charset.default", "nope")));
    assertEquals("ports", firstProblemKey(new MultiportSyslogTcpSourceFactory(), Map.of("ports", "1 x")));
    assertEquals("keystore", configureError(f, Map.of("port", "1", "ssl", "true")));
    assertEquals("charset.port.5", configureError(new MultiportSyslogTcpSourceFactory(),
        Map.of("ports", "5", "charset.port.5", "bogus")));
    assertFalse(Configs.parse(new SyslogUdpSourceFactory(), Map.of("port", "1", "ssl", "true")).problems().isEmpty(),
        "no TLS over UDP");
  }

  @Test
  void customFormatKeysAreCheckedAndNameTheirKey() {
    SyslogTcpSourceFactory f = new SyslogTcpSourceFactory();
    assertNull(Configs.configure(f, Map.of("port", "1")).customFormat());
    assertTrue(Configs.configure(new SyslogUdpSourceFactory(), Map.of("port", "1", "format.regex", "<(\\d+)>(.*)",
        "format.search", "Z", "format.replace", "+0000", "format.dateFormat", "yyyy-MM-dd'T'HH:mm:ssZ"))
        .customFormat() != null);
    assertEquals("format.regex", configureError(f, Map.of("port", "1", "format.regex", "<(\\d+>(.*)")));
    assertEquals("format.search", configureError(f, Map.of("port", "1", "format.regex", "(.*)",
        "format.search", "[", "format.replace", "x")));
    assertEquals("format.search", configureError(f, Map.of("port", "1", "format.regex", "(.*)",
        "format.search", "Z")));
    assertEquals("format.dateFormat", configureError(f, Map.of("port", "1", "format.regex", "(.*)",
        "format.dateFormat", "yyyy-MM-dd qq")));
    // Flume's multiport source does not read format.*: accepted, and the built-in formats apply
    MultiportSyslogTcpSourceFactory m = new MultiportSyslogTcpSourceFactory();
    Map<String, String> multi = Map.of("ports", "1", "format.regex", "(.*)", "format.dateFormat", "yyyy");
    assertTrue(Configs.parse(m, multi).problems().isEmpty());
    assertNull(Configs.configure(m, multi).customFormat());
  }

  /** The user guide documents readBufferSize; Flume's multiport source reads readBufferBytes. */
  @Test
  void readBufferBytesIsTheSameSettingAsReadBufferSize() {
    MultiportSyslogTcpSourceFactory f = new MultiportSyslogTcpSourceFactory();
    assertEquals(4096, Configs.configure(f, Map.of("ports", "1", "readBufferBytes", "4096")).readBufferSize());
    assertEquals(4096, Configs.configure(f, Map.of("ports", "1", "readBufferBytes", "4096",
        "readBufferSize", "4096")).readBufferSize());
    assertEquals("readBufferBytes", configureError(f, Map.of("ports", "1", "readBufferBytes", "4096",
        "readBufferSize", "2048")));
    assertEquals(1024, Configs.configure(new SyslogTcpSourceFactory(), Map.of("port", "1")).readBufferSize());
  }

  @Test
  void flumesGlobalTlsSettingsStandInForUnsetKeys() throws Exception {
    Path ks = Files.createTempFile("syslog", ".p12");
    try {
      Map<String, String> props = Map.of("javax.net.ssl.keyStore", ks.toString(),
          "javax.net.ssl.keyStoreType", "PKCS12");
      SyslogTcpSourceFactory f = new SyslogTcpSourceFactory(new SyslogTls(props::get, n -> null));
      SyslogSourceConfig c = Configs.configure(f, Map.of("port", "1", "ssl", "true"));
      assertEquals(ks, c.tls().keyStore().path());
      assertEquals("PKCS12", c.tls().keyStore().type());
      assertEquals(2, c.tlsFromGlobals().size());
    } finally {
      Files.delete(ks);
    }
  }

  /** Flume's user-guide example and the corpus's syslog sources configure unchanged, read in place. */
  @Test
  void flumeSyslogConfigsOfTheCorpusLoad() throws Exception {
    assumeTrue(Files.isDirectory(CORPUS), "the corpus of Flume configs is not at " + CORPUS.toAbsolutePath());
    Map<String, SourceFactory<SyslogSourceConfig>> factories = Map.of(
        "syslogtcp", new SyslogTcpSourceFactory(), "multiport_syslogtcp", new MultiportSyslogTcpSourceFactory(),
        "syslogudp", new SyslogUdpSourceFactory());
    List<Path> files;
    try (Stream<Path> s = Files.list(CORPUS)) {
      files = s.filter(p -> p.getFileName().toString().matches("(907|073|074|097|012)-.*\\.conf")).sorted().toList();
    }
    assertEquals(5, files.size(), "the five syslog configs: " + files);
    List<String> loaded = new ArrayList<>();
    for (Path file : files) {
      Map<String, String> props = FlumeProperties.read(file);
      for (Map.Entry<String, String> e : props.entrySet()) {
        String key = e.getKey();
        SourceFactory<SyslogSourceConfig> f = factories.get(e.getValue().trim());
        if (!key.endsWith(".type") || !key.contains(".sources.") || f == null) {
          continue;
        }
        String prefix = key.substring(0, key.length() - "type".length());
        Map<String, String> raw = new TreeMap<>(FlumeProperties.under(props, prefix));
        raw.keySet().removeIf(k -> k.equals("type") || k.equals("channels"));
        ConfigParser.Result r = ConfigParser.parse(f.configDef(), raw, prefix);
        assertTrue(r.ok(), file.getFileName() + ": " + r.problems());
        SyslogSourceConfig c = f.configure(r.values());
        loaded.add(file.getFileName() + ":" + c.ports());
      }
    }
    assertEquals(5, loaded.size(), "loaded: " + loaded);
    assertTrue(loaded.contains("907-docs-multiport-syslogtcp-source.conf:[10001, 10002, 10003]"), loaded.toString());
  }

  private static String firstProblemKey(ComponentFactory<?> f, Map<String, String> raw) {
    var problems = Configs.parse(f, raw).problems();
    assertFalse(problems.isEmpty(), "expected a problem for " + raw);
    return problems.get(0).key();
  }

  private static String configureError(ComponentFactory<?> f, Map<String, String> raw) {
    try {
      Configs.configure(f, raw);
    } catch (ConfigException e) {
      return e.problems().get(0).key();
    }
    throw new AssertionError("expected a ConfigException for " + raw);
  }
}
