package io.sluice.core.source;

import io.sluice.rpc.server.WarnThrottle;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.LoggerFactory;

/**
 * A netcat source's warnings about its clients, each kind throttled on its own (as the Avro
 * source's), so a flood of clients costs a few log lines per interval, not one each. One instance
 * per running source, shared by its connections. Thread-safe.
 */
final class NetcatWarnings {
  private static final Duration INTERVAL = Duration.ofSeconds(10);

  /** Connections over max-connections or max-connections-per-peer. */
  final WarnThrottle limited;
  final WarnThrottle idle;
  final WarnThrottle truncated;
  /** Lines the channel refused. */
  final WarnThrottle refused;

  NetcatWarnings(ScheduledExecutorService scheduler) {
    var log = LoggerFactory.getLogger(NetcatSource.class);
    limited = new WarnThrottle(log, "refused connections", scheduler, INTERVAL);
    idle = new WarnThrottle(log, "idle connections closed", scheduler, INTERVAL);
    truncated = new WarnThrottle(log, "connections with over-long lines", scheduler, INTERVAL);
    refused = new WarnThrottle(log, "lines the channel refused", scheduler, INTERVAL);
  }

  /** Logs what is still held back; run when the source stops. */
  void reportHeldBack() {
    List.of(limited, idle, truncated, refused).forEach(WarnThrottle::reportHeldBack);
  }
}
