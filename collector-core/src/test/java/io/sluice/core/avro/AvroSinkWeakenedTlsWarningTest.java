package io.sluice.core.avro;

import static io.sluice.core.avro.AvroFixture.drain;
import static io.sluice.core.avro.AvroFixture.events;
import static io.sluice.core.avro.AvroFixture.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.Channel;
import io.sluice.api.Status;
import io.sluice.rpc.LogCapture;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #16 (review §4): a sink whose TLS check the operator switched off says so once at start,
 * naming itself, and still delivers; a sink with every check on says nothing.
 */
class AvroSinkWeakenedTlsWarningTest {
  private final AvroFixture fx = new AvroFixture();
  @TempDir Path tmp;

  @AfterEach
  void close() {
    fx.close();
  }

  @Test
  void trustAllCertsAndAnUncheckedHostNameAreEachOneWarningNamingTheSink() throws Exception {
    TestKeys keys = TestKeys.create(tmp, "server");
    Channel down = fx.memoryChannel("down", 1000, 100);
    AvroSource source = fx.source("r1", down, Map.of("ssl", "true", "keystore",
        keys.keyStore().toString(), "keystore-password", TestKeys.PASSWORD,
        "keystore-type", "PKCS12"));
    Map<String, String> trusted = Map.of("ssl", "true", "truststore",
        keys.trustStore().toString(), "truststore-password", TestKeys.PASSWORD);
    try (LogCapture log = LogCapture.capture()) {
      delivers("trusting", source, down, Map.of("ssl", "true", "trust-all-certs", "true"));
      Map<String, String> unchecked = new HashMap<>(trusted);
      unchecked.put("ssl-verify-hostname", "false");
      delivers("unchecked", source, down, unchecked);
      delivers("checked", source, down, trusted);
      List<String> lines = log.linesContaining("Avro sink ");
      assertEquals(2, lines.size(), lines.toString());
      assertTrue(lines.get(0).startsWith("WARN Avro sink trusting: trust-all-certs = true: any "
          + "certificate is accepted from 127.0.0.1:" + source.boundPort()), lines.get(0));
      assertTrue(lines.get(1).startsWith("WARN Avro sink unchecked: ssl-verify-hostname = false"),
          lines.get(1));
    }
  }

  private void delivers(String sink, AvroSource source, Channel down, Map<String, String> tls)
      throws Exception {
    Channel up = fx.memoryChannel(sink + "-up", 1000, 100);
    AvroSink s = fx.sink(sink, up, source.boundPort(), tls, Clock.systemUTC());
    put(up, events(0, 5));
    assertEquals(Status.READY, s.process());
    assertEquals(5, drain(down, 100).size(), sink + " delivered");
  }
}
