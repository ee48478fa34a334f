package io.sluice.core.avro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.config.ConfigException;
import io.sluice.api.spi.ComponentKind;
import io.sluice.core.config.ConfigParser;
import io.sluice.core.registry.ComponentRegistry;
import io.sluice.core.testutil.Configs;
import io.sluice.rpc.Compression;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AvroConfigTest {
  private final AvroSourceFactory sources = new AvroSourceFactory();
  private final AvroSinkFactory sinks = new AvroSinkFactory();

  private static Map<String, String> with(Map<String, String> base, String... kv) {
    Map<String, String> m = new HashMap<>(base);
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  private static final Map<String, String> SOURCE = Map.of("bind", "0.0.0.0", "port", "4141");
  private static final Map<String, String> SINK = Map.of("hostname", "h", "port", "4141");

  @Test
  void registeredUnderFlumeNames() {
    ComponentRegistry r = ComponentRegistry.fromContextClassLoader();
    assertTrue(r.lookup(ComponentKind.SOURCE, "avro").factory() instanceof AvroSourceFactory);
    assertTrue(r.lookup(ComponentKind.SOURCE, "org.apache.flume.source.AvroSource").found());
    assertTrue(r.lookup(ComponentKind.SINK, "avro").factory() instanceof AvroSinkFactory);
    assertTrue(r.lookup(ComponentKind.SINK, "org.apache.flume.sink.AvroSink").found());
  }

  @Test
  void sourceDefaultsAndKeys() {
    AvroSourceConfig c = Configs.configure(sources, with(SOURCE, "threads", "3",
        "compression-type", "deflate", "ipFilter", "true", "ipFilterRules", "allow:ip:127.*"));
    assertEquals(3, c.threads());
    assertEquals(Compression.DEFLATE, c.compression());
    assertEquals("allow:ip:127.*", c.ipFilter().toString());
    assertNull(c.tls());
    assertEquals(3, c.toServerConfig(null).handlerThreads());
    AvroSourceConfig d = Configs.configure(sources, SOURCE);
    assertEquals(8, d.threads());
    assertEquals(100_000, d.maxEventsPerBatch());
    assertEquals(Duration.ofSeconds(60), d.idleTimeout());
    assertNull(d.ipFilter(), "ipFilterRules alone do nothing without ipFilter = true, as in Flume");
  }

  @Test
  void spinMicrosIsDeprecatedAcceptedWithOneWarningAndIgnored() {
    for (String value : new String[] {"0", "50", "20000"}) {
      ConfigParser.Result r = Configs.parse(sources, with(SOURCE, "spin-micros", value));
      assertTrue(r.ok(), r.problems().toString());
      assertEquals(1, r.warnings().size(), r.warnings().toString());
      assertTrue(r.warnings().get(0).contains("spin-micros")
          && r.warnings().get(0).contains("deprecated"), r.warnings().get(0));
      assertEquals(Configs.configure(sources, SOURCE).toServerConfig(null),
          Configs.configure(sources, with(SOURCE, "spin-micros", value)).toServerConfig(null));
    }
    assertTrue(Configs.parse(sources, SOURCE).warnings().isEmpty());
  }

  @Test
  void sourceCrossKeyErrorsNameTheKey() {
    assertProblem(() -> Configs.configure(sources, with(SOURCE, "ssl", "true")), "keystore");
    assertProblem(() -> Configs.configure(sources, with(SOURCE, "ssl-client-auth", "require")),
        "ssl-client-auth");
    assertProblem(() -> Configs.configure(sources, with(SOURCE, "ipFilter", "true")),
        "ipFilterRules");
    assertProblem(() -> Configs.configure(sources, with(SOURCE, "ipFilter", "true",
        "ipFilterRules", "permit:ip:*")), "ipFilterRules");
    assertProblem(() -> Configs.configure(sources, with(SOURCE, "ssl", "true",
        "keystore", "/nonexistent/keys.jks")), "keystore");
  }

  @Test
  void unknownAndInvalidKeysAreReported() {
    ConfigParser.Result r = Configs.parse(sources, with(SOURCE, "compresion-type", "deflate",
        "compression-type", "gzip", "port", "70000"));
    assertFalse(r.ok());
    String all = r.problems().toString();
    assertTrue(all.contains("compresion-type"), all);
    assertTrue(all.contains("compression-type"), all);
    assertTrue(all.contains("port"), all);
    assertFalse(Configs.parse(sinks, Map.of("port", "1")).ok(), "hostname is required");
  }

  @Test
  void sinkKeysHonourSubSecondTimeoutsAndIgnoreMaxIoWorkers() {
    ConfigParser.Result r = Configs.parse(sinks, with(SINK, "maxIoWorkers", "4",
        "connect-timeout", "250", "request-timeout", "300", "reset-connection-interval", "60",
        "batch-size", "500", "compression-type", "deflate", "compression-level", "1"));
    assertTrue(r.ok(), r.problems().toString());
    assertTrue(r.warnings().toString().contains("maxIoWorkers"), r.warnings().toString());
    AvroSinkConfig c = sinks.configure(r.values());
    assertEquals(Duration.ofMillis(250), c.connectTimeout());
    assertEquals(Duration.ofMillis(300), c.requestTimeout());
    assertEquals(Duration.ofSeconds(60), c.resetConnectionInterval());
    assertEquals(500, c.batchSize());
    assertEquals("batch-size", c.batchSizeKey());
    assertEquals(1, c.toClientConfig(null).compressionLevel());
    assertFalse(Configs.parse(sinks, with(SINK, "compression-level", "10")).ok());
    assertFalse(Configs.parse(sinks, with(SINK, "request-timeout", "0")).ok());
  }

  @Test
  void sinkTlsDefaultsVerifyTheHostName() {
    AvroSinkConfig c = Configs.configure(sinks, with(SINK, "ssl", "true"));
    assertTrue(c.tls().verifyHostname());
    assertFalse(c.tls().trustAllCerts());
    assertNull(c.tls().trustStore(), "JDK cacerts");
    AvroSinkConfig lenient = Configs.configure(sinks, with(SINK, "ssl", "true",
        "trust-all-certs", "true", "ssl-verify-hostname", "false"));
    assertTrue(lenient.tls().trustAllCerts());
    assertNull(Configs.configure(sinks, with(SINK, "trust-all-certs", "true")).tls());
  }

  private static void assertProblem(Runnable r, String key) {
    ConfigException e = assertThrows(ConfigException.class, r::run);
    assertEquals(key, e.problems().get(0).key(), e.getMessage());
  }
}
