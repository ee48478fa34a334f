package io.sluice.rpc.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.sluice.rpc.wire.Frame;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReplyWriterTest {
  private final List<ByteBuf> payloads = new ArrayList<>();
  private final List<ByteBuf> allocated = new ArrayList<>();
  private final EmbeddedChannel channel = new EmbeddedChannel();

  @BeforeEach
  void trackFrameBuffers() {
    channel.config().setAllocator(new AbstractByteBufAllocator(false) {
      @Override
      protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
        return track(Unpooled.buffer(initialCapacity, maxCapacity));
      }

      @Override
      protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
        return track(Unpooled.directBuffer(initialCapacity, maxCapacity));
      }

      @Override
      public boolean isDirectBufferPooled() {
        return false;
      }

      private ByteBuf track(ByteBuf b) {
        allocated.add(b);
        return b;
      }
    });
  }

  @AfterEach
  void noBufferLeaks() {
    channel.finishAndReleaseAll();
    for (ByteBuf p : payloads) {
      assertEquals(0, p.refCnt(), "a reply payload was not released");
    }
    for (ByteBuf b : allocated) {
      assertEquals(0, b.refCnt(), "a framed reply was not released");
    }
  }

  @Test
  void aWholeReplyGoesStraightToTheSocketFramed() {
    SocketStub socket = new SocketStub(Integer.MAX_VALUE);
    ReplyWriter writer = new ReplyWriter(channel, socket);

    writer.write(7, payload(1, 2, 3));
    writer.write(8, payload());

    assertArrayEquals(concat(frame(7, 1, 2, 3), emptyFrame(8)), socket.bytes());
    channel.runPendingTasks();
    assertNull(channel.readOutbound(), "nothing may also go through the pipeline");
  }

  @Test
  void aReplyTheSocketTakesOnlyPartlyIsFinishedByThePipelineAndLaterRepliesFollowInOrder() {
    SocketStub socket = new SocketStub(12 + 3 + 5); // the first frame and 5 bytes of the second
    ReplyWriter writer = new ReplyWriter(channel, socket);

    writer.write(1, payload(1, 2, 3));
    writer.write(2, payload(4, 5, 6, 7));
    writer.write(3, payload(8));

    assertArrayEquals(concat(frame(1, 1, 2, 3), prefix(frame(2, 4, 5, 6, 7), 5)), socket.bytes());
    assertEquals(2, socket.calls, "once a reply went through the pipeline, all later ones must");
    channel.runPendingTasks();
    byte[] rest = concat(readOutboundBytes(), readOutboundBytes());
    assertArrayEquals(concat(suffix(frame(2, 4, 5, 6, 7), 5), frame(3, 8)), rest);
    assertNull(channel.readOutbound());
  }

  @Test
  void repliesGoStraightToTheSocketAgainOnceThePipelineHasWrittenItsShare() {
    SocketStub socket = new SocketStub(12 + 1 + 4);
    ReplyWriter writer = new ReplyWriter(channel, socket);

    writer.write(1, payload(1));
    writer.write(2, payload(2));
    assertEquals(1, writer.pipelineWrites());
    channel.runPendingTasks(); // the pipeline writes the rest of reply 2
    assertArrayEquals(suffix(frame(2, 2), 4), readOutboundBytes());
    assertEquals(0, writer.pipelineWrites());

    socket.room = Integer.MAX_VALUE;
    writer.write(3, payload(3));

    assertArrayEquals(concat(frame(1, 1), concat(prefix(frame(2, 2), 4), frame(3, 3))),
        socket.bytes());
    channel.runPendingTasks();
    assertNull(channel.readOutbound());
  }

  @Test
  void aBrokenSocketClosesTheConnection() {
    assertAFailingSocketClosesTheConnection(new IOException("Connection reset by peer"));
  }

  @Test
  void anUnexpectedFailureOfTheSocketAlsoClosesTheConnection() {
    assertAFailingSocketClosesTheConnection(new IllegalStateException("surprise"));
  }

  private void assertAFailingSocketClosesTheConnection(Exception failure) {
    SocketStub socket = new SocketStub(Integer.MAX_VALUE);
    socket.failure = failure;
    ReplyWriter writer = new ReplyWriter(channel, socket);

    writer.write(1, payload(1));

    channel.runPendingTasks();
    assertFalse(channel.isOpen());
  }

  @Test
  void withoutADirectSocketRepliesGoThroughThePipelineAsFrames() {
    ReplyWriter writer = new ReplyWriter(channel, null);

    writer.write(5, payload(9, 9));

    Frame frame = assertInstanceOf(Frame.class, channel.readOutbound());
    assertEquals(5, frame.serial());
    assertArrayEquals(new byte[] {9, 9}, ByteBufUtil.getBytes(frame.payload()));
    frame.release();
  }

  private ByteBuf payload(int... bytes) {
    ByteBuf b = Unpooled.buffer(bytes.length);
    for (int v : bytes) {
      b.writeByte(v);
    }
    payloads.add(b);
    return b;
  }

  private byte[] readOutboundBytes() {
    ByteBuf b = channel.readOutbound();
    try {
      return ByteBufUtil.getBytes(b);
    } finally {
      b.release();
    }
  }

  private static byte[] frame(int serial, int... payload) {
    ByteBuffer b = ByteBuffer.allocate(12 + payload.length).putInt(serial).putInt(1)
        .putInt(payload.length);
    for (int v : payload) {
      b.put((byte) v);
    }
    return b.array();
  }

  private static byte[] emptyFrame(int serial) {
    return ByteBuffer.allocate(8).putInt(serial).putInt(0).array();
  }

  private static byte[] prefix(byte[] b, int n) {
    return Arrays.copyOf(b, n);
  }

  private static byte[] suffix(byte[] b, int from) {
    return Arrays.copyOfRange(b, from, b.length);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(a);
    out.writeBytes(b);
    return out.toByteArray();
  }

  /** A socket whose send buffer takes {@code room} bytes in all. */
  private static final class SocketStub implements DirectWrite {
    private final ByteArrayOutputStream taken = new ByteArrayOutputStream();
    private int room;
    private int calls;
    private Exception failure;

    SocketStub(int room) {
      this.room = room;
    }

    @Override
    public void writeNow(ByteBuffer bytes) throws IOException {
      calls++;
      if (failure instanceof IOException e) {
        throw e;
      }
      if (failure != null) {
        throw (RuntimeException) failure;
      }
      int n = Math.min(room, bytes.remaining());
      byte[] chunk = new byte[n];
      bytes.get(chunk);
      taken.writeBytes(chunk);
      room -= n;
    }

    byte[] bytes() {
      return taken.toByteArray();
    }
  }
}
