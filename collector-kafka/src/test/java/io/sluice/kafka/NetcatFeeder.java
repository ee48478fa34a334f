package io.sluice.kafka;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * A steady test load for a netcat source: sends 0, 1, 2, ... at {@code ratePerSecond}, one line per
 * acknowledgement, on a thread of its own until {@link #stop()}. A line the source refuses
 * ("FAILED: ...", its channel could not take it) is sent again after a pause, as a client would, so
 * the events acknowledged are always 0 .. n-1.
 */
final class NetcatFeeder {
  private static final long RETRY_PAUSE_NANOS = 100_000_000L;
  private final int ratePerSecond;
  private final int max;
  private final AtomicInteger acknowledged = new AtomicInteger();
  private final AtomicInteger refused = new AtomicInteger();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private final Thread thread;

  /** Starts feeding the netcat source on {@code port}, at most {@code max} events. */
  NetcatFeeder(int port, int ratePerSecond, int max) {
    this.ratePerSecond = ratePerSecond;
    this.max = max;
    thread = new Thread(() -> feed(port), "test-netcat-feeder");
    thread.start();
  }

  private void feed(int port) {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      OutputStream out = s.getOutputStream();
      BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      long start = System.nanoTime();
      int i = 0;
      while (running.get() && i < max) {
        LockSupport.parkNanos(start + i * 1_000_000_000L / ratePerSecond - System.nanoTime());
        out.write((i + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        String answer = in.readLine();
        if ("OK".equals(answer)) {
          acknowledged.incrementAndGet();
          i++;
        } else if (answer != null && answer.startsWith("FAILED")) {
          refused.incrementAndGet();
          LockSupport.parkNanos(RETRY_PAUSE_NANOS);
        } else {
          throw new IOException("netcat answered " + answer + " to event " + i);
        }
      }
    } catch (IOException e) {
      failure.set(e);
    }
  }

  int acknowledged() {
    return acknowledged.get();
  }

  /** Lines the source answered FAILED to (each sent again). */
  int refused() {
    return refused.get();
  }

  /** Ends the load; returns how many events the source acknowledged (0 .. n-1). */
  int stop() throws Exception {
    running.set(false);
    thread.join(30_000);
    if (failure.get() != null) {
      throw failure.get();
    }
    return acknowledged.get();
  }
}
