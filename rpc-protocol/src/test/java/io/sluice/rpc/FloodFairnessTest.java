package io.sluice.rpc;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.Event;
import io.sluice.rpc.server.AvroRpcServer;
import io.sluice.rpc.server.BatchHandler;
import io.sluice.rpc.server.RpcServerConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * One connection pipelining calls as fast as it can does not starve another on the same I/O
 * thread: while the flood goes on, the other's calls are answered after at most a read buffer or
 * two of the flood's calls. The bound is counted in the flood's calls answered meanwhile, not in
 * milliseconds, which on a loaded two-core machine measure the scheduler (a fair server's probes
 * took 31-56 ms there, an unfair one's 114-210 ms; in calls: 504 against 2,015, every time).
 */
class FloodFairnessTest {
  private static final int CALLS_PER_WRITE = 4_000;
  private static final int PROBES = 60;
  /** The most one read brings in: Netty's adaptive receive buffer grows to 64 KiB. */
  private static final int READ_BYTES = 64 * 1024;
  /** A sanity bound only: a probe unanswered this long under the flood is starved. */
  private static final long MAX_PROBE_MILLIS = 1_000;

  /** Takes every call on the I/O thread, as a memory channel with room does. */
  private static final class CountingHandler implements BatchHandler {
    final AtomicLong events = new AtomicLong();

    @Override
    public CompletionStage<RpcStatus> appendBatch(List<Event> batch, SocketAddress peer) {
      return CompletableFuture.completedFuture(appendBatchNow(batch, peer).orElseThrow());
    }

    @Override
    public Optional<RpcStatus> appendBatchNow(List<Event> batch, SocketAddress peer) {
      events.addAndGet(batch.size());
      return Optional.of(RpcStatus.OK);
    }
  }

  @Test
  void aPipeliningFloodDoesNotStarveAnotherConnectionOnTheSameIoThread() throws Exception {
    CountingHandler handler = new CountingHandler();
    try (AvroRpcServer server = new AvroRpcServer(RpcServerConfig.builder().bind("127.0.0.1")
            .ioThreads(1).build(), handler).start();
        RawPeer flooder = new RawPeer(server.boundPort(), 0).handshake();
        RawPeer probe = new RawPeer(server.boundPort(), 0).handshake()) {
      byte[] calls = smallCalls();
      Thread writer = new Thread(() -> {
        try {
          while (!Thread.currentThread().isInterrupted()) {
            flooder.out.write(calls);
          }
        } catch (IOException closed) {
          // the test is over
        }
      }, "flood-writer");
      Thread reader = new Thread(() -> {
        byte[] sink = new byte[1 << 16];
        try {
          while (flooder.in.read(sink) >= 0) {
            // replies are read so the flooder is never a slow reader
          }
        } catch (IOException closed) {
          // the test is over
        }
      }, "flood-reader");
      writer.start();
      reader.start();
      long[] millis = new long[PROBES];
      long[] floodCalls = new long[PROBES];
      try {
        long floodStart = handler.events.get();
        while (handler.events.get() - floodStart < 10L * CALLS_PER_WRITE) {
          Thread.onSpinWait(); // the flood is under way before the first probe
        }
        List<Event> one = List.of(Event.of(Map.of(), "probe".getBytes(StandardCharsets.UTF_8)));
        for (int i = 0; i < PROBES; i++) {
          long start = System.nanoTime();
          long floodBefore = handler.events.get();
          probe.call(i + 1, one);
          millis[i] = (System.nanoTime() - start) / 1_000_000;
          floodCalls[i] = handler.events.get() - floodBefore - 1;
        }
      } finally {
        writer.interrupt();
        flooder.close();
        writer.join(10_000);
        reader.join(10_000);
      }
      Arrays.sort(millis);
      Arrays.sort(floodCalls);
      // a fair turn answers the frames of one read (the calls already read are not put back)
      long callsPerRead = READ_BYTES / (calls.length / CALLS_PER_WRITE);
      String seen = String.format("flood calls answered while a probe waited: median %d, p90 %d, worst %d"
          + " (%d in one read); probe latency: median %d ms, p90 %d ms, worst %d ms; %d events",
          floodCalls[PROBES / 2], floodCalls[PROBES * 9 / 10], floodCalls[PROBES - 1], callsPerRead,
          millis[PROBES / 2], millis[PROBES * 9 / 10], millis[PROBES - 1], handler.events.get());
      System.out.println(seen);
      assertTrue(floodCalls[PROBES / 2] <= 2 * callsPerRead, seen);
      assertTrue(floodCalls[PROBES * 9 / 10] <= 3 * callsPerRead, seen);
      assertTrue(millis[PROBES * 9 / 10] <= MAX_PROBE_MILLIS, seen);
    }
  }

  /** Serials above the probe's; one 100-byte event each, the flood's smallest useful call. */
  private static byte[] smallCalls() {
    byte[] call = RawPeer.batchPayload(List.of(Event.of(Map.of(), new byte[100])));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int serial = 1_000; serial < 1_000 + CALLS_PER_WRITE; serial++) {
      out.writeBytes(RawPeer.frame(serial, call));
    }
    return out.toByteArray();
  }
}
