package io.sluice.rpc.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Reverse DNS for {@code ipFilterRules}' {@code name} rules, off the event loops: lookups run on a
 * few threads of the server's own, which exist only while there is something to look up. An
 * answer is cached for a minute (a bounded number of addresses), and a lookup for an address
 * already being looked up joins it, so a peer reconnecting in a loop costs one lookup. A lookup
 * that fails, or that finds every thread busy and the queue full, gives the address text, which
 * is what {@link InetAddress#getHostName()} gives for an address without a PTR record. Callers
 * bound the wait themselves ({@link IpFilterHandler}). One instance per server. Thread-safe.
 */
final class HostNameResolver implements AutoCloseable {
  private static final int THREADS = 2;
  private static final int QUEUED = 256;
  private static final int CACHED = 4096;
  private static final long CACHE_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final Function<InetAddress, String> lookup;
  private final ThreadPoolExecutor pool;
  private final Map<InetAddress, CompletableFuture<String>> inFlight = new ConcurrentHashMap<>();
  private final Map<InetAddress, Answer> cache = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<InetAddress, Answer> eldest) {
      return size() > CACHED;
    }
  };

  private record Answer(String name, long at) {}

  /** @param lookup the blocking reverse lookup; returns null or "" when there is no name */
  HostNameResolver(ThreadFactory threads, Function<InetAddress, String> lookup) {
    this.lookup = lookup;
    pool = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(QUEUED), threads);
    pool.allowCoreThreadTimeOut(true);
  }

  /** The JDK's lookup, on a fresh address object so no cached name is reused. */
  static String reverseLookup(InetAddress address) {
    try {
      return InetAddress.getByAddress(address.getAddress()).getHostName();
    } catch (UnknownHostException impossible) { // only for a malformed byte array
      return address.getHostAddress();
    }
  }

  /** Completes with the host name (or the address text, see the class comment); never blocks. */
  CompletableFuture<String> hostName(InetAddress address) {
    String known = cached(address);
    if (known != null) {
      return CompletableFuture.completedFuture(known);
    }
    CompletableFuture<String> created = new CompletableFuture<>();
    CompletableFuture<String> running = inFlight.putIfAbsent(address, created);
    if (running != null) {
      return running;
    }
    try {
      pool.execute(() -> resolve(address, created));
    } catch (RejectedExecutionException busyOrClosed) {
      inFlight.remove(address, created);
      created.complete(address.getHostAddress());
    }
    return created;
  }

  private void resolve(InetAddress address, CompletableFuture<String> result) {
    String name;
    try {
      name = lookup.apply(address);
    } catch (RuntimeException failed) {
      name = null;
    }
    if (name == null || name.isEmpty()) {
      name = address.getHostAddress();
    }
    synchronized (cache) {
      cache.put(address, new Answer(name, System.nanoTime()));
    }
    inFlight.remove(address, result);
    result.complete(name);
  }

  private String cached(InetAddress address) {
    synchronized (cache) {
      Answer a = cache.get(address);
      if (a == null) {
        return null;
      }
      if (System.nanoTime() - a.at() > CACHE_NANOS) {
        cache.remove(address);
        return null;
      }
      return a.name();
    }
  }

  /** Stops the lookup threads; a lookup still running in the JDK is abandoned. */
  @Override
  public void close() {
    pool.shutdownNow();
  }
}
