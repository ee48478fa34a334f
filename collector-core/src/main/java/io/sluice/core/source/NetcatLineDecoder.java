package io.sluice.core.source;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Cuts a netcat stream into '\n'-terminated {@link NetcatLine}s of at most {@code maxLength}
 * bytes; a '\r' right before the '\n' is dropped. A longer line yields its first {@code maxLength}
 * bytes as a truncated line as soon as they are in, and the rest of it, up to its '\n', is skipped
 * as it arrives: a connection never buffers more than {@code maxLength} plus one read. Text left
 * without '\n' when the peer closes is one last line. One instance per connection, used on its
 * event loop only.
 */
final class NetcatLineDecoder extends ByteToMessageDecoder {
  private final int maxLength;
  private boolean skipping;

  NetcatLineDecoder(int maxLength) {
    this.maxLength = maxLength;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    while (in.isReadable()) {
      if (skipping) {
        int lf = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
        if (lf < 0) {
          in.skipBytes(in.readableBytes());
          return;
        }
        in.readerIndex(lf + 1);
        skipping = false;
        continue;
      }
      // maxLength bytes, then maybe a '\r', then the '\n'
      int window = Math.min(in.readableBytes(), maxLength + 2);
      int lf = in.indexOf(in.readerIndex(), in.readerIndex() + window, (byte) '\n');
      if (lf >= 0) {
        int length = lf - in.readerIndex();
        if (length > 0 && in.getByte(lf - 1) == '\r') {
          length--;
        }
        out.add(take(in, length, length > maxLength));
        in.readerIndex(lf + 1);
      } else if (in.readableBytes() >= maxLength + 2) {
        out.add(take(in, maxLength, true));
        skipping = true;
      } else {
        return;
      }
    }
  }

  @Override
  protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    decode(ctx, in, out);
    if (in.isReadable()) {
      out.add(take(in, in.readableBytes(), false));
    }
  }

  /** The next {@code length} bytes, cut to {@code maxLength}; advances past the kept bytes. */
  private NetcatLine take(ByteBuf in, int length, boolean truncated) {
    byte[] body = new byte[Math.min(length, maxLength)];
    in.readBytes(body);
    return new NetcatLine(body, truncated);
  }
}
