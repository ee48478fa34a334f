package io.sluice.rpc.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A watch that is the only one open polls its connection for the next frame before it sleeps;
 * it never polls while another watch is open or other calls are in progress, and stops polling
 * as soon as they start.
 */
class FrameWatcherPollingTest {
  private static final long LONG_SPIN = TimeUnit.SECONDS.toNanos(5);
  private static final BooleanSupplier NEVER = () -> false;
  private final ByteBufAllocator alloc = UnpooledByteBufAllocator.DEFAULT;
  private final List<AutoCloseable> open = new ArrayList<>();
  private ServerSocketChannel listener;

  @BeforeEach
  void listen() throws IOException {
    listener = ServerSocketChannel.open()
        .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    open.add(listener);
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  @Test
  void aLoneWatchCatchesTheNextFrameWhilePolling() throws Exception {
    Pair pair = connect();
    FrameWatcher watcher = watcher(LONG_SPIN);
    try (FrameWatcher.Watch watch = watcher.watch(pair.server, alloc)) {
      CompletableFuture<Void> late = sendLater(pair.client, frame(1, 300), 30);
      FrameWatcher.Outcome out = watch.next(1 << 20, deadline(10_000), NEVER, NEVER);
      late.join();
      assertNotNull(out.frame(), "no frame read");
      assertEquals(12 + 300, out.frame().readableBytes());
      out.frame().release();
    }
    assertEquals(1, watcher.spinSpells());
    assertEquals(1, watcher.framesCaughtSpinning());
    assertEquals(1, watcher.framesRead());
  }

  @Test
  void bytesCaughtByAPollAreNeverLost() throws Exception {
    Pair pair = connect();
    FrameWatcher watcher = watcher(LONG_SPIN);
    byte[] frame = frame(7, 100);
    try (FrameWatcher.Watch watch = watcher.watch(pair.server, alloc)) {
      CompletableFuture<Void> first = sendLater(pair.client, slice(frame, 0, 5), 20);
      CompletableFuture<Void> rest = first.thenCompose(
          v -> sendLater(pair.client, slice(frame, 5, frame.length), 100));
      FrameWatcher.Outcome out = watch.next(1 << 20, deadline(10_000), NEVER, NEVER);
      rest.join();
      // The pause after the first piece ends the watch (it is longer than the wait) unless this
      // thread was held up past it: either way every byte read comes back, in order.
      ByteBuf got = out.frame() != null ? out.frame() : out.rest();
      try {
        assertTrue(got.readableBytes() >= 5, "lost the polled bytes");
        byte[] bytes = ByteBufUtil.getBytes(got);
        assertArrayEquals(slice(frame, 0, bytes.length), bytes);
      } finally {
        got.release();
      }
    }
    assertEquals(1, watcher.framesCaughtSpinning());
  }

  @Test
  void noWatchPollsWhileAnotherIsOpen() throws Exception {
    Pair a = connect();
    Pair b = connect();
    FrameWatcher watcher = watcher(LONG_SPIN);
    long start = System.nanoTime();
    try (FrameWatcher.Watch first = watcher.watch(a.server, alloc);
        FrameWatcher.Watch second = watcher.watch(b.server, alloc)) {
      assertEndsQuietly(first.next(1 << 20, deadline(10_000), NEVER, NEVER));
    }
    assertEquals(0, watcher.spinSpells());
    assertTrue(System.nanoTime() - start < LONG_SPIN / 2, "polled although another watch was open");
  }

  @Test
  void noWatchPollsWhileOtherCallsAreInProgress() throws Exception {
    Pair pair = connect();
    FrameWatcher watcher = watcher(LONG_SPIN);
    try (FrameWatcher.Watch watch = watcher.watch(pair.server, alloc)) {
      assertEndsQuietly(watch.next(1 << 20, deadline(10_000), NEVER, () -> true));
    }
    assertEquals(0, watcher.spinSpells());
  }

  @Test
  void pollingStopsOnceOtherCallsStart() throws Exception {
    Pair pair = connect();
    FrameWatcher watcher = watcher(LONG_SPIN);
    AtomicBoolean busy = new AtomicBoolean();
    long start = System.nanoTime();
    try (FrameWatcher.Watch watch = watcher.watch(pair.server, alloc)) {
      CompletableFuture<Void> later = CompletableFuture.runAsync(() -> busy.set(true),
          CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS));
      assertEndsQuietly(watch.next(1 << 20, deadline(10_000), NEVER, busy::get));
      later.join();
    }
    assertEquals(1, watcher.spinSpells());
    assertEquals(0, watcher.framesCaughtSpinning());
    assertTrue(System.nanoTime() - start < LONG_SPIN / 2, "kept polling while others were busy");
  }

  @Test
  void pollingEndsAtTheWatchDeadline() throws Exception {
    Pair pair = connect();
    FrameWatcher watcher = watcher(LONG_SPIN);
    long start = System.nanoTime();
    try (FrameWatcher.Watch watch = watcher.watch(pair.server, alloc)) {
      assertEndsQuietly(watch.next(1 << 20, deadline(100), NEVER, NEVER));
    }
    assertEquals(1, watcher.spinSpells());
    assertTrue(System.nanoTime() - start < LONG_SPIN / 2, "polled past the watch's deadline");
  }

  @Test
  void aPeerClosingDuringAPollEndsTheWatch() throws Exception {
    Pair pair = connect();
    FrameWatcher watcher = watcher(LONG_SPIN);
    long start = System.nanoTime();
    try (FrameWatcher.Watch watch = watcher.watch(pair.server, alloc)) {
      CompletableFuture<Void> close = CompletableFuture.runAsync(() -> {
        try {
          pair.client.close();
        } catch (IOException e) {
          throw new RuntimeException(e);
        }
      }, CompletableFuture.delayedExecutor(30, TimeUnit.MILLISECONDS));
      assertEndsQuietly(watch.next(1 << 20, deadline(10_000), NEVER, NEVER));
      close.join();
    }
    long took = System.nanoTime() - start;
    assertEquals(1, watcher.spinSpells());
    assertTrue(took >= TimeUnit.MILLISECONDS.toNanos(25), "did not poll until the peer closed");
    assertTrue(took < LONG_SPIN / 2, "kept polling a closed connection");
  }

  @Test
  void aFrameOfSeveralBuffersCaughtWhilePollingIsReadWhole() throws Exception {
    Pair pair = connect();
    FrameWatcher watcher = watcher(LONG_SPIN);
    byte[] frame = ByteBuffer.allocate(8 + 4 + 9000 + 4 + 300).putInt(4).putInt(2).putInt(9000)
        .put(new byte[9000]).putInt(300).put(new byte[300]).array();
    try (FrameWatcher.Watch watch = watcher.watch(pair.server, alloc)) {
      CompletableFuture<Void> late = sendLater(pair.client, frame, 30);
      FrameWatcher.Outcome out = watch.next(1 << 20, deadline(10_000), NEVER, NEVER);
      late.join();
      assertNotNull(out.frame(), "no frame read");
      try {
        assertArrayEquals(frame, ByteBufUtil.getBytes(out.frame()));
      } finally {
        out.frame().release();
      }
    }
    assertEquals(1, watcher.framesCaughtSpinning());
  }

  @Test
  void noSpinTimeMeansNoPolling() throws Exception {
    Pair pair = connect();
    FrameWatcher watcher = watcher(0);
    try (FrameWatcher.Watch watch = watcher.watch(pair.server, alloc)) {
      pair.client.write(ByteBuffer.wrap(frame(1, 10)));
      FrameWatcher.Outcome out = watch.next(1 << 20, deadline(10_000), NEVER, NEVER);
      assertNotNull(out.frame(), "no frame read");
      out.frame().release();
    }
    assertEquals(0, watcher.spinSpells());
    assertEquals(1, watcher.framesRead());
  }

  private static void assertEndsQuietly(FrameWatcher.Outcome out) {
    assertNull(out.frame(), "a frame out of nothing");
    assertEquals(0, out.rest().readableBytes());
    out.rest().release();
  }

  private FrameWatcher watcher(long spinNanos) {
    FrameWatcher w = new FrameWatcher(1, spinNanos);
    open.add(w);
    return w;
  }

  private record Pair(SocketChannel client, SocketChannel server) {}

  private Pair connect() throws IOException {
    SocketChannel client = SocketChannel.open(listener.getLocalAddress());
    open.add(client);
    SocketChannel server = listener.accept();
    open.add(server);
    server.configureBlocking(false);
    return new Pair(client, server);
  }

  private static long deadline(long millis) {
    return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
  }

  private static CompletableFuture<Void> sendLater(SocketChannel to, byte[] bytes, long millis) {
    return CompletableFuture.runAsync(() -> {
      try {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
          to.write(b);
        }
      } catch (IOException e) {
        throw new RuntimeException(e);
      }
    }, CompletableFuture.delayedExecutor(millis, TimeUnit.MILLISECONDS));
  }

  /** A one-buffer frame: serial, buffer count 1, length, then {@code payload} filler bytes. */
  private static byte[] frame(int serial, int payload) {
    return ByteBuffer.allocate(12 + payload).putInt(serial).putInt(1).putInt(payload).array();
  }

  private static byte[] slice(byte[] b, int from, int to) {
    return java.util.Arrays.copyOfRange(b, from, to);
  }
}
