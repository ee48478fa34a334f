package io.sluice.core.avro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.core.testutil.Configs;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestTimeoutsTest {

  @Test
  void explicitTimeoutIsHonouredAsGiven() {
    RequestTimeouts t = new RequestTimeouts(Duration.ofMillis(300));
    t.observed(5_000_000);
    assertEquals(Duration.ofMillis(300), t.next());
  }

  @Test
  void unsetTimeoutFollowsLatencyButNeverUndercutsTheNextHopsKeepAlive() {
    RequestTimeouts t = new RequestTimeouts(null);
    assertEquals(Duration.ofSeconds(6), t.next(), "nothing observed yet: the floor");
    t.observed(1_000); // 1 ms batches
    assertEquals(Duration.ofSeconds(6), t.next(),
        "a fast peer still gets its channel's 3 s keep-alive plus as much again");
    for (int i = 0; i < 100; i++) {
      t.observed(900_000); // 900 ms batches: a loaded next hop
    }
    assertEquals(9000, t.next().toMillis(), 100);
    for (int i = 0; i < 100; i++) {
      t.observed(30_000_000);
    }
    assertEquals(Duration.ofSeconds(20), t.next(), "never over Flume's 20 s default");
  }

  @Test
  void theFloorIsAboveTheDefaultChannelKeepAliveWithRoomForAnFsync() {
    Duration keepAlive = Duration.ofMillis(Math.round(
        io.sluice.core.channel.file.FileChannelFactory.KEEP_ALIVE.defaultValue() * 1000));
    assertTrue(RequestTimeouts.FLOOR.compareTo(keepAlive.plusSeconds(2)) >= 0,
        "floor " + RequestTimeouts.FLOOR + " vs keep-alive " + keepAlive);
    assertEquals(keepAlive, Duration.ofMillis(Math.round(
        io.sluice.core.channel.memory.MemoryChannelFactory.KEEP_ALIVE.defaultValue() * 1000)));
  }

  @Test
  void sinkDefaultsConnectWithinTwoSecondsAndSizeTheReplyWait() {
    AvroSinkConfig c = Configs.configure(new AvroSinkFactory(),
        Map.of("hostname", "127.0.0.1", "port", "4141"));
    assertEquals(Duration.ofSeconds(2), c.connectTimeout());
    assertNull(c.requestTimeout(), "unset: sized from observed latency");
  }
}
