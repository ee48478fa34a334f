package io.sluice.edge.syslog;

import io.sluice.api.spi.ComponentMetrics;
import io.sluice.api.spi.ComponentMetrics.Counter;
import java.util.function.LongSupplier;

/**
 * A syslog source's counters: Flume's {@code EventReceivedCount}, {@code EventAcceptedCount} and
 * {@code ChannelWriteFail} (UDP datagrams dropped for a full channel), plus Sluice's
 * {@code InvalidCount}, {@code IncompleteCount}, {@code ChannelFullEpisodes} (TCP reads paused),
 * {@code ConnectionsClosedForFaults} and the {@code OpenConnections} gauge. Thread-safe.
 */
final class SyslogCounters {
  final Counter received;
  final Counter accepted;
  final Counter dropped;
  final Counter invalid;
  final Counter incomplete;
  final Counter channelFullEpisodes;
  final Counter faultyConnections;
  final Counter refusedConnections;
  private final ComponentMetrics metrics;

  SyslogCounters(ComponentMetrics metrics) {
    this.metrics = metrics;
    received = metrics.counter("EventReceivedCount");
    accepted = metrics.counter("EventAcceptedCount");
    dropped = metrics.counter("ChannelWriteFail");
    invalid = metrics.counter("InvalidCount");
    incomplete = metrics.counter("IncompleteCount");
    channelFullEpisodes = metrics.counter("ChannelFullEpisodes");
    faultyConnections = metrics.counter("ConnectionsClosedForFaults");
    refusedConnections = metrics.counter("ConnectionsRefusedCount");
  }

  /** The same received, accepted and dropped counters, with the drops by reason, for UDP. */
  UdpReceiver.Counters udp() {
    return UdpReceiver.Counters.of(metrics);
  }

  void openConnections(LongSupplier open) {
    metrics.gauge("OpenConnections", open);
  }
}
