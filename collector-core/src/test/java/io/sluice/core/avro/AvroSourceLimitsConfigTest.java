package io.sluice.core.avro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.config.ConfigException;
import io.sluice.core.testutil.Configs;
import io.sluice.rpc.server.RpcServerConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue #16: the Avro source's resource-limit keys, their defaults and their errors. */
class AvroSourceLimitsConfigTest {
  private final AvroSourceFactory sources = new AvroSourceFactory();

  private static Map<String, String> source(String... kv) {
    Map<String, String> m = new HashMap<>(Map.of("bind", "0.0.0.0", "port", "4141"));
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  @Test
  void defaultsAreGenerousAndDerived() {
    RpcServerConfig c = Configs.configure(sources, source()).toServerConfig(null);
    assertEquals(32 << 20, c.maxEventBytes());
    assertEquals(1024, c.maxHeadersPerEvent());
    assertEquals(64 << 10, c.maxHeaderBytesPerEvent());
    assertEquals(4096 / 4, c.maxConnectionsPerPeer());
    assertEquals(Math.max(Runtime.getRuntime().maxMemory() / 4, 64 << 20), c.maxBufferedBytes());
    assertEquals(Duration.ofSeconds(60), c.idleTimeout());
    assertEquals(Duration.ofMinutes(10), c.connectionIdleTimeout());
    assertEquals(Duration.ofSeconds(30), c.writeTimeout());
    // a smaller frame limit brings the default event limit down with it
    assertEquals(1 << 20, Configs.configure(sources, source("max-frame-bytes", "1048576"))
        .toServerConfig(null).maxEventBytes());
    assertEquals(25, Configs.configure(sources, source("max-connections", "100"))
        .toServerConfig(null).maxConnectionsPerPeer());
  }

  @Test
  void keysReachTheServer() {
    RpcServerConfig c = Configs.configure(sources, source("max-event-bytes", "1000",
        "max-headers-per-event", "8", "max-header-bytes-per-event", "256",
        "max-connections-per-peer", "3", "max-buffered-bytes", "134217728",
        "connection-idle-timeout", "0", "write-timeout", "5")).toServerConfig(null);
    assertEquals(1000, c.maxEventBytes());
    assertEquals(8, c.maxHeadersPerEvent());
    assertEquals(256, c.maxHeaderBytesPerEvent());
    assertEquals(3, c.maxConnectionsPerPeer());
    assertEquals(128L << 20, c.maxBufferedBytes());
    assertEquals(Duration.ZERO, c.connectionIdleTimeout());
    assertEquals(Duration.ofSeconds(5), c.writeTimeout());
  }

  @Test
  void badValuesNameTheirKey() {
    assertProblem(source("max-event-bytes", "1048577", "max-frame-bytes", "1048576"),
        "max-event-bytes");
    assertProblem(source("max-buffered-bytes", "1024"), "max-buffered-bytes");
    for (String key : new String[] {"max-headers-per-event", "max-header-bytes-per-event",
        "max-connections-per-peer", "max-buffered-bytes", "connection-idle-timeout",
        "write-timeout", "max-event-bytes"}) {
      var r = Configs.parse(sources, source(key, "-1"));
      assertFalse(r.ok(), key);
      assertTrue(r.problems().toString().contains(key), r.problems().toString());
    }
  }

  private void assertProblem(Map<String, String> config, String key) {
    ConfigException e = assertThrows(ConfigException.class,
        () -> Configs.configure(sources, config));
    assertEquals(key, e.problems().get(0).key(), e.getMessage());
  }
}
