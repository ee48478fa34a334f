package io.sluice.rpc.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;

/**
 * Writes a {@link Frame} as one data pack holding a single buffer (zero buffers when the payload
 * is empty), as one buffer so a zlib layer flushes once per frame: small payloads copied behind
 * the header, large ones in a composite without copying (retained there, since the encoder base
 * class releases the Frame after encoding). Stateless.
 */
@Sharable
public final class FrameEncoder extends MessageToMessageEncoder<Frame> {
  /** Payloads up to this size are copied next to their header. */
  private static final int SMALL_PAYLOAD = 512;

  @Override
  protected void encode(ChannelHandlerContext ctx, Frame frame, List<Object> out) {
    ByteBuf payload = frame.payload();
    int length = payload.readableBytes();
    if (length == 0) {
      out.add(ctx.alloc().buffer(8).writeInt(frame.serial()).writeInt(0));
      return;
    }
    if (length <= SMALL_PAYLOAD) {
      // Replies: one small buffer, so one write(2) rather than a composite and writev(2).
      out.add(ctx.alloc().buffer(12 + length).writeInt(frame.serial()).writeInt(1)
          .writeInt(length).writeBytes(payload));
      return;
    }
    ByteBuf header = ctx.alloc().buffer(12).writeInt(frame.serial()).writeInt(1).writeInt(length);
    out.add(ctx.alloc().compositeBuffer(2).addComponents(true, header, payload.retain()));
  }
}
