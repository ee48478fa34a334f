package io.sluice.rpc.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.time.Duration;
import java.util.List;

/**
 * Decodes data packs (4-byte serial, 4-byte buffer count, then count times a 4-byte length and
 * that many bytes) into {@link Frame}s.
 *
 * <p>Memory is bounded: a count or length is checked against {@code maxFrameBytes} as soon as it
 * is read, and bytes are only kept as they arrive (buffers are retained slices of what was
 * received, never a pre-allocated array of the claimed size); {@link #heldBytes()} says how many
 * are held. Timing out a stalled frame is the server's job (its {@code FrameTimeout}). Not
 * sharable: one instance per channel, used only on its event loop.
 */
public final class FrameDecoder extends ByteToMessageDecoder {
  private static final int NO_FRAME = -1;
  private static final int NO_LENGTH = -1;

  private final int maxFrameBytes;
  private final boolean plainTextPort;

  private boolean firstBytesChecked;
  private int serial;
  private int buffersLeft = NO_FRAME;
  private int currentLength = NO_LENGTH;
  private long frameBytes;
  private ByteBuf parts;

  /**
   * @param plainTextPort whether this decoder sees raw socket bytes (no TLS below it), in which
   *     case a TLS ClientHello is reported as such rather than as a bad frame
   */
  public FrameDecoder(int maxFrameBytes, boolean plainTextPort) {
    this.maxFrameBytes = maxFrameBytes;
    this.plainTextPort = plainTextPort;
  }

  /** As {@link #FrameDecoder(int, boolean)}; {@code idleTimeout} is not used any more. */
  public FrameDecoder(int maxFrameBytes, boolean plainTextPort, Duration idleTimeout) {
    this(maxFrameBytes, plainTextPort);
  }

  /** Whether part of a frame is waiting for the rest (event loop only). */
  public boolean holdsBytes() {
    return buffersLeft != NO_FRAME || actualReadableBytes() > 0;
  }

  /** Bytes of an incomplete frame held, received but not yet passed on (event loop only). */
  public long heldBytes() {
    return actualReadableBytes() + (parts == null ? 0 : parts.readableBytes());
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (!firstBytesChecked) {
      if (in.readableBytes() < 3) {
        return;
      }
      firstBytesChecked = true;
      if (plainTextPort && looksLikeTlsHello(in)) {
        throw new PeerViolationException("sent a TLS handshake to a plain-text (non-TLS) port");
      }
    }
    while (true) {
      if (buffersLeft == NO_FRAME && !readHeader(ctx, in)) {
        return;
      }
      if (!readBuffers(in)) {
        return;
      }
      out.add(new Frame(serial, parts));
      parts = null;
      buffersLeft = NO_FRAME;
    }
  }

  private boolean readHeader(ChannelHandlerContext ctx, ByteBuf in) {
    if (in.readableBytes() < 8) {
      return false;
    }
    serial = in.readInt();
    int count = in.readInt();
    if (count < 0 || (long) count * 4 > maxFrameBytes) {
      throw new PeerViolationException(
          "claimed " + Integer.toUnsignedString(count) + " buffers in one frame, limit "
              + (maxFrameBytes / 4) + " (maxFrameBytes " + maxFrameBytes + ")");
    }
    buffersLeft = count;
    frameBytes = 0;
    // A frame of one buffer (Sluice's client sends one) is passed on as that buffer, which
    // decoding reads faster than a composite; several buffers are joined without copying.
    parts = count == 1 ? null : ctx.alloc().compositeBuffer(Integer.MAX_VALUE);
    return true;
  }

  private boolean readBuffers(ByteBuf in) {
    while (buffersLeft > 0) {
      if (currentLength == NO_LENGTH) {
        if (in.readableBytes() < 4) {
          return false;
        }
        int length = in.readInt();
        frameBytes += 4 + Integer.toUnsignedLong(length);
        if (length < 0 || frameBytes > maxFrameBytes) {
          throw new PeerViolationException(
              "claimed a buffer of " + Integer.toUnsignedString(length)
                  + " bytes, frame limit is " + maxFrameBytes + " bytes");
        }
        currentLength = length;
      }
      if (in.readableBytes() < currentLength) {
        return false;
      }
      if (parts == null) {
        parts = in.readRetainedSlice(currentLength);
      } else if (currentLength > 0) {
        ((CompositeByteBuf) parts).addComponent(true, in.readRetainedSlice(currentLength));
      }
      currentLength = NO_LENGTH;
      buffersLeft--;
    }
    return true;
  }

  private static boolean looksLikeTlsHello(ByteBuf in) {
    int i = in.readerIndex();
    return in.getByte(i) == 0x16 && in.getByte(i + 1) == 0x03 && in.getByte(i + 2) <= 0x04;
  }

  @Override
  protected void handlerRemoved0(ChannelHandlerContext ctx) {
    if (parts != null) {
      parts.release();
      parts = null;
    }
  }
}
