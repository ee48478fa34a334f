package io.sluice.rpc.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Which frames a watch reads whole (one buffer or several, within the limits) and which it hands
 * back for the pipeline; it never reads past the frame it returns.
 */
class FrameWatcherFramesTest {
  private static final int MAX_FRAME = 64 * 1024;
  // Waits far longer than any case takes: each returns as soon as it has decided, never on a pause.
  private final FrameWatcher watcher = new FrameWatcher(5_000, 0);
  private ServerSocketChannel listener;
  private SocketChannel client;
  private SocketChannel server;
  private FrameWatcher.Watch watch;

  @BeforeEach
  void connect() throws IOException {
    listener = ServerSocketChannel.open()
        .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    client = SocketChannel.open(listener.getLocalAddress());
    server = listener.accept();
    server.configureBlocking(false);
    watch = watcher.watch(server, UnpooledByteBufAllocator.DEFAULT);
  }

  @AfterEach
  void close() throws IOException {
    watch.close();
    watcher.close();
    client.close();
    server.close();
    listener.close();
  }

  @Test
  void aFrameOfSeveralBuffersIsReadWholeAndItsPayloadJoined() throws Exception {
    byte[] frame = frame(9, bytes(5, 1), bytes(0, 0), bytes(7, 50));
    send(frame);
    ByteBuf got = nextFrame();
    assertArrayEquals(frame, ByteBufUtil.getBytes(got));
    ByteBuf payload = FrameWatcher.payload(got);
    try {
      assertArrayEquals(concat(bytes(5, 1), bytes(7, 50)), ByteBufUtil.getBytes(payload));
    } finally {
      payload.release();
      got.release();
    }
    assertEquals(0, got.refCnt(), "the payload's parts were not all released");
    assertEquals(1, watcher.framesRead());
  }

  @Test
  void framesSentBackToBackAreReadOneAtATime() throws Exception {
    byte[] first = frame(1, bytes(3000, 1), bytes(3000, 2), bytes(10, 3));
    byte[] second = frame(2, bytes(20, 4));
    byte[] third = frame(3, bytes(100, 5), bytes(1, 6));
    send(concat(first, concat(second, third)));
    for (byte[] expected : new byte[][] {first, second, third}) {
      ByteBuf got = nextFrame();
      try {
        assertArrayEquals(expected, ByteBufUtil.getBytes(got));
      } finally {
        got.release();
      }
    }
  }

  @Test
  void aFrameOfTooManyBuffersIsLeftToThePipeline() throws Exception {
    byte[] header = ByteBuffer.allocate(12).putInt(1)
        .putInt(FrameWatcher.MAX_WATCHED_BUFFERS + 1).putInt(1).array();
    assertHandedBack(concat(header, bytes(1, 0)), header, false);
  }

  @Test
  void anEmptyFrameIsHandedBackWithWhatFollowsIt() throws Exception {
    byte[] empty = ByteBuffer.allocate(8).putInt(1).putInt(0).array();
    byte[] next = frame(2, bytes(4, 0));
    // The first read takes 12 bytes: those of the next frame go back after the empty one.
    assertHandedBack(concat(empty, next), concat(empty, Arrays.copyOf(next, 4)), true);
  }

  @Test
  void aNegativeLengthIsHandedBackAsSoonAsItIsRead() throws Exception {
    byte[] bad = ByteBuffer.allocate(12 + 10 + 4).putInt(1).putInt(2).putInt(10).put(bytes(10, 0))
        .putInt(-5).array();
    assertHandedBack(concat(bad, bytes(100, 9)), bad, true);
  }

  @Test
  void buffersAddingUpPastTheLimitAreHandedBackWithoutReadingThem() throws Exception {
    byte[] start = ByteBuffer.allocate(12 + 40_000 + 4).putInt(1).putInt(2).putInt(40_000)
        .put(bytes(40_000, 0)).putInt(30_000).array();
    assertHandedBack(concat(start, bytes(30_000, 1)), start, false);
  }

  private void assertHandedBack(byte[] sent, byte[] expectedRest, boolean refused)
      throws Exception {
    send(sent);
    FrameWatcher.Outcome out = watch.next(MAX_FRAME, deadline(), () -> false, () -> false);
    assertNull(out.frame(), "took a frame it should leave to the pipeline");
    assertEquals(refused, out.unsupported(), "unsupported");
    try {
      assertArrayEquals(expectedRest, ByteBufUtil.getBytes(out.rest()));
    } finally {
      out.rest().release();
    }
  }

  private ByteBuf nextFrame() throws IOException {
    FrameWatcher.Outcome out = watch.next(MAX_FRAME, deadline(), () -> false, () -> false);
    if (out.rest() != null) {
      out.rest().release();
    }
    assertNotNull(out.frame(), "no frame read");
    return out.frame();
  }

  private void send(byte[] bytes) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    while (b.hasRemaining()) {
      client.write(b);
    }
  }

  private static long deadline() {
    return System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
  }

  private static byte[] frame(int serial, byte[]... buffers) {
    int size = 8 + Arrays.stream(buffers).mapToInt(b -> 4 + b.length).sum();
    ByteBuffer f = ByteBuffer.allocate(size).putInt(serial).putInt(buffers.length);
    for (byte[] b : buffers) {
      f.putInt(b.length).put(b);
    }
    return f.array();
  }

  private static byte[] bytes(int n, int seed) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * 7 + seed);
    }
    return b;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
