package io.sluice.rpc.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;

/**
 * Writes a {@link Frame} as one data pack holding a single buffer (zero buffers when the payload
 * is empty), as one composite buffer so a zlib layer flushes once per frame. The encoder base class
 * releases the Frame after encoding, so the payload is retained into the output. Stateless.
 */
@Sharable
public final class FrameEncoder extends MessageToMessageEncoder<Frame> {
  @Override
  protected void encode(ChannelHandlerContext ctx, Frame frame, List<Object> out) {
    ByteBuf payload = frame.payload();
    boolean empty = !payload.isReadable();
    ByteBuf header = ctx.alloc().buffer(12);
    header.writeInt(frame.serial()).writeInt(empty ? 0 : 1);
    if (empty) {
      out.add(header);
      return;
    }
    header.writeInt(payload.readableBytes());
    out.add(ctx.alloc().compositeBuffer(2).addComponents(true, header, payload.retain()));
  }
}
