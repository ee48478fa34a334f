package io.sluice.rpc.server;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts open connections, server-wide and per remote address, so one host cannot take every
 * slot. Public so the other TCP sources (netcat) cap their connections alike. Thread-safe.
 */
public final class ConnectionSlots {
  private final AtomicInteger open = new AtomicInteger();
  private final ConcurrentMap<InetAddress, Integer> perPeer = new ConcurrentHashMap<>();
  private final int max;
  private final int maxPerPeer;

  public ConnectionSlots(int max, int maxPerPeer) {
    this.max = max;
    this.maxPerPeer = maxPerPeer;
  }

  /** Takes a slot for {@code peer}; null if taken, else why not (for the log line). */
  public String tryTake(InetAddress peer) {
    if (open.incrementAndGet() > max) {
      open.decrementAndGet();
      return "server already has maxConnections=" + max + " connections";
    }
    boolean[] taken = {false};
    perPeer.compute(peer, (p, n) -> {
      int have = n == null ? 0 : n;
      if (have >= maxPerPeer) {
        return n;
      }
      taken[0] = true;
      return have + 1;
    });
    if (!taken[0]) {
      open.decrementAndGet();
      return "its address already has maxConnectionsPerPeer=" + maxPerPeer + " connections";
    }
    return null;
  }

  public void give(InetAddress peer) {
    perPeer.computeIfPresent(peer, (p, n) -> n == 1 ? null : n - 1);
    open.decrementAndGet();
  }

  public int open() {
    return open.get();
  }
}
