package io.sluice.rpc.server;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.LoggerFactory;

/**
 * The server's warnings about peers and calls, each kind throttled on its own ({@link
 * WarnThrottle}), so a flood of refused or faulty connections costs a few log lines per interval
 * rather than one each. One instance per server, shared by its connections. Thread-safe.
 */
final class ServerWarnings {
  final WarnThrottle refused;
  final WarnThrottle denied;
  final WarnThrottle faults;
  final WarnThrottle calls;

  ServerWarnings(ScheduledExecutorService scheduler, Duration interval) {
    refused = new WarnThrottle(LoggerFactory.getLogger(ConnectionLimiter.class),
        "refused connections", scheduler, interval);
    denied = new WarnThrottle(LoggerFactory.getLogger(IpFilterHandler.class),
        "connections denied by ipFilterRules", scheduler, interval);
    faults = new WarnThrottle(LoggerFactory.getLogger(PeerFaultLogger.class),
        "connections closed for a peer fault", scheduler, interval);
    calls = new WarnThrottle(LoggerFactory.getLogger(ServerConnection.class),
        "calls answered with a failure", scheduler, interval);
  }

  /** Logs what is still held back; run when the server closes. */
  void reportHeldBack() {
    List.of(refused, denied, faults, calls).forEach(WarnThrottle::reportHeldBack);
  }
}
