package io.sluice.rpc.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {
  private final EmbeddedChannel channel =
      new EmbeddedChannel(new FrameDecoder(1024, true, Duration.ofSeconds(1)));

  /** serial 7, buffers "hello" and " world" (as Avro splits big messages). */
  private static ByteBuf twoBufferFrame(int serial) {
    ByteBuf b = Unpooled.buffer();
    b.writeInt(serial).writeInt(2);
    b.writeInt(5).writeBytes("hello".getBytes(StandardCharsets.US_ASCII));
    b.writeInt(6).writeBytes(" world".getBytes(StandardCharsets.US_ASCII));
    return b;
  }

  @Test
  void reassemblesAFrameFedOneByteAtATime() {
    ByteBuf whole = twoBufferFrame(7);
    while (whole.isReadable()) {
      assertNull(channel.readInbound());
      channel.writeInbound(whole.readRetainedSlice(1));
    }
    whole.release();
    Frame frame = channel.readInbound();
    assertEquals(7, frame.serial());
    assertEquals("hello world", frame.payload().toString(StandardCharsets.US_ASCII));
    frame.release();
    channel.finishAndReleaseAll();
  }

  @Test
  void decodesSeveralFramesFromOneRead() {
    channel.writeInbound(Unpooled.wrappedBuffer(twoBufferFrame(1), twoBufferFrame(2)));
    Frame a = channel.readInbound();
    Frame b = channel.readInbound();
    assertEquals(1, a.serial());
    assertEquals(2, b.serial());
    a.release();
    b.release();
    channel.finishAndReleaseAll();
  }

  @Test
  void refusesALengthOverTheFrameLimitAtOnce() {
    ByteBuf claim = Unpooled.buffer().writeInt(1).writeInt(1).writeInt(1021);
    DecoderException e = assertThrows(DecoderException.class, () -> channel.writeInbound(claim));
    assertTrue(e.getCause() instanceof PeerViolationException, e.toString());
    assertTrue(e.getCause().getMessage().contains("claimed a buffer of 1021 bytes"));
    channel.finishAndReleaseAll();
  }
}
