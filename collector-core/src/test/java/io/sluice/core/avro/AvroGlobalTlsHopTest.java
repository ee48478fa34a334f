package io.sluice.core.avro;

import static io.sluice.core.avro.AvroFixture.drain;
import static io.sluice.core.avro.AvroFixture.events;
import static io.sluice.core.avro.AvroFixture.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.Channel;
import io.sluice.api.Event;
import io.sluice.api.EventDeliveryException;
import io.sluice.api.Status;
import io.sluice.rpc.LogCapture;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real TLS hops whose key or trust store comes from Flume's global settings. */
class AvroGlobalTlsHopTest {
  private static final GlobalTlsSettings NONE = new GlobalTlsSettings(n -> null, n -> null);
  private final AvroFixture fx = new AvroFixture();
  @TempDir Path tmp;
  private TestKeys server;

  @BeforeEach
  void keys() throws Exception {
    server = TestKeys.create(tmp, "server");
  }

  @AfterEach
  void close() {
    fx.close();
  }

  private static GlobalTlsSettings systemProperties(Map<String, String> sys) {
    return new GlobalTlsSettings(sys::get, n -> null);
  }

  private static GlobalTlsSettings environment(Map<String, String> env) {
    return new GlobalTlsSettings(n -> null, env::get);
  }

  private Map<String, String> ownTrust() {
    return Map.of("ssl", "true", "truststore", server.trustStore().toString(),
        "truststore-password", TestKeys.PASSWORD);
  }

  private Map<String, String> ownKeys() {
    return Map.of("ssl", "true", "keystore", server.keyStore().toString(),
        "keystore-password", TestKeys.PASSWORD, "keystore-type", "PKCS12");
  }

  /** A source from {@code sourceGlobals} and {@code ssl = true} only; a sink trusting it. */
  private void deliversWithSourceGlobals(GlobalTlsSettings sourceGlobals) throws Exception {
    Channel down = fx.memoryChannel("down", 1000, 100);
    fx.globals = sourceGlobals;
    AvroSource source = fx.source("r1", down, Map.of("ssl", "true"));
    fx.globals = NONE;
    Channel up = fx.memoryChannel("up", 1000, 100);
    AvroSink sink = fx.sink("k1", up, source.boundPort(), ownTrust(), Clock.systemUTC());
    assertDelivers(sink, up, down);
  }

  private static void assertDelivers(AvroSink sink, Channel up, Channel down) throws Exception {
    List<Event> sent = events(0, 20);
    put(up, sent);
    assertEquals(Status.READY, sink.process());
    List<Event> got = drain(down, 100);
    assertEquals(sent.stream().map(AvroFixture::body).toList(),
        got.stream().map(AvroFixture::body).toList());
  }

  @Test
  void sourceKeyStoreFromSystemPropertiesIsLoggedWithoutItsPassword() throws Exception {
    try (LogCapture log = LogCapture.capture(Level.INFO)) {
      deliversWithSourceGlobals(systemProperties(Map.of(
          "javax.net.ssl.keyStore", server.keyStore().toString(),
          "javax.net.ssl.keyStorePassword", TestKeys.PASSWORD,
          "javax.net.ssl.keyStoreType", "PKCS12")));
      List<String> lines = log.linesContaining("takes TLS settings from the global settings");
      assertEquals(1, lines.size(), lines.toString());
      String line = lines.get(0);
      assertTrue(line.startsWith("INFO Avro source r1 takes TLS settings"), line);
      assertTrue(line.contains("keystore = " + server.keyStore()
          + " (system property javax.net.ssl.keyStore)"), line);
      assertTrue(line.contains("keystore-password (system property "
          + "javax.net.ssl.keyStorePassword)"), line);
      assertFalse(line.contains(TestKeys.PASSWORD), line);
    }
  }

  @Test
  void sourceKeyStoreFromEnvironmentVariables() throws Exception {
    deliversWithSourceGlobals(environment(Map.of(
        "FLUME_SSL_KEYSTORE_PATH", server.keyStore().toString(),
        "FLUME_SSL_KEYSTORE_PASSWORD", TestKeys.PASSWORD,
        "FLUME_SSL_KEYSTORE_TYPE", "PKCS12")));
  }

  @Test
  void systemPropertyBeatsABrokenEnvironmentVariable() throws Exception {
    deliversWithSourceGlobals(new GlobalTlsSettings(Map.of(
        "javax.net.ssl.keyStore", server.keyStore().toString(),
        "javax.net.ssl.keyStorePassword", TestKeys.PASSWORD,
        "javax.net.ssl.keyStoreType", "PKCS12")::get, Map.of(
        "FLUME_SSL_KEYSTORE_PATH", tmp.resolve("missing.p12").toString(),
        "FLUME_SSL_KEYSTORE_PASSWORD", "wrong",
        "FLUME_SSL_KEYSTORE_TYPE", "JKS")::get));
  }

  @Test
  void sinkTrustStoreFromGlobals() throws Exception {
    Channel down = fx.memoryChannel("down", 1000, 100);
    AvroSource source = fx.source("r1", down, ownKeys());
    fx.globals = new GlobalTlsSettings(
        Map.of("javax.net.ssl.trustStore", server.trustStore().toString())::get,
        Map.of("FLUME_SSL_TRUSTSTORE_PASSWORD", TestKeys.PASSWORD,
            "FLUME_SSL_TRUSTSTORE_TYPE", "JKS")::get);
    Channel up = fx.memoryChannel("up", 1000, 100);
    AvroSink sink = fx.sink("k1", up, source.boundPort(), Map.of("ssl", "true"),
        Clock.systemUTC());
    assertDelivers(sink, up, down);
  }

  @Test
  void componentTrustStoreBeatsAGlobalThatTrustsSomeoneElse() throws Exception {
    TestKeys stranger = TestKeys.create(tmp, "stranger");
    Channel down = fx.memoryChannel("down", 1000, 100);
    AvroSource source = fx.source("r1", down, ownKeys());
    fx.globals = systemProperties(Map.of(
        "javax.net.ssl.trustStore", stranger.trustStore().toString(),
        "javax.net.ssl.trustStorePassword", TestKeys.PASSWORD));
    Channel up = fx.memoryChannel("up", 1000, 100);
    AvroSink strangers = fx.sink("k1", up, source.boundPort(), Map.of("ssl", "true"),
        Clock.systemUTC());
    put(up, events(0, 5));
    assertThrows(EventDeliveryException.class, strangers::process,
        "the global trust store does not trust the server");
    assertEquals(5, up.size());
    AvroSink own = fx.sink("k2", up, source.boundPort(), ownTrust(), Clock.systemUTC());
    assertEquals(Status.READY, own.process());
    assertEquals(List.of("e0", "e1", "e2", "e3", "e4"),
        drain(down, 10).stream().map(AvroFixture::body).toList());
  }

  @Test
  void globalProtocolFilterOnTheServerRefusesAClientThatOnlySpeaksTls13() throws Exception {
    Channel down = fx.memoryChannel("down", 1000, 100);
    fx.globals = systemProperties(Map.of("flume.ssl.include.protocols", "TLSv1.2"));
    AvroSource source = fx.source("r1", down, ownKeys());
    fx.globals = NONE;
    Channel up = fx.memoryChannel("up", 1000, 100);
    Map<String, String> tls13 = new HashMap<>(ownTrust());
    tls13.put("include-protocols", "TLSv1.3");
    AvroSink modern = fx.sink("k1", up, source.boundPort(), tls13, Clock.systemUTC());
    put(up, events(0, 5));
    EventDeliveryException e = assertThrows(EventDeliveryException.class, modern::process);
    String message = causes(e);
    assertTrue(message.contains("127.0.0.1:" + source.boundPort()), message);
    assertTrue(message.toLowerCase(Locale.ROOT).contains("protocol"), message);
    assertEquals(5, up.size());

    tls13.put("include-protocols", "TLSv1.2 TLSv1.3");
    AvroSink either = fx.sink("k2", up, source.boundPort(), tls13, Clock.systemUTC());
    assertEquals(Status.READY, either.process(), "TLSv1.2 is what the server allows");
    assertEquals(5, drain(down, 10).size());
  }

  private static String causes(Throwable t) {
    StringBuilder b = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      b.append(c.getMessage()).append(" / ");
    }
    return b.toString();
  }
}
