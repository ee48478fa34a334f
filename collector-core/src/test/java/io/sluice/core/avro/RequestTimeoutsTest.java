package io.sluice.core.avro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

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
  void unsetTimeoutFollowsLatencyBetweenOneAndTwoSeconds() {
    RequestTimeouts t = new RequestTimeouts(null);
    assertEquals(Duration.ofSeconds(2), t.next(), "nothing observed yet: the ceiling");
    t.observed(1_000); // 1 ms batches
    assertEquals(Duration.ofSeconds(1), t.next(), "never under the floor");
    for (int i = 0; i < 100; i++) {
      t.observed(150_000); // 150 ms batches
    }
    assertEquals(1500, t.next().toMillis(), 20);
    for (int i = 0; i < 100; i++) {
      t.observed(900_000);
    }
    assertEquals(Duration.ofSeconds(2), t.next(), "never over the ceiling: a hung peer is left in 2 s");
  }

  @Test
  void sinkDefaultsDetectAHungPeerWithinTwoSeconds() {
    AvroSinkConfig c = Configs.configure(new AvroSinkFactory(),
        Map.of("hostname", "127.0.0.1", "port", "4141"));
    assertEquals(Duration.ofSeconds(2), c.connectTimeout());
    assertNull(c.requestTimeout(), "unset: sized from observed latency");
  }
}
